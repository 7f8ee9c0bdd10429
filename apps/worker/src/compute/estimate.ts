// The pre-run estimate: analytic FLOPs over the backend's measured rate, plus the measured cost of starting a compute step.
import { flopsPerSample, initBackend, loadDataset, loadModel, measureBackendGflops, trainingFlops } from '@distillery/ml';
import type { DatasetRef, ModelArch, ModelSource, TrainConfig } from '@distillery/schemas';
import type { EstimateResult, EstimateTask } from './protocol.js';
import type { TaskContext } from './tasks.js';

/** Timed calls per batch size when a training kind measures its candidates (the workflow's defaults). */
const MEASURE_BATCHES = [1, 64];
const MEASURE_ITERATIONS = 30;
const WARMUP_AND_PROFILE_CALLS = 4;

interface DataShape {
  inputShape: number[];
  numClasses: number;
  trainCount: number;
  testCount: number;
}

async function shapeOf(ref: DatasetRef, uploadsDir: string): Promise<DataShape> {
  const data = await loadDataset(ref, { seed: 42, uploadsDir });
  if (data.kind === 'classification') {
    return { inputShape: data.inputShape, numClasses: data.numClasses, trainCount: data.train.count, testCount: data.test.count };
  }
  // Text: the train step reads windows; count characters as samples, a generous upper bound.
  return { inputShape: [1], numClasses: data.vocab.length, trainCount: data.train.length, testCount: data.test.length };
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
  await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const { spec } = task;
  const mainData = spec.kind === 'quantize' ? spec.calibration : spec.dataset;
  const shape = await shapeOf(mainData, task.uploadsDir);
  // Every compute step pays this again in its own process: start, backend, data.
  const stepOverheadSeconds = (performance.now() - started) / 1000;
  const probe = await measureBackendGflops({ size: 256, iterations: 3 });
  const dims = { inputShape: shape.inputShape, numClasses: shape.numClasses, vocabSize: shape.numClasses };

  const forwardOfSource = async (source: ModelSource): Promise<number> => {
    if (source.type === 'recipe') return flopsPerSample(source.arch, dims);
    const dir = task.modelDirs[source.modelId];
    if (dir === undefined) return 0;
    const model = await loadModel(dir);
    const params = model.countParams();
    model.dispose();
    // A dense network's forward pass: a multiply and an add per weight (a lower bound for convolutions).
    return 2 * params;
  };
  const trainRecipe = (source: ModelSource): number =>
    source.type === 'recipe' ? trainingFlops(source.arch, dims, trainedSamples(source.train, shape.trainCount)) : 0;
  const trainArch = (arch: ModelArch, config: TrainConfig): number => trainingFlops(arch, dims, trainedSamples(config, shape.trainCount));

  let flops = 0;
  let steps = 1; // this estimate itself
  const measure = (forward: number, isBaseline: boolean, batchSizes = MEASURE_BATCHES, iterations = MEASURE_ITERATIONS): void => {
    flops += forward * measureSamples(batchSizes, iterations, shape.testCount, isBaseline);
    steps += 1;
  };
  switch (spec.kind) {
    case 'benchmark':
      for (const [i, source] of spec.models.entries()) {
        if (source.type === 'recipe') {
          flops += trainRecipe(source);
          steps += 1;
        }
        measure(await forwardOfSource(source), i === 0, spec.batchSizes, spec.latencyIterations);
      }
      break;
    case 'distill':
    case 'pipeline': {
      const teacher = spec.teacher;
      const student = spec.kind === 'distill' ? { arch: spec.student, train: spec.train } : spec.student;
      const teacherForward = await forwardOfSource(teacher);
      flops += trainRecipe(teacher) + teacherForward * shape.trainCount + trainArch(student.arch, student.train);
      steps += (teacher.type === 'recipe' ? 1 : 0) + 1;
      const studentForward = flopsPerSample(student.arch, dims);
      measure(teacherForward, true);
      measure(studentForward, false);
      if (spec.kind === 'pipeline' && spec.lora) {
        flops += 3 * studentForward * trainedSamples(spec.lora.train, shape.trainCount);
        steps += 1;
        measure(studentForward, false);
      }
      if (spec.kind === 'pipeline' && spec.quantize) {
        steps += 1;
        for (const _ of spec.quantize.schemes) measure(studentForward, false);
      }
      break;
    }
    case 'lora': {
      const forward = await forwardOfSource(spec.base);
      // The frozen base still runs forward and backward for the adapters' gradients.
      flops += trainRecipe(spec.base) + 3 * forward * trainedSamples(spec.train, shape.trainCount);
      steps += 1;
      measure(forward, true);
      measure(forward, false);
      break;
    }
    case 'quantize': {
      const forward = await forwardOfSource(spec.model);
      flops += trainRecipe(spec.model);
      steps += 1;
      measure(forward, true);
      const variants = spec.schemes.length + (spec.accuracyAware ? 1 : 0);
      for (let i = 0; i < variants; i++) measure(forward, false);
      break;
    }
  }
  const computeSeconds = flops / (probe.gflops * 1e9);
  return { estimatedDeviceSeconds: computeSeconds + stepOverheadSeconds * steps };
}
