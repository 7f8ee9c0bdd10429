// The job workflow: one deterministic orchestration for every job kind; all real work happens in activities.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { CostEstimate } from '@distillery/schemas';
import type { CandidateModel, CandidateMeasurement, JobActivities } from './activities.js';
import type { EstimateWorkflowInput, JobWorkflowInput, JobWorkflowResult } from './index.js';
import { ESTIMATE_ACTIVITY_TIMEOUT_SECONDS, JOB_FAILED_ERROR_TYPE, STAGE_QUERY } from './index.js';
import { planJob, type JobPlan, type PlanStep, type StepId } from './plan.js';

export const stageQuery = defineQuery<string>(STAGE_QUERY);

const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 20;

/** Bookkeeping activities: quick store writes that may retry for a while (the store can be briefly locked). */
const bookkeeping = proxyActivities<JobActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 30 },
});

function computeActivities(heartbeatTimeoutSeconds: number): JobActivities {
  return proxyActivities<JobActivities>({
    startToCloseTimeout: '6 hours',
    // Compute reports through a heartbeat at least every second, so a silent worker is a dead worker.
    heartbeatTimeout: `${heartbeatTimeoutSeconds}s`,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '20s', maximumAttempts: 6 },
  });
}

export async function jobWorkflow(input: JobWorkflowInput): Promise<JobWorkflowResult> {
  const { jobId, spec } = input;
  let stage = 'queued';
  setHandler(stageQuery, () => stage);
  const compute = computeActivities(input.heartbeatTimeoutSeconds ?? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS);
  const wallSeconds: Record<string, number> = {};

  try {
    stage = 'starting';
    await bookkeeping.markRunning({ jobId });
    const plan = planJob(spec);
    stage = 'estimate';
    const estimate = await compute.estimateCost({ jobId, spec });
    if (estimate.wallSeconds > 0) wallSeconds.estimate = estimate.wallSeconds;

    const candidates = await runSteps(jobId, plan, compute, (s) => (stage = s));
    for (const c of candidates) if (c.trainingDeviceSeconds > 0) wallSeconds[`train ${c.name}`] = c.trainingDeviceSeconds;

    const baseline = candidates[0];
    if (!baseline) throw ApplicationFailure.nonRetryable('the job produced no model to measure', 'invalid-input');
    const measurements: CandidateMeasurement[] = [];
    for (const candidate of candidates) {
      stage = `measure ${candidate.name}`;
      const m = await compute.measureCandidate({
        jobId,
        candidate,
        referenceModelId: candidate.modelId === baseline.modelId ? null : baseline.modelId,
        dataset: plan.evaluation,
        batchSizes: plan.measurement.batchSizes,
        latencyIterations: plan.measurement.latencyIterations,
        seed: plan.seed,
      });
      wallSeconds[`measure ${candidate.name}`] = m.wallSeconds;
      measurements.push(m);
    }

    stage = 'scorecard';
    const scorecard = await bookkeeping.buildScorecard({
      jobId,
      spec,
      candidates,
      measurements,
      wallSeconds,
      estimatedCostUsd: estimate.estimatedCostUsd,
    });
    await bookkeeping.markSucceeded({ jobId, scorecardId: scorecard.scorecardId, costUsd: scorecard.costUsd });
    stage = 'succeeded';
    return { jobId, status: 'succeeded', scorecardId: scorecard.scorecardId, headline: scorecard.headline };
  } catch (err) {
    if (isCancellation(err)) {
      // Activities were cancelled through their heartbeats; record the outcome even though the workflow is cancelled.
      await CancellationScope.nonCancellable(() => bookkeeping.markCancelled({ jobId }));
      stage = 'cancelled';
      throw err;
    }
    const message = failureMessage(err);
    await CancellationScope.nonCancellable(() => bookkeeping.markFailed({ jobId, message }));
    stage = 'failed';
    throw ApplicationFailure.nonRetryable(message, JOB_FAILED_ERROR_TYPE);
  }
}

/** Runs a plan's steps in order; their outputs, in order, are the scorecard's candidates (baseline first). */
async function runSteps(jobId: string, plan: JobPlan, compute: JobActivities, setStage: (stage: string) => void): Promise<CandidateModel[]> {
  const outputs = new Map<StepId, CandidateModel[]>();
  const single = (id: StepId): CandidateModel => {
    const model = outputs.get(id)?.[0];
    // planJob only refers to earlier steps; this guards a plan built by hand.
    if (!model) throw ApplicationFailure.nonRetryable(`plan step ${id} has not produced a model yet`, 'invalid-input');
    return model;
  };
  for (const step of plan.steps) {
    setStage(step.stage);
    outputs.set(step.id, await runStep(jobId, step, compute, single));
  }
  return [...outputs.values()].flat();
}

async function runStep(jobId: string, step: PlanStep, compute: JobActivities, model: (id: StepId) => CandidateModel): Promise<CandidateModel[]> {
  switch (step.op) {
    case 'prepare': {
      const { op: _op, id: _id, stage: _stage, ...input } = step;
      return [await compute.prepareModel({ jobId, ...input })];
    }
    case 'distill': {
      const { op: _op, id: _id, stage: _stage, teacher, ...input } = step;
      return [await compute.distillStudent({ jobId, teacher: model(teacher), ...input })];
    }
    case 'lora': {
      const { op: _op, id: _id, stage: _stage, base, ...input } = step;
      return [await compute.loraFinetune({ jobId, base: model(base), ...input })];
    }
    case 'quantize': {
      const { op: _op, id: _id, stage: _stage, model: source, ...input } = step;
      return compute.quantizeModel({ jobId, model: model(source), ...input });
    }
  }
}

/**
 * Someone is waiting for this answer (the New job page, `distillery estimate`), so the estimate gets one short
 * attempt and a retry; a spec naming a missing model fails at once (a non-retryable failure from the activity).
 */
const preRunEstimate = proxyActivities<Pick<JobActivities, 'estimateSpec'>>({
  startToCloseTimeout: `${ESTIMATE_ACTIVITY_TIMEOUT_SECONDS}s`,
  retry: { initialInterval: '200ms', maximumAttempts: 2 },
});

/** The pre-run estimate of a spec that is not a job yet: one activity on the spec's device queue, nothing recorded. */
export async function estimateWorkflow(input: EstimateWorkflowInput): Promise<CostEstimate> {
  return preRunEstimate.estimateSpec({ spec: input.spec });
}

/** The message a user sees on a failed job: the innermost cause, not Temporal's wrapper text. */
export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof TimeoutFailure) return `step ${err.activityType} timed out (${(cause.timeoutType ?? 'unknown').toLowerCase()}) and was not retried further`;
    if (cause instanceof ApplicationFailure) return cause.message;
    if (cause) return cause.message;
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
