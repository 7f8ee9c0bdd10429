// The job workflow against Temporal's real dev server (TestWorkflowEnvironment), with recording stand-ins for the
// activities: which steps run, in which order, with which inputs, and how a failure ends the job.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { JobSpec, PRESETS, type JobSpecInput } from '@distillery/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateModel, JobActivities } from './activities.js';
import { JOB_WORKFLOW, type JobWorkflowInput, type JobWorkflowResult } from './index.js';

const WORKFLOWS_PATH = createRequire(import.meta.url).resolve('./workflows.ts');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function temporalCli(): string {
  return process.env.TEMPORAL_CLI ?? execFileSync('bash', ['scripts/ensure-temporal.sh'], { cwd: ROOT, encoding: 'utf8' }).trim();
}

interface Call {
  activity: keyof JobActivities;
  input: Record<string, unknown>;
}

/** Activities that answer at once and record what the workflow asked of them. */
function recordingActivities(calls: Call[], failOn?: keyof JobActivities): JobActivities {
  let next = 0;
  const model = (name: string, role: string): CandidateModel => ({ modelId: `art_${String(++next).padStart(16, '0')}`, name, role, trainingDeviceSeconds: 1 });
  const record = <K extends keyof JobActivities>(activity: K, input: Parameters<JobActivities[K]>[0]): void => {
    calls.push({ activity, input: input as Record<string, unknown> });
    if (activity === failOn) throw ApplicationFailure.create({ message: 'teacher.modelId: model art_x is not in the registry', type: 'not-found', nonRetryable: true });
  };
  return {
    markRunning: async (i) => record('markRunning', i),
    markSucceeded: async (i) => record('markSucceeded', i),
    markFailed: async (i) => record('markFailed', i),
    markCancelled: async (i) => record('markCancelled', i),
    estimateCost: async (i) => (record('estimateCost', i), { estimatedDeviceSeconds: 1, estimatedCostUsd: 0.001, wallSeconds: 0.5 }),
    estimateSpec: async () => {
      throw new Error('not called by the job workflow');
    },
    prepareModel: async (i) => (record('prepareModel', i), model(i.name, i.role)),
    distillStudent: async (i) => (record('distillStudent', i), model('distilled student', 'distilled')),
    loraFinetune: async (i) => (record('loraFinetune', i), model(`${i.base.name} + LoRA (merged)`, 'lora-merged')),
    quantizeModel: async (i) => (record('quantizeModel', i), i.schemes.map((s) => model(`${i.model.name} ${s}`, 'quantized'))),
    measureCandidate: async (i) => (
      record('measureCandidate', i),
      {
        modelId: i.candidate.modelId,
        quality: { metric: 'accuracy', value: 0.9 },
        sizeBytes: 100,
        params: 10,
        latencyMs: { p50: 1, p95: 1, p99: 1 },
        throughputPerSec: 1000,
        throughputBatch: 64,
        backend: 'cpu',
        hardware: 'test',
        datasetHash: 'h',
        contentHash: 'c',
        wallSeconds: 0.1,
      }
    ),
    buildScorecard: async (i) => (record('buildScorecard', i), { scorecardId: 'sc_1', costUsd: 0.01, headline: 'ok' }),
  };
}

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  // Expected failures (the failing-step case) are logged as warnings; keep the test output to errors.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCli() } } }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('ERROR') }),
  ]);
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

let jobs = 0;
async function runJob(spec: JobSpecInput, failOn?: keyof JobActivities): Promise<{ calls: Call[]; outcome: unknown }> {
  const calls: Call[] = [];
  const taskQueue = `workflow-test-${++jobs}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: recordingActivities(calls, failOn),
  });
  const input: JobWorkflowInput = { jobId: `job_${jobs}`, spec: JobSpec.parse(spec) };
  const outcome: unknown = await worker.runUntil(
    env.client.workflow.execute<(input: JobWorkflowInput) => Promise<JobWorkflowResult>>(JOB_WORKFLOW, { taskQueue, workflowId: input.jobId, args: [input] }).catch((err: unknown) => err),
  );
  return { calls, outcome };
}

const names = (calls: Call[]): string[] => calls.map((c) => c.activity);
const preset = (name: string): JobSpecInput => {
  const found = PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`no preset ${name}`);
  return found.spec;
};

describe('jobWorkflow', () => {
  it('runs a distillation as teacher, student, then measures both against the teacher and builds the scorecard', async () => {
    const { calls, outcome } = await runJob(preset('mnist-distill'));
    expect(outcome).toMatchObject({ status: 'succeeded', scorecardId: 'sc_1' });
    expect(names(calls)).toEqual(['markRunning', 'estimateCost', 'prepareModel', 'distillStudent', 'measureCandidate', 'measureCandidate', 'buildScorecard', 'markSucceeded']);
    const [teacherMeasure, studentMeasure] = calls.filter((c) => c.activity === 'measureCandidate');
    expect(teacherMeasure?.input).toMatchObject({ referenceModelId: null, batchSizes: [1, 64], latencyIterations: 30, seed: 2 });
    expect(studentMeasure?.input.referenceModelId).toBe((teacherMeasure?.input.candidate as CandidateModel).modelId);
    expect(calls[2]?.input).toMatchObject({ role: 'teacher', name: 'teacher', field: ['teacher'] });
  }, 60_000);

  it('chains a pipeline: the LoRA step adapts the distilled student and quantization the adapted model', async () => {
    const { calls } = await runJob(preset('charlm-sotu-moby'));
    expect(names(calls).slice(2, 5)).toEqual(['prepareModel', 'distillStudent', 'loraFinetune']);
    const lora = calls.find((c) => c.activity === 'loraFinetune');
    expect((lora?.input.base as CandidateModel).name).toBe('distilled student');
    const measured = calls.filter((c) => c.activity === 'measureCandidate');
    expect(measured.every((m) => (m.input.dataset as { name: string }).name === 'moby-dick')).toBe(true);
  }, 60_000);

  it('measures a benchmark with its own batch sizes and every model against the first', async () => {
    const spec: JobSpecInput = {
      kind: 'benchmark',
      models: [
        { type: 'registered', modelId: 'art_00000000000000aa' },
        { type: 'registered', modelId: 'art_00000000000000bb' },
      ],
      dataset: { name: 'mnist' },
      batchSizes: [1, 8],
      latencyIterations: 7,
    };
    const { calls } = await runJob(spec);
    expect(calls.filter((c) => c.activity === 'prepareModel').map((c) => c.input.field)).toEqual([['models', '0'], ['models', '1']]);
    const measured = calls.filter((c) => c.activity === 'measureCandidate');
    expect(measured.map((m) => m.input.batchSizes)).toEqual([[1, 8], [1, 8]]);
    expect(measured.map((m) => m.input.seed)).toEqual([42, 42]);
  }, 60_000);

  it('ends a job whose step fails for good as failed, with the step’s message', async () => {
    const { calls, outcome } = await runJob(preset('mnist-int8'), 'prepareModel');
    expect(names(calls)).toEqual(['markRunning', 'estimateCost', 'prepareModel', 'markFailed']);
    expect(calls.at(-1)?.input.message).toBe('teacher.modelId: model art_x is not in the registry');
    expect(String(outcome)).toMatch(/Workflow execution failed/);
  }, 60_000);
});
