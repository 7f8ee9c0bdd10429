// POST /uploads over real HTTP: auth, validation with line-numbered problems, size limit, content-addressed files.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UploadResult } from '@distillery/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../src/http/uploads.js';
import { ADMIN_SECRET, startTestApi, type TestApi } from './helpers/api.js';

let api: TestApi;

beforeAll(async () => {
  // Uploads never touch Temporal; nothing listens on 7549 (inside this suite's reserved range).
  api = await startTestApi({ port: 4250, temporalAddress: '127.0.0.1:7549' });
});
afterAll(async () => {
  await api?.stop();
});

async function upload(query: string, body: string | Uint8Array, token: string | null = ADMIN_SECRET) {
  const res = await fetch(`${api.url}/uploads?${query}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const uploadsDir = () => path.join(api.dataDir, 'uploads');
const spamRows = ['{"text":"win money now","label":"spam"}', '{"text":"lunch at noon?","label":"ham"}', '{"text":"free prize","label":"spam"}'].join('\n');

describe('POST /uploads', () => {
  it('stores a classification JSONL file under <data dir>/uploads/<id>.jsonl and names the dataset', async () => {
    const { status, body } = await upload('kind=classification&name=spam.jsonl', spamRows);
    expect(status).toBe(201);
    const result = UploadResult.parse(body);
    expect(result).toMatchObject({ kind: 'classification', name: 'spam.jsonl', rows: 3, bytes: Buffer.byteLength(spamRows), classNames: ['ham', 'spam'] });
    expect(result.dataset).toBe(`upload:${result.id}`);
    expect(result.id).toMatch(/^[a-f0-9]{24}$/);
    expect(readFileSync(path.join(uploadsDir(), `${result.id}.jsonl`), 'utf8')).toBe(spamRows);

    // Same bytes, same id, still one file: uploads are content-addressed.
    const again = await upload('kind=classification', spamRows);
    expect(again.body.id).toBe(result.id);
    expect(readdirSync(uploadsDir()).filter((f) => f.startsWith(result.id))).toEqual([`${result.id}.jsonl`]);
  });

  it('stores plain text as <id>.txt and counts characters', async () => {
    const text = 'It was the best of times, it was the worst of times — 🙂\n';
    const { status, body } = await upload('kind=text&name=tale.txt', text);
    expect(status).toBe(201);
    const result = UploadResult.parse(body);
    expect(result.characters).toBe(56);
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(readFileSync(path.join(uploadsDir(), `${result.id}.txt`), 'utf8')).toBe(text);
  });

  it('answers 400 listing each bad row by line and field, and stores nothing', async () => {
    const before = readdirSync(uploadsDir()).length;
    const bad = ['{"text":"ok","label":"a"}', '{"text":"no label"}', 'oops', '{"text":"fine","label":"b"}', '{"features":[1],"label":"b"}'].join('\n');
    const { status, body } = await upload('kind=classification', bad);
    expect(status).toBe(400);
    const error = body.error as { code: string; message: string; problems: { line: number; field: string | null; message: string }[] };
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'label'],
      [3, null],
      [5, 'features'],
    ]);
    expect(error.message).toContain('line 2: label: required');
    expect(readdirSync(uploadsDir())).toHaveLength(before);
  });

  it('refuses empty text, bad UTF-8, an unknown kind and a missing token', async () => {
    expect((await upload('kind=text', '  \n')).body.error).toMatchObject({ message: 'file: is empty (expected plain UTF-8 text)' });
    expect((await upload('kind=text', new Uint8Array([0x61, 0xc3, 0x28]))).body.error).toMatchObject({ message: 'file: is not valid UTF-8 text' });
    const noKind = await upload('kind=images', spamRows);
    expect(noKind.status).toBe(400);
    expect(noKind.body.error).toMatchObject({ message: 'kind: must be one of classification, text' });
    expect((await upload('kind=text', 'hello', null)).status).toBe(401);
    expect((await upload('kind=text', 'hello', 'dst_not-a-real-token-000000')).status).toBe(401);
  });

  it('answers 413 beyond its own 32 MiB limit, well above the 1 MiB tRPC limit', async () => {
    const line = `${JSON.stringify({ text: 'x'.repeat(1000), label: 'a' })}\n`;
    const twoMiB = line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)) + '{"text":"y","label":"b"}\n';
    const accepted = await upload('kind=classification', twoMiB);
    expect(accepted.status).toBe(201);
    expect(accepted.body.rows).toBe(Math.ceil((2 * 1024 * 1024) / line.length) + 1);

    const { status, body } = await upload('kind=text', new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x61));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect((body.error as { message: string }).message).toContain('over the upload limit of 33554432 bytes (32 MiB)');

    // A chunked body declares no length: the server counts while reading and stops at the limit.
    const chunk = new Uint8Array(1024 * 1024).fill(0x62);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_UPLOAD_BYTES + chunk.length) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const chunked = await fetch(`${api.url}/uploads?kind=text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_SECRET}` },
      body: stream,
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { message: string } }).error.message).toContain('file: more than the upload limit');
  });
});
