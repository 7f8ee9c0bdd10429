// Replays recorded job-workflow histories against today's workflow code: a non-deterministic change fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../src/worker.js';
import { historyFromCliJson } from './history-json.js';

const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories', () => {
  it('include every job kind, and a succeeded, a cancelled and a failed job', () => {
    // The benchmark ones come from real jobs; the others from the job workflow before it ran plans (planJob), with
    // recording activities (packages/workflows/src/workflows.test.ts), so each kind's command order stays pinned.
    expect(files.sort()).toEqual([
      'benchmark-cancelled.json',
      'benchmark-failed.json',
      'benchmark-succeeded.json',
      'distill-succeeded.json',
      'lora-succeeded.json',
      'pipeline-succeeded.json',
      'quantize-failed.json',
    ]);
  });

  it('replay deterministically against the current workflow code', async () => {
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromCliJson(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) results.push(result);
    expect(results).toHaveLength(files.length);
    for (const r of results) expect(r.error, `${r.workflowId}: ${String(r.error)}`).toBeUndefined();
  });
});
