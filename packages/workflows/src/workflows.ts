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
import type { CostEstimate, DatasetRef, JobSpec } from '@distillery/schemas';
import type { CandidateModel, CandidateMeasurement, JobActivities } from './activities.js';
import type { EstimateWorkflowInput, JobWorkflowInput, JobWorkflowResult } from './index.js';
import { ESTIMATE_ACTIVITY_TIMEOUT_SECONDS, JOB_FAILED_ERROR_TYPE, STAGE_QUERY } from './index.js';

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

/** The data the scorecard's candidates are evaluated on: the job's target domain. */
export function evaluationDataset(spec: JobSpec): DatasetRef {
  switch (spec.kind) {
    case 'quantize':
      return spec.calibration;
    case 'pipeline':
      return spec.lora?.dataset ?? spec.dataset;
    default:
      return spec.dataset;
  }
}

function seedOf(spec: JobSpec): number {
  switch (spec.kind) {
    case 'distill':
    case 'lora':
      return spec.train.seed;
    case 'pipeline':
      return spec.student.train.seed;
    default:
      return 42;
  }
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
    stage = 'estimate';
    const estimate = await compute.estimateCost({ jobId, spec });
    if (estimate.wallSeconds > 0) wallSeconds.estimate = estimate.wallSeconds;

    const candidates = await produceCandidates(jobId, spec, compute, (s) => (stage = s));
    for (const c of candidates) if (c.trainingDeviceSeconds > 0) wallSeconds[`train ${c.name}`] = c.trainingDeviceSeconds;

    const dataset = evaluationDataset(spec);
    const batchSizes = spec.kind === 'benchmark' ? spec.batchSizes : [1, 64];
    const latencyIterations = spec.kind === 'benchmark' ? spec.latencyIterations : 30;
    const baseline = candidates[0];
    if (!baseline) throw ApplicationFailure.nonRetryable('the job produced no model to measure', 'BadSpec');
    const measurements: CandidateMeasurement[] = [];
    for (const candidate of candidates) {
      stage = `measure ${candidate.name}`;
      const m = await compute.measureCandidate({
        jobId,
        candidate,
        referenceModelId: candidate.modelId === baseline.modelId ? null : baseline.modelId,
        dataset,
        batchSizes,
        latencyIterations,
        seed: seedOf(spec),
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

/** The kind-specific part: which models the job makes, in scorecard order (baseline first). */
async function produceCandidates(
  jobId: string,
  spec: JobSpec,
  compute: JobActivities,
  setStage: (stage: string) => void,
): Promise<CandidateModel[]> {
  switch (spec.kind) {
    case 'benchmark': {
      const models: CandidateModel[] = [];
      for (const [i, source] of spec.models.entries()) {
        setStage(`prepare model ${i + 1}`);
        models.push(
          await compute.prepareModel({
            jobId,
            source,
            dataset: spec.dataset,
            role: i === 0 ? 'baseline' : 'candidate',
            name: `model ${i + 1}`,
          }),
        );
      }
      return models;
    }
    case 'distill': {
      setStage('prepare teacher');
      const teacher = await compute.prepareModel({ jobId, source: spec.teacher, dataset: spec.dataset, role: 'teacher', name: 'teacher' });
      setStage('distill student');
      const student = await compute.distillStudent({
        jobId,
        teacher,
        student: spec.student,
        dataset: spec.dataset,
        temperature: spec.temperature,
        alpha: spec.alpha,
        train: spec.train,
        cacheTeacherLogits: spec.cacheTeacherLogits,
      });
      return [teacher, student];
    }
    case 'lora': {
      setStage('prepare base model');
      const base = await compute.prepareModel({ jobId, source: spec.base, dataset: spec.dataset, role: 'baseline', name: 'base' });
      setStage('lora fine-tune');
      const merged = await compute.loraFinetune({
        jobId,
        base,
        dataset: spec.dataset,
        rank: spec.rank,
        alpha: spec.alpha,
        targetLayers: spec.targetLayers,
        train: spec.train,
      });
      return [base, merged];
    }
    case 'quantize': {
      setStage('prepare model');
      const model = await compute.prepareModel({ jobId, source: spec.model, dataset: spec.calibration, role: 'baseline', name: 'float32' });
      setStage('quantize');
      const variants = await compute.quantizeModel({
        jobId,
        model,
        schemes: spec.schemes,
        accuracyAware: spec.accuracyAware,
        calibration: spec.calibration,
        tolerance: spec.tolerance,
      });
      return [model, ...variants];
    }
    case 'pipeline': {
      setStage('prepare teacher');
      const teacher = await compute.prepareModel({ jobId, source: spec.teacher, dataset: spec.dataset, role: 'teacher', name: 'teacher' });
      setStage('distill student');
      const student = await compute.distillStudent({
        jobId,
        teacher,
        student: spec.student.arch,
        dataset: spec.dataset,
        temperature: spec.student.temperature,
        alpha: spec.student.alpha,
        train: spec.student.train,
        cacheTeacherLogits: true,
      });
      const chain: CandidateModel[] = [teacher, student];
      let last = student;
      if (spec.lora) {
        setStage('lora fine-tune');
        last = await compute.loraFinetune({
          jobId,
          base: student,
          dataset: spec.lora.dataset,
          rank: spec.lora.rank,
          alpha: spec.lora.alpha,
          targetLayers: [],
          train: spec.lora.train,
        });
        chain.push(last);
      }
      if (spec.quantize) {
        setStage('quantize');
        chain.push(
          ...(await compute.quantizeModel({
            jobId,
            model: last,
            schemes: spec.quantize.schemes,
            accuracyAware: true,
            calibration: evaluationDataset(spec),
            tolerance: spec.quantize.tolerance,
          })),
        );
      }
      return chain;
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
