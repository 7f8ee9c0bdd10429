// The pre-run estimate: analytic FLOPs over the backend's measured rate, plus the measured cost of starting a compute step.
import { flopsPerSample, initBackend, loadDataset, loadModel, measureBackendGflops, trainingFlops } from '@distillery/ml';
import type { DatasetRef, ModelArch, ModelSource, TrainConfig } from '@distillery/schemas';
import type { EstimateResult, EstimateTask } from './protocol.js';
import type { TaskContext } from './tasks.js';
import { DATA_SPLIT_SEED } from './data-split.js';

/** Timed calls per batch size when a training kind measures its candidates (the workflow's defaults). */
const MEASURE_BATCHES = [1, 64];
const MEASURE_ITERATIONS = 30;
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

/** Device-seconds the whole job should take: FLOPs of every step over the measured rate, plus per-process start-up. */
export async function estimate(task: EstimateTask, ctx: TaskContext): Promise<EstimateResult> {
  const started = performance.now();
  const backend = await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const { spec } = task;
  const mainData = spec.kind === 'quantize' ? spec.calibration : spec.dataset;
  const shape = await shapeOf(mainData, task.uploadsDir);
  // Every compute step pays this again in its own process: start, backend, data.
  const stepOverheadSeconds = (performance.now() - started) / 1000;
  const probe = await measureBackendGflops({ size: 256, iterations: 3 });
  const dims = (arch: ModelArch | null): { inputShape: number[]; numClasses: number; vocabSize: number } => ({
    inputShape: arch?.family === 'char-transformer' ? [arch.context] : shape.inputShape,
    numClasses: shape.numClasses,
    vocabSize: shape.numClasses,
  });

  const forwardOfSource = async (source: ModelSource): Promise<number> => {
    if (source.type === 'recipe') return flopsPerSample(source.arch, dims(source.arch));
    const dir = task.modelDirs[source.modelId];
    if (dir === undefined) return 0;
    const model = await loadModel(dir);
    const params = model.countParams();
    model.dispose();
    // A dense network's forward pass: a multiply and an add per weight (a lower bound for convolutions).
    return 2 * params;
  };
  const trainRecipe = (source: ModelSource): number =>
    source.type === 'recipe' ? trainingFlops(source.arch, dims(source.arch), trainedSamples(source.train, samplesFor(shape.trainCount, source.arch, shape))) : 0;
  const trainArch = (arch: ModelArch, config: TrainConfig): number =>
    trainingFlops(arch, dims(arch), trainedSamples(config, samplesFor(shape.trainCount, arch, shape)));

  let flops = 0;
  let steps = 1; // this estimate itself
  const measure = (forward: number, arch: ModelArch | null, isBaseline: boolean, batchSizes = MEASURE_BATCHES, iterations = MEASURE_ITERATIONS): void => {
    flops += forward * measureSamples(batchSizes, iterations, samplesFor(shape.testCount, arch, shape), isBaseline);
    steps += 1;
  };
  switch (spec.kind) {
    case 'benchmark':
      for (const [i, source] of spec.models.entries()) {
        if (source.type === 'recipe') {
          flops += trainRecipe(source);
          steps += 1;
        }
        measure(await forwardOfSource(source), source.type === 'recipe' ? source.arch : null, i === 0, spec.batchSizes, spec.latencyIterations);
      }
      break;
    case 'distill':
    case 'pipeline': {
      const teacher = spec.teacher;
      const student = spec.kind === 'distill' ? { arch: spec.student, train: spec.train } : spec.student;
      const teacherForward = await forwardOfSource(teacher);
      const teacherArch = teacher.type === 'recipe' ? teacher.arch : null;
      flops += trainRecipe(teacher) + teacherForward * samplesFor(shape.trainCount, teacherArch, shape) + trainArch(student.arch, student.train);
      steps += (teacher.type === 'recipe' ? 1 : 0) + 1;
      const studentForward = flopsPerSample(student.arch, dims(student.arch));
      measure(teacherForward, teacherArch, true);
      measure(studentForward, student.arch, false);
      if (spec.kind === 'pipeline' && spec.lora) {
        flops += 3 * studentForward * trainedSamples(spec.lora.train, samplesFor(shape.trainCount, student.arch, shape));
        steps += 1;
        measure(studentForward, student.arch, false);
      }
      if (spec.kind === 'pipeline' && spec.quantize) {
        steps += 1;
        for (const _ of spec.quantize.schemes) measure(studentForward, student.arch, false);
      }
      break;
    }
    case 'lora': {
      const forward = await forwardOfSource(spec.base);
      const baseArch = spec.base.type === 'recipe' ? spec.base.arch : null;
      // The frozen base still runs forward and backward for the adapters' gradients.
      flops += trainRecipe(spec.base) + 3 * forward * trainedSamples(spec.train, samplesFor(shape.trainCount, baseArch, shape));
      steps += 1;
      measure(forward, baseArch, true);
      measure(forward, baseArch, false);
      break;
    }
    case 'quantize': {
      const forward = await forwardOfSource(spec.model);
      const modelArch = spec.model.type === 'recipe' ? spec.model.arch : null;
      flops += trainRecipe(spec.model);
      steps += 1;
      measure(forward, modelArch, true);
      const variants = spec.schemes.length + (spec.accuracyAware ? 1 : 0);
      for (let i = 0; i < variants; i++) measure(forward, modelArch, false);
      break;
    }
  }
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
