// Model steps shared by every job kind: resolve a model source to a stored model, measure a stored model.
import type { CandidateMeasurement, JobActivities } from '@distillery/workflows';
import { runComputeActivity } from '../compute/activity-bridge.js';
import type { ActivityDeps } from './deps.js';
import { requireModel, uploadsDirOf } from './registry.js';
import { trainAndImport } from './training.js';

export function modelActivities(deps: ActivityDeps): Pick<JobActivities, 'prepareModel' | 'measureCandidate'> {
  return {
    async prepareModel(input) {
      const { source, role, name } = input;
      if (source.type === 'registered') {
        // Histories recorded before the plan carried `field` name the source by the step's name alone.
        const artifact = await requireModel(deps, source.modelId, `${name}.modelId`, [...(input.field ?? [name]), 'modelId']);
        return { modelId: artifact.id, name: artifact.name || name, role, trainingDeviceSeconds: 0 };
      }
      return trainAndImport(deps, {
        jobId: input.jobId,
        step: `train-${name.replace(/[^a-z0-9]+/gi, '-')}`,
        name,
        action: `train ${name}`,
        role,
        arch: source.arch,
        dataset: source.dataset ?? input.dataset,
        config: source.train,
        parentIds: [],
        distill: null,
      });
    },

    async measureCandidate(input): Promise<CandidateMeasurement> {
      // A candidate is a model the job itself produced or named, so no spec field is to blame if it is gone.
      const artifact = await requireModel(deps, input.candidate.modelId, input.candidate.name, null);
      const outcome = await runComputeActivity(
        { store: deps.store, backend: deps.backend, ...(deps.onComputeStart ? { onChildStart: deps.onComputeStart } : {}) },
        input.jobId,
        {
          kind: 'measure',
          modelDir: deps.store.artifactDir(artifact.id),
          referenceModelDir: input.referenceModelId === null ? null : deps.store.artifactDir(input.referenceModelId),
          dataset: input.dataset,
          uploadsDir: uploadsDirOf(deps),
          batchSizes: input.batchSizes,
          latencyIterations: input.latencyIterations,
          seed: input.seed,
        },
      );
      const m = outcome.value;
      await deps.store.appendEvent(input.jobId, {
        type: 'metric',
        stage: `measure ${input.candidate.name}`.slice(0, 120),
        artifactId: artifact.id,
        metrics: {
          [m.quality.metric]: m.quality.value,
          latencyP50Ms: m.latencyMs.p50,
          latencyP99Ms: m.latencyMs.p99,
          throughputPerSec: m.throughputPerSec,
        },
        message: `${input.candidate.name}: ${m.quality.metric} ${m.quality.value.toFixed(4)}, p50 ${m.latencyMs.p50.toFixed(2)} ms, ${m.throughputPerSec.toFixed(0)}/s at batch ${m.throughputBatch}`,
      });
      return {
        modelId: artifact.id,
        quality: m.quality,
        sizeBytes: m.sizeBytes,
        params: m.params,
        latencyMs: m.latencyMs,
        throughputPerSec: m.throughputPerSec,
        throughputBatch: m.throughputBatch,
        peakMemoryBytes: m.peakMemoryBytes,
        backend: m.backend,
        hardware: m.hardware,
        datasetHash: m.datasetHash,
        contentHash: artifact.contentHash,
        wallSeconds: outcome.wallSeconds,
      };
    },
  };
}
