// Integration: benchmark jobs through a real Temporal dev server, real worker processes and a real SQLite store,
// including kill -9 of the worker and of the server mid-job, cancellation, and a non-retryable failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSpec, type JobEvent, type JobSpecInput, type Scorecard } from '@distillery/schemas';
import type { Store } from '@distillery/store';
import { JOB_WORKFLOW, STAGE_QUERY, taskQueueFor, type JobWorkflowInput } from '@distillery/workflows';
import { FIXTURE_DATASET } from './fixtures.js';
import { WorkerTestStack } from './stack.js';
import { isAlive, temporalBinary, waitForEvents, type WorkerProcess } from './harness.js';

const TEMPORAL_PORT = 7450;
const TASK_QUEUE_PREFIX = 'distillery-it';
/** Short, so a killed worker's step is retried elsewhere within seconds. */
const HEARTBEAT_TIMEOUT_SECONDS = 4;
/** Enough timed calls that the first model's speed phase lasts seconds: long enough to kill or cancel it mid-way. */
const SLOW_SPEED_PHASE = { latencyIterations: 800, batchSizes: [1, 128] };
const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

let jobCounter = 0;
let uninterrupted: Scorecard | null = null;


function newJobId(): string {
  jobCounter += 1;
  return `job_it${Date.now().toString(36)}${jobCounter}`;
}

function benchmarkSpec(overrides: Partial<Extract<JobSpecInput, { kind: 'benchmark' }>> = {}): JobSpec {
  return JobSpec.parse({
    kind: 'benchmark',
    name: 'tiny mnist benchmark',
    models: [
      { type: 'registered', modelId: models.wide.id },
      { type: 'registered', modelId: models.narrow.id },
    ],
    dataset: FIXTURE_DATASET,
    batchSizes: [1, 32],
    latencyIterations: 20,
    ...overrides,
  });
}

/** What the API does: record the job, then start its workflow with the job id as workflow id. */
async function submit(spec: JobSpec): Promise<{ jobId: string; handle: WorkflowHandle }> {
  const jobId = newJobId();
  await store.createJob({ id: jobId, spec });
  const input: JobWorkflowInput = { jobId, spec, heartbeatTimeoutSeconds: HEARTBEAT_TIMEOUT_SECONDS };
  const handle = await client.workflow.start(JOB_WORKFLOW, {
    workflowId: jobId,
    taskQueue: taskQueueFor(spec.device, TASK_QUEUE_PREFIX),
    args: [input],
  });
  return { jobId, handle };
}

async function waitForStatus(jobId: string, status: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const job = await store.getJob(jobId);
    if (job?.status === status) return Date.now() - started;
    if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status) && job.status !== status) {
      throw new Error(`job ${jobId} ended ${job.status} (${job.error ?? ''}), expected ${status}\n${output.slice(-60).join('\n')}`);
    }
    if (Date.now() - started > timeoutMs) throw new Error(`job ${jobId} not ${status} after ${timeoutMs} ms (is ${job?.status})\n${output.slice(-60).join('\n')}`);
    await sleep(100);
  }
}

const measuringSpeedOf = (name: string) => (events: JobEvent[]) =>
  events.some((e) => e.type === 'progress' && e.stage === 'measure speed' && e.step === 2) &&
  events.some((e) => e.type === 'log' && e.message?.includes('runs measure')) &&
  !events.some((e) => e.type === 'metric' && e.message?.startsWith(`${name}:`));

/** Saves a finished job's workflow history (as the Temporal CLI exports it) for the replay test. */
function recordHistory(name: string, jobId: string): void {
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  // Histories are recorded once and committed; RECORD_HISTORIES=1 refreshes them after an intended workflow change.
  if (existsSync(file) && process.env.RECORD_HISTORIES !== '1') return;
  const json = execFileSync(temporalBinary(), ['workflow', 'show', '--workflow-id', jobId, '--address', temporal.address, '--output', 'json'], {
    encoding: 'utf8',
  });
  writeFileSync(file, json);
}

interface PendingHeartbeat {
  checkpoint: { quality?: { accuracy?: number } } | null;
}

/** Waits until Temporal holds a heartbeat of the running measure step that carries its quality checkpoint. */
async function waitForCheckpointAtServer(handle: WorkflowHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { raw } = await handle.describe();
    for (const pending of raw.pendingActivities ?? []) {
      const payload = pending.heartbeatDetails?.payloads?.[0]?.data;
      if (pending.activityType?.name !== 'measureCandidate' || !payload) continue;
      const details = JSON.parse(Buffer.from(payload).toString('utf8')) as PendingHeartbeat;
      if (details.checkpoint?.quality?.accuracy !== undefined) return;
    }
    await sleep(100);
  }
  throw new Error(`no checkpointed heartbeat within ${timeoutMs} ms\n${output.slice(-40).join('\n')}`);
}

const stack = new WorkerTestStack('jobs', TEMPORAL_PORT, TASK_QUEUE_PREFIX);
// Short aliases for the stack's parts, used throughout the tests below.
let store: Store;
let client: Client;
let models: WorkerTestStack['models'];
const { temporal, workers, output } = stack;
const startWorker = (): WorkerProcess => stack.startWorker();

beforeAll(async () => {
  await stack.start();
  ({ store, client, models } = stack);
});

afterAll(() => stack.stop());

describe.sequential('benchmark jobs on a real Temporal dev server', () => {
  it('runs a benchmark of two stored models to succeeded with a stored scorecard', async () => {
    const started = Date.now();
    const { jobId, handle } = await submit(benchmarkSpec());
    const result = (await handle.result()) as { scorecardId: string; headline: string };
    const job = await store.getJob(jobId);
    expect(job?.status).toBe('succeeded');
    expect(job?.scorecardId).toBe(result.scorecardId);
    expect(job?.costUsd).toBeGreaterThan(0);
    expect(await handle.query<string>(STAGE_QUERY)).toBe('succeeded');

    const scorecard = await store.getScorecard(result.scorecardId);
    expect(scorecard).not.toBeNull();
    const [wide, narrow] = scorecard!.candidates;
    expect(scorecard!.baselineId).toBe(models.wide.id);
    expect(wide!.modelId).toBe(models.wide.id);
    expect(narrow!.modelId).toBe(models.narrow.id);
    // Trained for a few seconds on 2,000 digits: far above chance (10%), not perfect.
    expect(wide!.quality.accuracy).toBeGreaterThan(0.6);
    expect(narrow!.quality.accuracy).toBeGreaterThan(0.4);
    expect(narrow!.quality.teacherAgreement).toBeGreaterThan(0.4);
    expect(narrow!.params).toBeLessThan(wide!.params);
    expect(narrow!.sizeBytes).toBeLessThan(wide!.sizeBytes);
    expect(narrow!.vsBaseline.sizeRatio).toBeCloseTo(wide!.sizeBytes / narrow!.sizeBytes, 6);
    for (const c of scorecard!.candidates) {
      expect(c.latencyMs.p50).toBeGreaterThan(0);
      expect(c.latencyMs.p99).toBeGreaterThanOrEqual(c.latencyMs.p50);
      expect(c.throughputBatch).toBe(32);
      expect(c.inferenceCostPerMillionUsd).toBeGreaterThan(0);
    }
    expect(scorecard!.paretoFrontier.length).toBeGreaterThanOrEqual(1);
    expect(scorecard!.headline.length).toBeGreaterThan(10);
    const p = scorecard!.provenance;
    expect(p.modelHashes[models.wide.id]).toBe(models.wide.contentHash);
    expect(p.datasetHash).toMatch(/^[a-f0-9]{64}$/);
    expect(p.estimatedCostUsd).toBeGreaterThan(0);
    expect(p.measuredCostUsd).toBeCloseTo(job!.costUsd!, 12);
    // Measured cost is device-seconds × the cpu price, and the job took at least those seconds end to end.
    const deviceSeconds = Object.values(p.wallSeconds).reduce((a, b) => a + b, 0);
    expect(p.measuredCostUsd).toBeCloseTo((deviceSeconds * p.priceTable.cpu.pricePerHourUsd) / 3600, 12);
    expect(deviceSeconds).toBeLessThan((Date.now() - started) / 1000 + 1);

    const events = await store.listEvents(jobId, -1, 1000);
    expect(events.filter((e) => e.type === 'status').map((e) => e.status)).toEqual(['running', 'succeeded']);
    expect(events.filter((e) => e.type === 'metric')).toHaveLength(2);
    uninterrupted = scorecard;
    console.log(`benchmark: estimate $${p.estimatedCostUsd.toExponential(2)} vs measured $${p.measuredCostUsd.toExponential(2)} (×${(p.measuredCostUsd / p.estimatedCostUsd).toFixed(2)}); ${scorecard!.headline}`);
    recordHistory('benchmark-succeeded', jobId);
  });

  it('finishes a job after its worker is killed -9 mid-step, resuming from the last checkpoint', async () => {
    const { jobId, handle } = await submit(benchmarkSpec(SLOW_SPEED_PHASE));
    await waitForCheckpointAtServer(handle, 60_000);
    const killedAt = Date.now();
    for (const w of workers) w.killHard();
    await startWorker().waitUntilPolling();
    await handle.result();
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    const job = await store.getJob(jobId);
    expect(job?.status).toBe('succeeded');
    const events = await store.listEvents(jobId, -1, 1000);
    // The retried attempt started from the checkpointed quality, not from scratch.
    expect(events.some((e) => e.type === 'log' && e.message?.includes('resumes from its last checkpoint'))).toBe(true);
    expect(events.some((e) => e.type === 'progress' && e.message === 'quality resumed from the last checkpoint')).toBe(true);
    // Same data, same models: quality equals the uninterrupted run's.
    const scorecard = await store.getScorecardByJob(jobId);
    for (const [i, c] of scorecard!.candidates.entries()) {
      expect(c.quality.accuracy).toBeCloseTo(uninterrupted!.candidates[i]!.quality.accuracy!, 9);
    }
    console.log(`worker kill -9: job finished ${recoverySeconds.toFixed(1)} s after the kill`);
  });

  it('finishes a job after the Temporal server is killed -9 and restarted on the same database', async () => {
    const { jobId, handle } = await submit(benchmarkSpec(SLOW_SPEED_PHASE));
    await waitForCheckpointAtServer(handle, 60_000);
    const killedAt = Date.now();
    temporal.killHard();
    await sleep(1000);
    await temporal.start();
    // The store is the user's view: the job must reach succeeded without anyone touching the worker.
    await waitForStatus(jobId, 'succeeded', 90_000);
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    // The store's final write comes one workflow task before the workflow closes.
    await expect(handle.result()).resolves.toMatchObject({ status: 'succeeded' });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect((await store.getScorecardByJob(jobId))?.candidates).toHaveLength(2);
    console.log(`temporal kill -9: job finished ${recoverySeconds.toFixed(1)} s after the kill`);
  });

  it('cancels a running job within 2 s and kills its compute process', async () => {
    const { jobId, handle } = await submit(benchmarkSpec(SLOW_SPEED_PHASE));
    const events = await waitForEvents(store, jobId, measuringSpeedOf(models.wide.name), 60_000, 'a running measurement');
    const pids = events
      .map((e) => /compute process (\d+) /.exec(e.message ?? '')?.[1])
      .filter((pid): pid is string => pid !== undefined)
      .map(Number);
    const computePid = pids[pids.length - 1]!;
    expect(isAlive(computePid)).toBe(true);
    const cancelledAt = Date.now();
    await handle.cancel();
    const toCancelledMs = await waitForStatus(jobId, 'cancelled', 10_000);
    expect(toCancelledMs).toBeLessThan(2000);
    while (isAlive(computePid) && Date.now() - cancelledAt < 5000) await sleep(50);
    const computeStoppedMs = Date.now() - cancelledAt;
    expect(computeStoppedMs).toBeLessThan(2000);
    const final = await store.listEvents(jobId, -1, 1000);
    expect(final.filter((e) => e.type === 'status').map((e) => e.status)).toEqual(['running', 'cancelled']);
    // The store's final write comes one workflow task before the workflow closes (cancelled, so result() rejects).
    await expect(handle.result()).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    recordHistory('benchmark-cancelled', jobId);
    console.log(`cancel: job cancelled after ${toCancelledMs} ms, compute process gone after ${computeStoppedMs} ms`);
  });

  it('quantizes a stored model into smaller variants that keep its accuracy', async () => {
    const spec = JobSpec.parse({
      kind: 'quantize',
      model: { type: 'registered', modelId: models.wide.id },
      schemes: ['uint8', 'int8-per-channel'],
      accuracyAware: true,
      calibration: FIXTURE_DATASET,
      tolerance: 0.02,
    });
    const { jobId, handle } = await submit(spec);
    await handle.result();
    const scorecard = await store.getScorecardByJob(jobId);
    const [float32, ...variants] = scorecard!.candidates;
    expect(float32!.modelId).toBe(models.wide.id);
    expect(variants.length).toBeGreaterThanOrEqual(2);
    for (const v of variants) {
      expect(v.role).toBe('quantized');
      // 8-bit weights: under a third of the float32 download.
      expect(v.sizeBytes).toBeLessThan(float32!.sizeBytes / 3);
      expect(Math.abs(v.quality.accuracy! - float32!.quality.accuracy!)).toBeLessThan(0.03);
      expect((await store.getArtifact(v.modelId))?.parentIds).toEqual([models.wide.id]);
    }
  });

  it('runs a pipeline: recipe teacher → distilled student → LoRA → quantized, with lineage and a scorecard', async () => {
    const train = { epochs: 1, batchSize: 64, maxSteps: 30, checkpointEvery: 10, learningRate: 0.003, seed: 5 };
    const spec = JobSpec.parse({
      kind: 'pipeline',
      dataset: FIXTURE_DATASET,
      teacher: { type: 'recipe', arch: { family: 'mlp', hidden: [32] }, train },
      student: { arch: { family: 'mlp', hidden: [8] }, train, temperature: 4, alpha: 0.9 },
      lora: { dataset: FIXTURE_DATASET, rank: 2, alpha: 4, train },
      quantize: { schemes: ['uint8'] },
      qualityBudget: { maxRelativeDrop: 0.5 },
    });
    const { jobId, handle } = await submit(spec);
    await handle.result();
    const scorecard = await store.getScorecardByJob(jobId);
    // uint8, plus the accuracy-aware mix unless it chose uint8 for every layer (then it is the same artifact).
    const roles = scorecard!.candidates.map((c) => c.role);
    expect(roles.slice(0, 3)).toEqual(['teacher', 'distilled', 'lora-merged']);
    expect(roles.slice(3).length).toBeGreaterThanOrEqual(1);
    expect(new Set(roles.slice(3))).toEqual(new Set(['quantized']));
    const [teacher, student, merged, quantized] = scorecard!.candidates;
    // 30 steps of 64 digits: well above chance (10%) for every model in the chain.
    for (const c of scorecard!.candidates) expect(c.quality.accuracy).toBeGreaterThan(0.3);
    expect(teacher!.trainingDeviceSeconds).toBeGreaterThan(0);
    expect(student!.trainingCostUsd).toBeGreaterThan(0);
    expect(student!.quality.teacherAgreement).toBeGreaterThan(0.3);
    // Lineage: teacher → student → (student + adapter) → quantized.
    const studentArtifact = await store.getArtifact(student!.modelId);
    expect(studentArtifact?.parentIds).toEqual([teacher!.modelId]);
    expect(studentArtifact?.jobId).toBe(jobId);
    const mergedArtifact = await store.getArtifact(merged!.modelId);
    expect(mergedArtifact?.parentIds[0]).toBe(student!.modelId);
    const adapter = await store.getArtifact(mergedArtifact!.parentIds[1]!);
    expect(adapter?.kind).toBe('adapter');
    // Rank-2 adapters on 784→8 and 8→10: (784+8)·2 + (8+10)·2 parameters.
    expect(adapter?.params).toBe((784 + 8) * 2 + (8 + 10) * 2);
    expect(merged!.params).toBe(student!.params);
    expect((await store.getArtifact(quantized!.modelId))?.parentIds).toEqual([merged!.modelId]);
    expect(quantized!.sizeBytes).toBeLessThan(merged!.sizeBytes);
    const events = await store.listEvents(jobId, -1, 1000);
    // One loss curve per model on the job page: each training reports under a stage naming its model.
    const trainingStages = ['train teacher (mlp 32)', 'distill student (mlp 8)', 'lora'];
    for (const stage of trainingStages) {
      const steps = events.filter((e) => e.type === 'progress' && e.stage === stage).map((e) => e.step ?? 0);
      expect(Math.max(...steps), stage).toBe(30);
    }
    const lossStages = new Set(events.filter((e) => e.type === 'progress' && e.loss !== undefined).map((e) => e.stage));
    expect(lossStages).toEqual(new Set(trainingStages));
    const { estimatedCostUsd, measuredCostUsd } = scorecard!.provenance;
    expect(estimatedCostUsd).toBeGreaterThan(0);
    console.log(`pipeline: estimate $${estimatedCostUsd.toExponential(2)} vs measured $${measuredCostUsd.toExponential(2)} (×${(measuredCostUsd / estimatedCostUsd).toFixed(2)}); ${scorecard!.headline}`);
  });

  it('runs a character-LM pipeline: SOTU teacher → distilled → LoRA on Moby Dick → uint8, scored in bits per char', async () => {
    const arch = (layers: number, dModel: number) => ({ family: 'char-transformer', layers, dModel, heads: 2, context: 16 });
    const train = { epochs: 2, batchSize: 32, maxSteps: 20, checkpointEvery: 10, learningRate: 0.005, optimizer: 'adamw', seed: 5 };
    const spec = JobSpec.parse({
      kind: 'pipeline',
      dataset: { name: 'sotu', trainLimit: 8000, testLimit: 2000 },
      teacher: { type: 'recipe', arch: arch(1, 32), train },
      student: { arch: arch(1, 16), train, temperature: 2, alpha: 0.8 },
      lora: { dataset: { name: 'moby-dick', trainLimit: 8000, testLimit: 2000 }, rank: 4, alpha: 8, train },
      quantize: { schemes: ['uint8'] },
      qualityBudget: { maxRelativeDrop: 0.5 },
    });
    const { jobId, handle } = await submit(spec);
    await handle.result();
    const scorecard = await store.getScorecardByJob(jobId);
    const [teacher, student, merged] = scorecard!.candidates;
    expect(scorecard!.candidates.map((c) => c.role).slice(0, 3)).toEqual(['teacher', 'distilled', 'lora-merged']);
    const vocab = JSON.parse(readFileSync(path.join(store.artifactDir(teacher!.modelId), 'vocabulary.json'), 'utf8')) as { vocab: string[] };
    const uniformBits = Math.log2(vocab.vocab.length);
    for (const c of scorecard!.candidates) {
      expect(c.quality.metric).toBe('bits-per-char');
      expect(c.quality.value).toBeCloseTo(-c.quality.bitsPerChar!, 12);
      // Trained for seconds, but every model predicts Moby Dick's next character far better than a uniform guess.
      expect(c.quality.bitsPerChar).toBeLessThan(uniformBits - 1);
      expect(c.inferenceCostPerMillionUsd).toBeGreaterThan(0);
      expect(existsSync(path.join(store.artifactDir(c.modelId), 'vocabulary.json'))).toBe(true);
    }
    // Adapting to the evaluation corpus helps on it; the student agrees with its teacher on most characters.
    expect(merged!.quality.bitsPerChar).toBeLessThan(student!.quality.bitsPerChar!);
    expect(student!.quality.teacherAgreement).toBeGreaterThan(0.3);
    console.log(`char LM: teacher ${teacher!.quality.bitsPerChar!.toFixed(3)} bpc, student ${student!.quality.bitsPerChar!.toFixed(3)}, LoRA ${merged!.quality.bitsPerChar!.toFixed(3)} (uniform ${uniformBits.toFixed(2)})`);
  });

  it('fails a job on a missing dataset with a message naming it, keeping its events', async () => {
    const { jobId, handle } = await submit(benchmarkSpec({ dataset: { name: 'no-such-dataset' } }));
    await expect(handle.result()).rejects.toThrow();
    const job = await store.getJob(jobId);
    expect(job?.status).toBe('failed');
    expect(job?.error).toContain('no-such-dataset');
    const events = await store.listEvents(jobId, -1, 1000);
    const statuses = events.filter((e) => e.type === 'status');
    expect(statuses.map((e) => e.status)).toEqual(['running', 'failed']);
    expect(statuses[1]?.message).toContain('no-such-dataset');
    // Not retried: a missing data set stays missing.
    expect(events.filter((e) => e.type === 'log' && e.message?.includes('runs estimate'))).toHaveLength(1);
    recordHistory('benchmark-failed', jobId);
  });
});
