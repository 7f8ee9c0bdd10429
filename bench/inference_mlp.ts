// Inference side of the bench: the trained MLP against its quantized variants, each loaded back by stock tfjs.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  evaluateClassifier,
  inferenceCostPerMillionUsd,
  loadModel,
  measureInference,
  quantizeModel,
  saveModel,
  type ClassificationDataset,
  type InferenceReport,
  type LayerScheme,
  type QuantizedWeight,
} from '@distillery/ml';

export interface InferenceRow {
  variant: string;
  scheme: LayerScheme;
  sizeBytes: number;
  accuracy: number;
  /** Share of test examples where the variant's top class equals the float model's. */
  agreementWithFloat: number;
  /** RMS of (stored − float) over every kernel weight: the quantization error itself, before it reaches the outputs. */
  kernelRmsError: number;
  latencyMs: { p50: number; p95: number; p99: number };
  latencyBatch: number;
  throughputPerSec: number;
  throughputBatch: number;
  peakMemoryBytes: number;
  inferenceCostPerMillionUsd: number;
}

const SCHEMES: LayerScheme[] = ['float32', 'float16', 'uint8', 'int8-per-channel'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** RMS of (stored − float) over every kernel weight, from the writer's per-weight report. */
function kernelRms(weights: QuantizedWeight[]): number {
  const kernels = weights.filter((w) => w.name.endsWith('/kernel'));
  const size = (w: QuantizedWeight) => w.shape.reduce((a, b) => a * b, 1);
  const count = kernels.reduce((s, w) => s + size(w), 0);
  return Math.sqrt(kernels.reduce((s, w) => s + w.rmsError ** 2 * size(w), 0) / count);
}

/**
 * Writes each variant, loads it back with stock tfjs, scores it on the test split, then times all variants in
 * `rounds` interleaved rounds (every variant once per round) so background load on a shared machine hits them
 * alike; each reported figure is the median over rounds.
 */
export async function benchInference(
  model: tf.LayersModel,
  data: ClassificationDataset,
  opts: { dir: string; iterations: number; warmup: number; throughputBatch: number; rounds: number },
): Promise<InferenceRow[]> {
  const testCount = data.test.count;
  const x = tf.tensor2d(data.test.x, [testCount, 784]);
  const variants: { scheme: LayerScheme; model: tf.LayersModel; row: Omit<InferenceRow, 'latencyMs' | 'latencyBatch' | 'throughputPerSec' | 'throughputBatch' | 'peakMemoryBytes' | 'inferenceCostPerMillionUsd'>; reports: InferenceReport[] }[] = [];
  try {
    const floatMetrics = await evaluateClassifier(model, { x, y: data.test.y });
    for (const scheme of SCHEMES) {
      const dir = path.join(opts.dir, scheme);
      let sizeBytes: number;
      let kernelRmsError = 0;
      if (scheme === 'float32') {
        sizeBytes = (await saveModel(model, dir)).sizeBytes;
      } else {
        const written = await quantizeModel(model, dir, { scheme });
        sizeBytes = written.sizeBytes;
        kernelRmsError = kernelRms(written.weights);
      }
      const loaded = await loadModel(dir);
      const metrics = await evaluateClassifier(loaded, { x, y: data.test.y }, { teacherLogits: floatMetrics.logits });
      variants.push({
        scheme,
        model: loaded,
        reports: [],
        row: {
          variant: scheme === 'float32' ? 'mlp-784-800-800-10 (float original)' : `mlp-784-800-800-10 ${scheme}`,
          scheme,
          sizeBytes,
          accuracy: metrics.accuracy,
          agreementWithFloat: metrics.teacherAgreement ?? 1,
          kernelRmsError,
        },
      });
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const v of variants) {
        v.reports.push(
          await measureInference(v.model, (b) => x.slice(0, b), {
            batchSizes: [1, opts.throughputBatch],
            iterations: opts.iterations,
            warmup: opts.warmup,
          }),
        );
      }
    }
    return variants.map((v) => {
      const throughputPerSec = median(v.reports.map((r) => r.throughputPerSec));
      return {
        ...v.row,
        latencyMs: {
          p50: median(v.reports.map((r) => r.latencyMs.p50)),
          p95: median(v.reports.map((r) => r.latencyMs.p95)),
          p99: median(v.reports.map((r) => r.latencyMs.p99)),
        },
        latencyBatch: v.reports[0]!.latencyBatch,
        throughputPerSec,
        throughputBatch: v.reports[0]!.throughputBatch,
        peakMemoryBytes: Math.max(...v.reports.map((r) => r.peakMemoryBytes)),
        inferenceCostPerMillionUsd: inferenceCostPerMillionUsd(throughputPerSec, 'cpu'),
      };
    });
  } finally {
    for (const v of variants) v.model.dispose();
    x.dispose();
  }
}
