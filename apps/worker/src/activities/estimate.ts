// The pre-run cost estimate: checks the models a spec names exist, then estimates device time in a compute process.
// Running first, it also fails a job early on a missing model or data set, before any training starts.
import { trainingCostUsd } from '@distillery/ml';
import type { JobSpec, ModelSource } from '@distillery/schemas';
import type { JobActivities } from '@distillery/workflows';
import { runComputeActivity } from '../compute/activity-bridge.js';
import type { EstimateResult } from '../compute/protocol.js';
import { priceTableForJob } from '../pricing.js';
import type { ActivityDeps } from './deps.js';
import { requireModel, uploadsDirOf } from './models.js';

/** Every model source a spec names, with its field path for error messages. */
function registeredSources(spec: JobSpec): [string, ModelSource][] {
  switch (spec.kind) {
    case 'benchmark':
      return spec.models.map((m, i) => [`models[${i}]`, m]);
    case 'distill':
    case 'pipeline':
      return [['teacher', spec.teacher]];
    case 'lora':
      return [['base', spec.base]];
    case 'quantize':
      return [['model', spec.model]];
  }
}

export function estimateActivities(deps: ActivityDeps): Pick<JobActivities, 'estimateCost'> {
  return {
    async estimateCost({ jobId, spec }) {
      const modelDirs: Record<string, string> = {};
      for (const [field, source] of registeredSources(spec)) {
        if (source.type !== 'registered') continue;
        const artifact = await requireModel(deps, source.modelId, `${field}.modelId`);
        modelDirs[artifact.id] = deps.store.artifactDir(artifact.id);
      }
      const { value, wallSeconds } = await runComputeActivity<EstimateResult>({ store: deps.store, backend: deps.backend }, jobId, {
        kind: 'estimate',
        spec,
        modelDirs,
        uploadsDir: uploadsDirOf(deps),
      });
      const estimatedCostUsd = trainingCostUsd(value.estimatedDeviceSeconds, spec.device, priceTableForJob(deps.priceTable, spec));
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
