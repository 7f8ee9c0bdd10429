// The pre-run estimate: analytic FLOPs over the backend's measured rate, plus the measured cost of starting a compute step.
import { DATA_SPLIT_SEED, flopsPerSample, loadDataset, loadModel, measureBackendGflops, trainingFlops } from '@distillery/ml';
import type { DatasetRef, ModelArch, TrainConfig } from '@distillery/schemas';
import { planJob } from '@distillery/workflows';
import type { EstimateResult, EstimateTask } from './protocol.js';
import type { TaskContext } from './task-context.js';

/** Warm-up and profiling calls measureInference makes per batch size before its timed ones. */
const WARMUP_AND_PROFILE_CALLS = 4;

interface DataShape {
  inputShape: number[];
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** A character corpus: counts are characters, not examples. */
  text?: boolean;
}

async function shapeOf(ref: DatasetRef, uploadsDir: string): Promise<DataShape> {
  const data = await loadDataset(ref, { seed: DATA_SPLIT_SEED, uploadsDir });
  if (data.kind === 'classification') {
    return { inputShape: data.inputShape, numClasses: data.numClasses, trainCount: data.train.count, testCount: data.test.count };
  }
  // Text: counted in characters here; `samplesFor` turns them into the windows an arch reads.
  return { inputShape: [1], numClasses: data.vocab.length, trainCount: data.train.length, testCount: data.test.length, text: true };
}

/** A transformer's sample is one window of `context` characters; a classifier's is one example. */
function samplesFor(count: number, arch: ModelArch | null, shape: DataShape): number {
  if (!shape.text || arch?.family !== 'char-transformer') return count;
  return Math.max(1, Math.floor(count / arch.context));
}

/** Examples a training run sees: epochs over the split, capped by maxSteps × batchSize. */
function trainedSamples(config: TrainConfig, trainCount: number): number {
  const byEpochs = config.epochs * trainCount;
  return config.maxSteps === undefined ? byEpochs : Math.min(byEpochs, config.maxSteps * config.batchSize);
}

function measureSamples(batchSizes: number[], iterations: number, testCount: number, isBaseline: boolean): number {
  const speed = batchSizes.reduce((sum, b) => sum + (iterations + WARMUP_AND_PROFILE_CALLS) * b, 0);
  // A candidate's agreement needs the baseline's predictions too.
  return speed + testCount * (isBaseline ? 1 : 2);
}

/** What the estimator knows of a step's output model: its forward FLOPs per sample and, for a recipe, its arch. */
interface PricedModel {
  forward: number;
  arch: ModelArch | null;
}

/** Device-seconds the whole job should take: FLOPs of every step of its plan over the measured rate, plus per-process start-up. */
export async function estimate(task: EstimateTask, ctx: TaskContext<'estimate'>): Promise<EstimateResult> {
  const started = ctx.startedAt;
  const { backend } = ctx;
  const plan = planJob(task.spec);
  const shapes = new Map<string, DataShape>();
  const shapeOfRef = async (ref: DatasetRef): Promise<DataShape> => {
    const key = JSON.stringify(ref);
    let shape = shapes.get(key);
    if (shape === undefined) {
      shape = await shapeOf(ref, task.uploadsDir);
      shapes.set(key, shape);
    }
    return shape;
  };
  const evaluation = await shapeOfRef(plan.evaluation);
  // Every compute step pays this again in its own process: start, backend, data.
  const stepOverheadSeconds = (performance.now() - started) / 1000;
  const probe = await measureBackendGflops({ size: 256, iterations: 3 });
  const dims = (arch: ModelArch | null, shape: DataShape): { inputShape: number[]; numClasses: number; vocabSize: number } => ({
    inputShape: arch?.family === 'char-transformer' ? [arch.context] : shape.inputShape,
    numClasses: shape.numClasses,
    vocabSize: shape.numClasses,
  });
  const trainArch = (arch: ModelArch, config: TrainConfig, shape: DataShape): number =>
    trainingFlops(arch, dims(arch, shape), trainedSamples(config, samplesFor(shape.trainCount, arch, shape)));

  let flops = 0;
  let steps = 1; // this estimate itself
  const outputs = new Map<string, PricedModel[]>();
  const input = (id: string): PricedModel => outputs.get(id)?.[0] ?? { forward: 0, arch: null };
  // The one walk over the plan: each step adds the FLOPs it trains with and says what it produces.
  for (const step of plan.steps) {
    let produced: PricedModel[];
    switch (step.op) {
      case 'prepare': {
        const { source } = step;
        if (source.type === 'recipe') {
          const shape = await shapeOfRef(source.dataset ?? step.dataset);
          flops += trainArch(source.arch, source.train, shape);
          steps += 1;
          produced = [{ forward: flopsPerSample(source.arch, dims(source.arch, shape)), arch: source.arch }];
        } else {
          produced = [{ forward: await registeredForward(task.modelDirs[source.modelId]), arch: null }];
        }
        break;
      }
      case 'distill': {
        const shape = await shapeOfRef(step.dataset);
        const teacher = input(step.teacher);
        // The teacher labels the training split once (its logits are cached), then the student trains.
        flops += teacher.forward * samplesFor(shape.trainCount, teacher.arch, shape) + trainArch(step.student, step.train, shape);
        steps += 1;
        produced = [{ forward: flopsPerSample(step.student, dims(step.student, shape)), arch: step.student }];
        break;
      }
      case 'lora': {
        const shape = await shapeOfRef(step.dataset);
        const base = input(step.base);
        // The frozen base still runs forward and backward for the adapters' gradients.
        flops += 3 * base.forward * trainedSamples(step.train, samplesFor(shape.trainCount, base.arch, shape));
        steps += 1;
        produced = [base];
        break;
      }
      case 'quantize': {
        steps += 1;
        const variants = step.schemes.length + (step.accuracyAware ? 1 : 0);
        produced = Array.from({ length: variants }, () => input(step.model));
        break;
      }
    }
    outputs.set(step.id, produced);
  }
  // Then every candidate is measured (a candidate's agreement needs the baseline's predictions too).
  const { batchSizes, latencyIterations } = plan.measurement;
  [...outputs.values()].flat().forEach((candidate, i) => {
    flops += candidate.forward * measureSamples(batchSizes, latencyIterations, samplesFor(evaluation.testCount, candidate.arch, evaluation), i === 0);
    steps += 1;
  });
  const computeSeconds = flops / (probe.gflops * 1e9);
  const overheadSeconds = stepOverheadSeconds * steps;
  return {
    estimatedDeviceSeconds: computeSeconds + overheadSeconds,
    flops,
    backend: backend.name,
    hardware: backend.hardware,
    measuredGflops: probe.gflops,
    overheadSeconds,
    computeSteps: steps,
  };
}

/** A registered model's forward FLOPs per sample: a multiply and an add per weight (a lower bound for convolutions). */
async function registeredForward(dir: string | undefined): Promise<number> {
  if (dir === undefined) return 0;
  const model = await loadModel(dir);
  const params = model.countParams();
  model.dispose();
  return 2 * params;
}
