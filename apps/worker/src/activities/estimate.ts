// The pre-run cost estimate, of a job or of a spec not yet submitted: checks the models a spec names exist, then
// estimates device time in a compute process.
// Running first, it also fails a job early on a missing model or data set, before any training starts.
import { Context } from '@temporalio/activity';
import { trainingCostUsd } from '@distillery/ml';
import type { JobSpec } from '@distillery/schemas';
import { modelSourcesOf, planJob, type JobActivities } from '@distillery/workflows';
import { runComputeActivity } from '../compute/activity-bridge.js';
import type { EstimateTask } from '../compute/protocol.js';
import { runInChild } from '../compute/run-in-child.js';
import { priceTableForJob } from '../pricing.js';
import type { ActivityDeps } from './deps.js';
import { requireModel, uploadsDirOf } from './registry.js';

/** The compute task for a spec, after checking that every registered model it names is in the registry. */
async function estimateTaskFor(deps: ActivityDeps, spec: JobSpec): Promise<EstimateTask> {
  const modelDirs: Record<string, string> = {};
  for (const { field, source } of modelSourcesOf(planJob(spec))) {
    if (source.type !== 'registered') continue;
    const artifact = await requireModel(deps, source.modelId, [...field, 'modelId'].join('.'));
    modelDirs[artifact.id] = deps.store.artifactDir(artifact.id);
  }
  return { kind: 'estimate', spec, modelDirs, uploadsDir: uploadsDirOf(deps) };
}

export function estimateActivities(deps: ActivityDeps): Pick<JobActivities, 'estimateCost' | 'estimateSpec'> {
  return {
    async estimateSpec({ spec }) {
      const task = await estimateTaskFor(deps, spec);
      const started = performance.now();
      // No job exists yet, so nothing is recorded: the child runs without the job-bound progress bridge.
      const value = await runInChild(task, {
        backend: deps.backend,
        resume: undefined,
        signal: Context.current().cancellationSignal,
        onProgress: () => undefined,
        onCheckpoint: () => undefined,
      });
      const priceTable = priceTableForJob(deps.priceTable, spec.device, planJob(spec));
      const price = priceTable[spec.device];
      return {
        seconds: value.estimatedDeviceSeconds,
        costUsd: trainingCostUsd(value.estimatedDeviceSeconds, spec.device, priceTable),
        device: spec.device,
        pricePerHourUsd: price.pricePerHourUsd,
        priceSource: price.source,
        flops: value.flops,
        backend: value.backend,
        hardware: value.hardware,
        measuredGflops: value.measuredGflops,
        overheadSeconds: value.overheadSeconds,
        computeSteps: value.computeSteps,
        estimatedInSeconds: (performance.now() - started) / 1000,
      };
    },

    async estimateCost({ jobId, spec }) {
      const task = await estimateTaskFor(deps, spec);
      const { value, wallSeconds } = await runComputeActivity({ store: deps.store, backend: deps.backend }, jobId, task);
      const estimatedCostUsd = trainingCostUsd(value.estimatedDeviceSeconds, spec.device, priceTableForJob(deps.priceTable, spec.device, planJob(spec)));
      await deps.store.appendEvent(jobId, {
        type: 'log',
        stage: 'estimate',
        metrics: { estimatedDeviceSeconds: value.estimatedDeviceSeconds, estimatedCostUsd },
        message: `estimated ${value.estimatedDeviceSeconds.toFixed(1)} device-seconds, $${estimatedCostUsd.toFixed(6)}`,
      });
      return { estimatedDeviceSeconds: value.estimatedDeviceSeconds, estimatedCostUsd, wallSeconds };
    },
  };
}
