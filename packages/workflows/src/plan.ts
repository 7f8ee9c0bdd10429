// planJob(spec): the one place that decides what a job does. The workflow runs its steps, the estimator prices them,
// the scorecard reads its seed, budget and measurement settings. Pure and deterministic (workflow code imports it).
import type { DatasetRef, JobSpec, ModelArch, ModelSource, QuantScheme, TrainConfig } from '@distillery/schemas';
import type { DistillStudentInput, LoraFinetuneInput, PrepareModelInput, QuantizeModelInput } from './activities.js';

/** Seed of the kinds that train nothing of their own (measurement order, latency batches). */
export const DEFAULT_SEED = 42;
/** Quality budget when a spec names none: a candidate may be 1% worse than the baseline. */
export const DEFAULT_MAX_RELATIVE_DROP = 0.01;
/** How training kinds measure their candidates (a benchmark names its own). */
export const DEFAULT_MEASUREMENT: Measurement = { batchSizes: [1, 64], latencyIterations: 30 };

export interface Measurement {
  batchSizes: number[];
  latencyIterations: number;
}

/** A step's output, referred to by a later step. */
export type StepId = string;

interface StepBase {
  id: StepId;
  /** The workflow's stage while the step runs, as `stage` queries and the job page show it. */
  stage: string;
}

/**
 * Each step is the input of its activity, with the models it takes named by the step that produced them
 * (the workflow resolves them to stored models as it goes).
 */
type StepOf<Op extends string, Input, Refs extends keyof Input> = StepBase & { op: Op } & Omit<Input, 'jobId' | Refs> & { [R in Refs]: StepId };

/** Resolves a model source: a registered model is looked up, a recipe is trained. */
export type PrepareStep = StepBase & { op: 'prepare' } & Omit<PrepareModelInput, 'jobId'> & { field: string[] };
export type DistillStep = StepOf<'distill', DistillStudentInput, 'teacher'>;
export type LoraStep = StepOf<'lora', LoraFinetuneInput, 'base'>;
/** Produces one candidate per scheme, plus the accuracy-aware mix when asked. */
export type QuantizeStep = StepOf<'quantize', QuantizeModelInput, 'model'>;

export type PlanStep = PrepareStep | DistillStep | LoraStep | QuantizeStep;
export type PlanOp = PlanStep['op'];

export interface JobPlan {
  /** The scorecard's title: the spec's name, or what the job does to which data. */
  title: string;
  /** In order; every step's output is a scorecard candidate, the first step's is the baseline. */
  steps: PlanStep[];
  /** The data the candidates are measured on: the job's target domain. */
  evaluation: DatasetRef;
  measurement: Measurement;
  /** Seed of the measurement (and the first trained model's seed, for the scorecard's provenance). */
  seed: number;
  /** How much worse than the baseline a candidate may be, as a fraction. */
  maxRelativeDrop: number;
  /** The job's own price for its device, overriding the worker's price table (benchmarks may name one). */
  pricePerHourUsd?: number;
}

/** What a builder decides; the title is the same rule for every kind. */
type KindPlan = Omit<JobPlan, 'title'> & { data: DatasetRef };
type PlanBuilders = { [K in JobSpec['kind']]: (spec: Extract<JobSpec, { kind: K }>) => KindPlan };

/** One builder per job kind: adding a kind means adding its builder here and its spec in schemas. */
const builders: PlanBuilders = {
  benchmark: (spec) => ({
    steps: spec.models.map((source, i) =>
      prepare(`model-${i + 1}`, source, ['models', String(i)], spec.dataset, i === 0 ? 'baseline' : 'candidate', `model ${i + 1}`),
    ),
    evaluation: spec.dataset,
    measurement: { batchSizes: spec.batchSizes, latencyIterations: spec.latencyIterations },
    seed: DEFAULT_SEED,
    maxRelativeDrop: DEFAULT_MAX_RELATIVE_DROP,
    data: spec.dataset,
    ...(spec.pricePerHourUsd === undefined ? {} : { pricePerHourUsd: spec.pricePerHourUsd }),
  }),

  distill: (spec) => ({
    steps: [
      prepare('teacher', spec.teacher, ['teacher'], spec.dataset, 'teacher', 'teacher'),
      distill('teacher', spec.student, spec.dataset, spec.temperature, spec.alpha, spec.train, spec.cacheTeacherLogits),
    ],
    evaluation: spec.dataset,
    measurement: DEFAULT_MEASUREMENT,
    seed: spec.train.seed,
    maxRelativeDrop: spec.qualityBudget?.maxRelativeDrop ?? DEFAULT_MAX_RELATIVE_DROP,
    data: spec.dataset,
  }),

  lora: (spec) => ({
    steps: [
      prepare('base', spec.base, ['base'], spec.dataset, 'baseline', 'base', 'base model'),
      lora('base', spec.dataset, spec.rank, spec.alpha, spec.targetLayers, spec.train),
    ],
    evaluation: spec.dataset,
    measurement: DEFAULT_MEASUREMENT,
    seed: spec.train.seed,
    maxRelativeDrop: DEFAULT_MAX_RELATIVE_DROP,
    data: spec.dataset,
  }),

  quantize: (spec) => ({
    steps: [
      prepare('model', spec.model, ['model'], spec.calibration, 'baseline', 'float32', 'model'),
      quantize('model', spec.schemes, spec.accuracyAware, spec.calibration, spec.tolerance),
    ],
    evaluation: spec.calibration,
    measurement: DEFAULT_MEASUREMENT,
    seed: DEFAULT_SEED,
    maxRelativeDrop: spec.tolerance,
    data: spec.calibration,
  }),

  pipeline: (spec) => {
    const evaluation = spec.lora?.dataset ?? spec.dataset;
    const s = spec.student;
    const steps: PlanStep[] = [
      prepare('teacher', spec.teacher, ['teacher'], spec.dataset, 'teacher', 'teacher'),
      distill('teacher', s.arch, spec.dataset, s.temperature, s.alpha, s.train, true),
    ];
    let last: StepId = 'student';
    if (spec.lora) {
      const l = spec.lora;
      steps.push(lora(last, l.dataset, l.rank, l.alpha, [], l.train));
      last = 'lora';
    }
    if (spec.quantize) steps.push(quantize(last, spec.quantize.schemes, true, evaluation, spec.quantize.tolerance));
    return {
      steps,
      evaluation,
      measurement: DEFAULT_MEASUREMENT,
      seed: s.train.seed,
      maxRelativeDrop: spec.qualityBudget.maxRelativeDrop,
      data: spec.dataset,
    };
  },
};

export function planJob(spec: JobSpec): JobPlan {
  // The mapped type guarantees each builder receives its own kind's spec.
  const build = builders[spec.kind] as (spec: JobSpec) => KindPlan;
  const { data, ...plan } = build(spec);
  return { title: (spec.name ?? `${spec.kind} on ${data.name}`).slice(0, 200), ...plan };
}

/** Every model source a plan names, with its spec field: what must exist in the registry before the job runs. */
export function modelSourcesOf(plan: JobPlan): { field: string[]; source: ModelSource }[] {
  return plan.steps.flatMap((step) => (step.op === 'prepare' ? [{ field: step.field, source: step.source }] : []));
}

/** `what` is how the stage names the model: "teacher", "base model", "model 2". */
function prepare(id: StepId, source: ModelSource, field: string[], dataset: DatasetRef, role: string, name: string, what = name): PrepareStep {
  return { op: 'prepare', id, stage: `prepare ${what}`, source, field, dataset, role, name };
}

function distill(
  teacher: StepId,
  student: ModelArch,
  dataset: DatasetRef,
  temperature: number,
  alpha: number,
  train: TrainConfig,
  cacheTeacherLogits: boolean,
): DistillStep {
  return { op: 'distill', id: 'student', stage: 'distill student', teacher, student, dataset, temperature, alpha, train, cacheTeacherLogits };
}

function lora(base: StepId, dataset: DatasetRef, rank: number, alpha: number, targetLayers: string[], train: TrainConfig): LoraStep {
  return { op: 'lora', id: 'lora', stage: 'lora fine-tune', base, dataset, rank, alpha, targetLayers, train };
}

function quantize(model: StepId, schemes: QuantScheme[], accuracyAware: boolean, calibration: DatasetRef, tolerance: number): QuantizeStep {
  return { op: 'quantize', id: 'quantize', stage: 'quantize', model, schemes, accuracyAware, calibration, tolerance };
}
