// Every HTTP request gets a request id: in the x-request-id response header and on each log line it causes.
import { createSqliteStore, type Store } from '@distillery/store';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createTemporalGateway } from '../temporal.js';
import { createApiServer, REQUEST_ID_HEADER } from './server.js';

let dataDir: string;
let store: Store;
let server: http.Server;
let url: string;
let lines: Record<string, unknown>[];

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'distillery-server-'));
  store = createSqliteStore({ dataDir });
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = createApiServer({
    store,
    // Nothing listens here: /health answers 503 without waiting long, which is all these tests need.
    temporal: createTemporalGateway({ address: '127.0.0.1:1', namespace: 'default', taskQueuePrefix: 'server-test', connectTimeoutMs: 200 }),
    consoleOrigins: ['http://localhost:3000'],
    uploadsDir: path.join(dataDir, 'uploads'),
    logger: createLogger('debug', sink),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The request lines logged so far (they are written when the response closes, just after the client has it). */
async function requestLines(count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 50 && lines.filter((l) => l.msg === 'request').length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return lines.filter((l) => l.msg === 'request');
}

describe('request ids', () => {
  it('answers every request with its own id and logs the request under it', async () => {
    const [first, second] = await Promise.all([fetch(`${url}/nowhere`), fetch(`${url}/trpc/jobs.list`)]);
    const ids = [first, second].map((res) => res.headers.get(REQUEST_ID_HEADER));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(second.status).toBe(401);

    const logged = await requestLines(2);
    expect(logged.find((l) => l.path === '/nowhere')).toMatchObject({ requestId: ids[0], status: 404, method: 'GET', level: 20 });
    expect(logged.find((l) => l.path === '/trpc/jobs.list')).toMatchObject({ requestId: ids[1], status: 401 });
  });

  it('keeps a well-formed id the caller sends and replaces one that is not', async () => {
    const kept = await fetch(`${url}/nowhere`, { headers: { [REQUEST_ID_HEADER]: 'proxy-7f3a.12' } });
    expect(kept.headers.get(REQUEST_ID_HEADER)).toBe('proxy-7f3a.12');
    const replaced = await fetch(`${url}/nowhere`, { headers: { [REQUEST_ID_HEADER]: 'has spaces; and a semicolon' } });
    expect(replaced.headers.get(REQUEST_ID_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets the console read the id across origins', async () => {
    const res = await fetch(`${url}/health`, { headers: { origin: 'http://localhost:3000' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('access-control-expose-headers')).toContain(REQUEST_ID_HEADER);
  });
});
