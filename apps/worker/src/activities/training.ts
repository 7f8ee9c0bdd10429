// Training steps: a recipe trained from scratch, a student distilled from a teacher, LoRA adapters, quantized variants.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { DatasetRef, ModelArch, ModelRole, TrainConfig } from '@distillery/schemas';
import type { CandidateModel, JobActivities } from '@distillery/workflows';
import { runComputeActivity } from '../compute/activity-bridge.js';
import type { TrainTask } from '../compute/protocol.js';
import type { ActivityDeps } from './deps.js';
import { requireModel, uploadsDirOf } from './registry.js';
import { trainedModelName, trainingStage } from './training-stage.js';

function modelRole(role: string): ModelRole {
  return role === 'teacher' || role === 'baseline' || role === 'distilled' ? role : 'student';
}

interface TrainStep {
  jobId: string;
  /** Names the step's durable checkpoint folder, so a retried attempt finds it. */
  step: string;
  name: string;
  /** What the training is, as a user reads it ("train teacher", "distill student"); its progress stage adds the architecture. */
  action: string;
  role: string;
  arch: ModelArch;
  dataset: DatasetRef;
  config: TrainConfig;
  parentIds: string[];
  distill: TrainTask['distill'];
}

/** Trains in a compute process, then imports the saved model into the registry with its lineage. */
export async function trainAndImport(deps: ActivityDeps, s: TrainStep): Promise<CandidateModel> {
  const checkpointDir = path.join(path.resolve(deps.dataDir), 'checkpoints', s.jobId, s.step);
  const outputDir = path.join(path.resolve(deps.dataDir), 'work', s.jobId, `${s.step}-attempt-${Context.current().info.attempt}`);
  await rm(outputDir, { recursive: true, force: true });
  const outcome = await runComputeActivity(
    { store: deps.store, backend: deps.backend, ...(deps.onComputeStart ? { onChildStart: deps.onComputeStart } : {}) },
    s.jobId,
    {
      kind: 'train',
      stage: trainingStage(s.action, s.arch),
      arch: s.arch,
      dataset: s.dataset,
      uploadsDir: uploadsDirOf(deps),
      config: s.config,
      distill: s.distill,
      checkpointDir,
      outputDir,
    },
  );
  const r = outcome.value;
  const name = trainedModelName(s.name, s.arch);
  const artifact = await deps.store.importArtifact(
    {
      kind: 'model',
      name,
      jobId: s.jobId,
      parentIds: s.parentIds,
      role: modelRole(s.role),
      family: s.arch.family,
      params: r.params,
      backend: r.backend,
      metrics: { finalLoss: r.finalLoss, steps: r.steps, trainingSeconds: outcome.wallSeconds },
    },
    outputDir,
  );
  await deps.store.appendEvent(s.jobId, {
    type: 'artifact',
    stage: s.step.slice(0, 120),
    artifactId: artifact.id,
    loss: r.finalLoss,
    message: `${name}: ${r.steps} steps, final loss ${r.finalLoss.toFixed(4)}${r.resumedFromStep === null ? '' : `, resumed from step ${r.resumedFromStep}`}`,
  });
  await rm(checkpointDir, { recursive: true, force: true });
  return { modelId: artifact.id, name, role: s.role, trainingDeviceSeconds: outcome.wallSeconds };
}

export function trainingActivities(deps: ActivityDeps): Pick<JobActivities, 'distillStudent' | 'loraFinetune' | 'quantizeModel'> {
  return {
    async distillStudent(input) {
      const teacher = await requireModel(deps, input.teacher.modelId, 'teacher.modelId');
      return trainAndImport(deps, {
        jobId: input.jobId,
        step: 'distill-student',
        name: 'distilled student',
        action: 'distill student',
        role: 'distilled',
        arch: input.student,
        dataset: input.dataset,
        config: input.train,
        parentIds: [teacher.id],
        distill: {
          teacherDir: deps.store.artifactDir(teacher.id),
          temperature: input.temperature,
          alpha: input.alpha,
          cacheTeacherLogits: input.cacheTeacherLogits,
        },
      });
    },
    async loraFinetune(input) {
      const base = await requireModel(deps, input.base.modelId, 'base.modelId');
      const root = path.resolve(deps.dataDir);
      const workDir = path.join(root, 'work', input.jobId, `lora-attempt-${Context.current().info.attempt}`);
      const checkpointDir = path.join(root, 'checkpoints', input.jobId, 'lora');
      await rm(workDir, { recursive: true, force: true });
      const outcome = await runComputeActivity(
        { store: deps.store, backend: deps.backend, ...(deps.onComputeStart ? { onChildStart: deps.onComputeStart } : {}) },
        input.jobId,
        {
          kind: 'lora',
          baseDir: deps.store.artifactDir(base.id),
          dataset: input.dataset,
          uploadsDir: uploadsDirOf(deps),
          rank: input.rank,
          alpha: input.alpha,
          targetLayers: input.targetLayers,
          config: input.train,
          checkpointDir,
          adapterDir: path.join(workDir, 'adapter'),
          mergedDir: path.join(workDir, 'merged'),
        },
      );
      const r = outcome.value;
      const adapter = await deps.store.importArtifact(
        {
          kind: 'adapter',
          name: `${input.base.name} LoRA r${input.rank} on ${input.dataset.name}`.slice(0, 200),
          jobId: input.jobId,
          parentIds: [base.id],
          family: base.family,
          params: r.trainableParams,
          backend: r.backend,
          metrics: { finalLoss: r.finalLoss, steps: r.steps, rank: input.rank, alpha: input.alpha },
        },
        path.join(workDir, 'adapter'),
      );
      const name = `${input.base.name} + LoRA (merged)`.slice(0, 200);
      const merged = await deps.store.importArtifact(
        {
          kind: 'model',
          name,
          jobId: input.jobId,
          parentIds: [base.id, adapter.id],
          role: 'lora-merged',
          family: base.family,
          params: r.params,
          backend: r.backend,
          metrics: { finalLoss: r.finalLoss, steps: r.steps },
        },
        path.join(workDir, 'merged'),
      );
      await deps.store.appendEvent(input.jobId, {
        type: 'artifact',
        stage: 'lora',
        artifactId: merged.id,
        loss: r.finalLoss,
        message: `${name}: ${r.steps} steps training ${r.trainableParams} adapter parameters, final loss ${r.finalLoss.toFixed(4)}`,
      });
      await rm(checkpointDir, { recursive: true, force: true });
      return { modelId: merged.id, name, role: 'lora-merged', trainingDeviceSeconds: outcome.wallSeconds };
    },
    async quantizeModel(input) {
      const source = await requireModel(deps, input.model.modelId, 'model.modelId');
      const outputRoot = path.join(path.resolve(deps.dataDir), 'work', input.jobId, `quantize-attempt-${Context.current().info.attempt}`);
      await rm(outputRoot, { recursive: true, force: true });
      const outcome = await runComputeActivity(
        { store: deps.store, backend: deps.backend, ...(deps.onComputeStart ? { onChildStart: deps.onComputeStart } : {}) },
        input.jobId,
        {
          kind: 'quantize',
          modelDir: deps.store.artifactDir(source.id),
          schemes: input.schemes,
          accuracyAware: input.accuracyAware,
          calibration: input.calibration,
          uploadsDir: uploadsDirOf(deps),
          tolerance: input.tolerance,
          outputRoot,
        },
      );
      const variants: CandidateModel[] = [];
      // Quantizing is cheap next to training: its device time is split evenly over the variants it wrote.
      const secondsEach = outcome.wallSeconds / Math.max(1, outcome.value.length);
      for (const v of outcome.value) {
        const artifact = await deps.store.importArtifact(
          {
            kind: 'model',
            name: `${input.model.name} ${v.label}`.slice(0, 200),
            jobId: input.jobId,
            parentIds: [source.id],
            role: 'quantized',
            family: source.family,
            quantization: v.label,
            params: source.params,
            ...(v.relativeLoss === undefined ? {} : { metrics: { calibrationRelativeLoss: v.relativeLoss } }),
          },
          v.dir,
        );
        const same = variants.find((c) => c.modelId === artifact.id);
        if (same) {
          // Content-addressed: the mix chose the same scheme for every layer, so it is that variant.
          await deps.store.appendEvent(input.jobId, { type: 'log', stage: 'quantize', message: `${v.label} is identical to ${same.name}` });
          continue;
        }
        await deps.store.appendEvent(input.jobId, {
          type: 'artifact',
          stage: 'quantize',
          artifactId: artifact.id,
          message: `${artifact.name}: ${v.sizeBytes} bytes (float32 ${source.sizeBytes})`,
        });
        variants.push({ modelId: artifact.id, name: artifact.name, role: 'quantized', trainingDeviceSeconds: secondsEach });
      }
      return variants;
    },
  };
}
