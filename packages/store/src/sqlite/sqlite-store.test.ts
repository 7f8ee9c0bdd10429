// SQLite store against a real file on a temp dir: migrations, jobs, events, artifacts, scorecards, tokens.
import Database from 'better-sqlite3';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Job, JobEvent, Scorecard } from '@distillery/schemas';
import { ConflictError, NotFoundError } from '../errors.js';
import { InvalidCursorError } from '../cursor.js';
import type { Store } from '../store.js';
import { benchmarkSpec, quantizeSpec, scorecardBody } from '../test-fixtures/fixtures.js';
import { createSqliteStore } from './sqlite-store.js';

let dataDir: string;
let store: Store;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'distillery-store-'));
  store = createSqliteStore({ dataDir });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('database file', () => {
  it('is a WAL-mode SQLite file under the data dir, migrated once however often it is opened', async () => {
    const second = createSqliteStore({ dataDir });
    await second.close();
    const raw = new Database(path.join(dataDir, 'distillery.db'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT id FROM migrations').all()).toEqual([{ id: 1 }]);
    raw.close();
    expect(await store.health()).toMatchObject({ ok: true });
  });
});

describe('jobs', () => {
  it('records a queued job that validates against the shared Job schema', async () => {
    const job = await store.createJob({
      id: 'job_aaaa0001',
      spec: benchmarkSpec('first'),
      idempotencyKey: 'k1',
    });
    expect(Job.parse(job)).toEqual(job);
    expect(job).toMatchObject({
      status: 'queued',
      kind: 'benchmark',
      name: 'first',
      device: 'cpu',
      idempotencyKey: 'k1',
    });
    expect(await store.getJobByIdempotencyKey('k1')).toEqual(job);
    expect(await store.getJob('job_missing1')).toBeNull();
  });

  it('refuses a second job with the same id or idempotency key', async () => {
    await store.createJob({ id: 'job_aaaa0001', spec: benchmarkSpec(), idempotencyKey: 'k1' });
    await expect(store.createJob({ id: 'job_aaaa0001', spec: benchmarkSpec() })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      store.createJob({ id: 'job_aaaa0002', spec: benchmarkSpec(), idempotencyKey: 'k1' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('pages newest first through every job exactly once, with status and kind filters', async () => {
    for (let i = 0; i < 7; i++) {
      await store.createJob({ id: `job_page000${i}`, spec: i % 2 ? quantizeSpec() : benchmarkSpec() });
    }
    await store.updateJob('job_page0003', { status: 'running' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Store['listJobs']>> = await store.listJobs({ limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `job_page000${i}`));

    const quantize = await store.listJobs({ limit: 10, kind: 'quantize' });
    expect(quantize.items.map((j) => j.id)).toEqual(['job_page0005', 'job_page0003', 'job_page0001']);
    const running = await store.listJobs({ limit: 10, status: 'running' });
    expect(running.items.map((j) => j.id)).toEqual(['job_page0003']);
    expect(running.nextCursor).toBeNull();
    await expect(store.listJobs({ limit: 3, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('patches fields, transitions only from the expected status, and reports unknown ids', async () => {
    await store.createJob({ id: 'job_aaaa0001', spec: benchmarkSpec() });
    const running = await store.updateJob('job_aaaa0001', {
      status: 'running',
      progress: { step: 3, total: 10, stage: 'train', loss: 0.5 },
      startedAt: '2026-11-28T12:00:00.000Z',
    });
    expect(running).toMatchObject({
      status: 'running',
      progress: { step: 3, total: 10, loss: 0.5 },
      startedAt: '2026-11-28T12:00:00.000Z',
    });
    expect(await store.transitionJob('job_aaaa0001', ['queued'], { status: 'cancelled' })).toBeNull();
    expect((await store.getJob('job_aaaa0001'))?.status).toBe('running');
    const done = await store.transitionJob('job_aaaa0001', ['running'], {
      status: 'succeeded',
      costUsd: 0.0123,
    });
    expect(done).toMatchObject({ status: 'succeeded', costUsd: 0.0123 });
    await expect(store.updateJob('job_missing1', { status: 'failed' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes a job together with its events', async () => {
    await store.createJob({ id: 'job_aaaa0001', spec: benchmarkSpec() });
    await store.appendEvent('job_aaaa0001', { type: 'status', status: 'queued' });
    await store.deleteJob('job_aaaa0001');
    expect(await store.getJob('job_aaaa0001')).toBeNull();
    expect(await store.listEvents('job_aaaa0001', -1)).toEqual([]);
  });
});

describe('events', () => {
  it('numbers events 0,1,2… per job even when two connections (API and worker) append to one file', async () => {
    await store.createJob({ id: 'job_aaaa0001', spec: benchmarkSpec() });
    await store.createJob({ id: 'job_bbbb0001', spec: benchmarkSpec() });
    const worker = createSqliteStore({ dataDir });
    for (let i = 0; i < 10; i++) {
      await (i % 2 ? worker : store).appendEvent('job_aaaa0001', {
        type: 'progress',
        step: i,
        total: 10,
        loss: 1 / (i + 1),
      });
    }
    await worker.appendEvent('job_bbbb0001', { type: 'log', message: 'other job' });
    await worker.close();

    const events = await store.listEvents('job_aaaa0001', -1);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const e of events) expect(JobEvent.parse(e)).toEqual(e);
    expect((await store.listEvents('job_aaaa0001', 6)).map((e) => e.seq)).toEqual([7, 8, 9]);
    expect((await store.listEvents('job_aaaa0001', -1, 2)).map((e) => e.seq)).toEqual([0, 1]);
    expect((await store.listEvents('job_bbbb0001', -1)).map((e) => e.seq)).toEqual([0]);
  });

  it('refuses events for an unknown job', async () => {
    await expect(store.appendEvent('job_missing1', { type: 'log', message: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('artifacts', () => {
  function writeModel(dir: string, weights: number[]): string {
    mkdirSync(path.join(dir, 'shards'), { recursive: true });
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'layers-model' }));
    writeFileSync(
      path.join(dir, 'shards', 'group1-shard1of1.bin'),
      Buffer.from(new Float32Array(weights).buffer),
    );
    return dir;
  }

  it('moves a folder under artifacts/<id>, with the id a hash of the files, and imports identical content once', async () => {
    const src = writeModel(path.join(dataDir, 'tmp-a'), [1, 2, 3]);
    const art = await store.importArtifact({ kind: 'model', name: 'mlp', role: 'teacher', params: 3 }, src);
    expect(art.id).toMatch(/^art_[a-f0-9]{24}$/);
    expect(art.contentHash.startsWith(art.id.slice(4))).toBe(true);
    expect(art.sizeBytes).toBe(JSON.stringify({ format: 'layers-model' }).length + 12);
    expect(existsSync(src)).toBe(false);
    expect(store.artifactDir(art.id)).toBe(path.join(dataDir, 'artifacts', art.id));
    expect(readFileSync(path.join(store.artifactDir(art.id), 'model.json'), 'utf8')).toContain(
      'layers-model',
    );
    expect(await store.listArtifactFiles(art.id)).toEqual([
      { path: 'model.json', sizeBytes: 25 },
      { path: 'shards/group1-shard1of1.bin', sizeBytes: 12 },
    ]);

    const again = await store.importArtifact(
      { kind: 'model', name: 'mlp copy' },
      writeModel(path.join(dataDir, 'tmp-b'), [1, 2, 3]),
    );
    expect(again).toEqual(art);
    const other = await store.importArtifact(
      { kind: 'model', name: 'mlp2' },
      writeModel(path.join(dataDir, 'tmp-c'), [1, 2, 4]),
    );
    expect(other.id).not.toBe(art.id);

    const page = await store.listArtifacts({ limit: 10, kind: 'model' });
    expect(page.items.map((a) => a.id).sort()).toEqual([art.id, other.id].sort());
    await expect(store.listArtifactFiles('art_ffffffffffffffffffffffff')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('scorecards', () => {
  it('addresses a scorecard by the hash of its body and keeps it readable once published', async () => {
    const body = scorecardBody('job_aaaa0001');
    const card = await store.putScorecard(body);
    expect(card.id).toMatch(/^sc_[a-f0-9]{24}$/);
    expect(Scorecard.parse(card)).toEqual(card);
    expect(card.published).toBe(false);
    // Key order does not change the address.
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as typeof body;
    expect((await store.putScorecard(reordered)).id).toBe(card.id);
    const changed = await store.putScorecard(scorecardBody('job_aaaa0001', 0.5));
    expect(changed.id).not.toBe(card.id);
    expect((await store.getScorecardByJob('job_aaaa0001'))?.id).toBe(changed.id);

    const published = await store.publishScorecard(card.id);
    expect(published.published).toBe(true);
    const republished = await store.publishScorecard(card.id);
    expect(republished.publishedAt).toBe(published.publishedAt);
    expect((await store.listScorecards({ limit: 10, publishedOnly: true })).items.map((s) => s.id)).toEqual([
      card.id,
    ]);
    expect((await store.listScorecards({ limit: 10 })).items).toHaveLength(2);
    await expect(store.publishScorecard('sc_ffffffffffffffffffffffff')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('tokens', () => {
  it('stores only a hash, verifies the secret, and stops accepting it once revoked', async () => {
    const { token, secret } = await store.createToken('ci');
    expect(secret).toMatch(/^dst_[A-Za-z0-9_-]{43}$/);
    const dbBytes =
      readFileSync(path.join(dataDir, 'distillery.db')).toString('latin1') +
      readFileSync(path.join(dataDir, 'distillery.db-wal')).toString('latin1');
    expect(dbBytes.includes(secret)).toBe(false);
    expect((await store.verifyToken(secret))?.id).toBe(token.id);
    expect(await store.verifyToken(secret + 'x')).toBeNull();
    const revoked = await store.revokeToken(token.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await store.verifyToken(secret)).toBeNull();
    await expect(store.revokeToken('tok_ffffffff')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('seeds a known secret and refuses the same secret twice', async () => {
    const seeded = await store.createToken('admin', 'my-known-admin-secret');
    expect(seeded.secret).toBe('my-known-admin-secret');
    expect((await store.verifyToken('my-known-admin-secret'))?.name).toBe('admin');
    await expect(store.createToken('again', 'my-known-admin-secret')).rejects.toBeInstanceOf(ConflictError);
    expect((await store.listTokens()).map((t) => t.name)).toEqual(['admin']);
  });
});
