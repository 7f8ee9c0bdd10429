// Integration: a worker killed -9 mid-training loses at most one checkpoint interval, and two workers share a task queue.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSpec, type JobEvent, type Scorecard } from '@distillery/schemas';
import type { Store } from '@distillery/store';
import { JOB_WORKFLOW, taskQueueFor, type JobWorkflowInput } from '@distillery/workflows';
import { FIXTURE_DATASET } from './fixtures.js';
import { WorkerTestStack } from './stack.js';
import { waitForEvents, type WorkerProcess } from './harness.js';

const TEMPORAL_PORT = 7451;
const TASK_QUEUE_PREFIX = 'distillery-durability';
const HEARTBEAT_TIMEOUT_SECONDS = 4;
const CHECKPOINT_EVERY = 20;
const TOTAL_STEPS = 200;

let jobCounter = 0;


async function submit(spec: JobSpec): Promise<{ jobId: string; handle: WorkflowHandle }> {
  jobCounter += 1;
  const jobId = `job_du${Date.now().toString(36)}${jobCounter}`;
  await store.createJob({ id: jobId, spec });
  const input: JobWorkflowInput = { jobId, spec, heartbeatTimeoutSeconds: HEARTBEAT_TIMEOUT_SECONDS };
  const handle = await client.workflow.start(JOB_WORKFLOW, { workflowId: jobId, taskQueue: taskQueueFor(spec.device, TASK_QUEUE_PREFIX), args: [input] });
  return { jobId, handle };
}

/** A distillation long enough (several seconds) to be killed mid-way; no dropout, so a resumed run retraces the same steps. */
function distillSpec(): JobSpec {
  return JobSpec.parse({
    kind: 'distill',
    name: 'durability distill',
    teacher: { type: 'registered', modelId: models.wide.id },
    student: { family: 'mlp', hidden: [512, 512], dropout: 0 },
    dataset: FIXTURE_DATASET,
    temperature: 4,
    alpha: 0.9,
    cacheTeacherLogits: false,
    train: { epochs: 10, batchSize: 64, maxSteps: TOTAL_STEPS, checkpointEvery: CHECKPOINT_EVERY, learningRate: 1e-3, seed: 11 },
  });
}

/** The stage of the student's training progress: the job page draws its loss as a line of its own. */
const DISTILL_STAGE = 'distill student (mlp 512-512)';

const distillSteps = (events: JobEvent[]): number[] =>
  events.filter((e) => e.type === 'progress' && e.stage === DISTILL_STAGE && (e.step ?? 0) > 0).map((e) => e.step ?? 0);

/** The newest training step Temporal holds in the running distill step's heartbeat (0 if none yet). */
interface DistillHeartbeat {
  progress?: { stage?: string; step?: number };
  checkpoint?: { step?: number } | null;
}

/** The distillStudent activity's last heartbeat as the Temporal server holds it (what a retry would receive). */
async function distillHeartbeat(handle: WorkflowHandle): Promise<DistillHeartbeat | null> {
  const { raw } = await handle.describe();
  for (const pending of raw.pendingActivities ?? []) {
    const payload = pending.heartbeatDetails?.payloads?.[0]?.data;
    if (pending.activityType?.name !== 'distillStudent' || !payload) continue;
    return JSON.parse(Buffer.from(payload).toString('utf8')) as DistillHeartbeat;
  }
  return null;
}

async function heartbeatStep(handle: WorkflowHandle): Promise<number> {
  const details = await distillHeartbeat(handle);
  return details?.progress?.stage === DISTILL_STAGE ? (details.progress.step ?? 0) : 0;
}

/** Heartbeats are throttled, so the server may lag the worker: wait until it holds a checkpoint at `minStep` or later. */
async function waitForHeartbeatCheckpoint(handle: WorkflowHandle, minStep: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const step = (await distillHeartbeat(handle))?.checkpoint?.step ?? 0;
    if (step >= minStep) return;
    if (Date.now() > deadline) throw new Error(`no heartbeat with a checkpoint at step >= ${minStep} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Worker identities (`pid@host`) that started activities of a workflow, from its history. */
async function activityWorkers(handle: WorkflowHandle): Promise<Set<string>> {
  const history = await handle.fetchHistory();
  const identities = new Set<string>();
  for (const event of history.events ?? []) {
    const identity = event.activityTaskStartedEventAttributes?.identity;
    if (identity) identities.add(identity);
  }
  return identities;
}

const stack = new WorkerTestStack('durability', TEMPORAL_PORT, TASK_QUEUE_PREFIX);
// Short aliases for the stack's parts, used throughout the tests below.
let store: Store;
let client: Client;
let models: WorkerTestStack['models'];
const { workers } = stack;
const startWorker = (): WorkerProcess => stack.startWorker();

beforeAll(async () => {
  await stack.start();
  ({ store, client, models } = stack);
});

afterAll(() => stack.stop());

describe.sequential('durability with real worker processes', () => {
  let uninterrupted: Scorecard | null = null;

  it('distils a student uninterrupted (the reference run)', async () => {
    const { jobId, handle } = await submit(distillSpec());
    await handle.result();
    uninterrupted = await store.getScorecardByJob(jobId);
    const student = uninterrupted!.candidates[1]!;
    expect(student.role).toBe('distilled');
    expect(student.quality.accuracy).toBeGreaterThan(0.6);
    expect(Math.max(...distillSteps(await store.listEvents(jobId, -1, 1000)))).toBe(TOTAL_STEPS);
  });

  it('finishes a distillation after its worker is killed -9 mid-training, redoing at most one checkpoint interval', async () => {
    const { jobId, handle } = await submit(distillSpec());
    // Past the second checkpoint and into the next interval, so that some steps must be redone.
    await waitForEvents(store, jobId, (events) => distillSteps(events).some((s) => s > 2 * CHECKPOINT_EVERY + 5), 90_000, 'distillation past its second checkpoint');
    await waitForHeartbeatCheckpoint(handle, 2 * CHECKPOINT_EVERY, 30_000);
    const eventsBefore = await store.listEvents(jobId, -1, 1000);
    const stepBeforeKill = Math.max(...distillSteps(eventsBefore), await heartbeatStep(handle));
    expect(stepBeforeKill, 'the job should still be training when killed').toBeLessThan(TOTAL_STEPS);
    for (const w of workers) w.killHard();
    const lastSeqBeforeKill = Math.max(...eventsBefore.map((e) => e.seq));
    await startWorker().waitUntilPolling();
    await handle.result();

    const events = await store.listEvents(jobId, -1, 1000);
    const after = events.filter((e) => e.seq > lastSeqBeforeKill);
    expect(after.some((e) => e.type === 'log' && e.message?.includes('distillStudent resumes from its last checkpoint'))).toBe(true);
    const resumed = /resumed from step (\d+)/.exec(events.find((e) => e.type === 'artifact' && e.stage === 'distill-student')?.message ?? '');
    const resumedFromStep = Number(resumed?.[1]);
    // The retried attempt started at a checkpoint, not at step 0, and what it redid is at most one interval.
    expect(resumedFromStep).toBeGreaterThanOrEqual(2 * CHECKPOINT_EVERY);
    expect(resumedFromStep % CHECKPOINT_EVERY).toBe(0);
    expect(stepBeforeKill - resumedFromStep).toBeLessThanOrEqual(CHECKPOINT_EVERY);
    const stepsAfter = distillSteps(after);
    expect(Math.min(...stepsAfter)).toBeGreaterThan(resumedFromStep);
    expect(Math.max(...stepsAfter)).toBe(TOTAL_STEPS);

    // Same data order, same weights at the checkpoint: the student ends where the uninterrupted one did.
    const scorecard = await store.getScorecardByJob(jobId);
    const student = scorecard!.candidates[1]!;
    const reference = uninterrupted!.candidates[1]!;
    expect(student.quality.accuracy).toBeCloseTo(reference.quality.accuracy!, 2);
    expect(student.quality.teacherAgreement).toBeCloseTo(reference.quality.teacherAgreement!, 2);
    console.log(
      `kill -9 mid-training: killed at step ≥${stepBeforeKill}, resumed from ${resumedFromStep} (checkpoint every ${CHECKPOINT_EVERY}); ` +
        `accuracy ${student.quality.accuracy!.toFixed(4)} vs uninterrupted ${reference.quality.accuracy!.toFixed(4)}`,
    );
  });

  it('shares jobs between two workers polling one task queue', async () => {
    const second = startWorker();
    await second.waitUntilPolling();
    const live = workers.filter((w) => w.process.exitCode === null && w.process.signalCode === null);
    expect(live).toHaveLength(2);
    const spec = JobSpec.parse({
      kind: 'benchmark',
      models: [
        { type: 'registered', modelId: models.wide.id },
        { type: 'registered', modelId: models.narrow.id },
      ],
      dataset: FIXTURE_DATASET,
      batchSizes: [1],
      latencyIterations: 5,
    });
    const jobs = await Promise.all(Array.from({ length: 4 }, () => submit(spec)));
    await Promise.all(jobs.map((j) => j.handle.result()));
    const identities = new Set<string>();
    for (const j of jobs) for (const id of await activityWorkers(j.handle)) identities.add(id);
    for (const w of live) expect([...identities].some((id) => id.startsWith(`${w.process.pid}@`)), `worker ${w.process.pid} ran no activity`).toBe(true);
    for (const j of jobs) expect((await store.getJob(j.jobId))?.status).toBe('succeeded');
  });
});
