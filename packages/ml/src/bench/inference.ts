// Inference measurement: latency percentiles at batch 1, throughput at the largest batch, peak memory.
import * as tf from '@tensorflow/tfjs';
import { singleOutput, type Predictor } from '../eval/predict.js';
import { percentile } from './percentile.js';

export interface InferenceOptions {
  /** Batch sizes to time; latency percentiles come from the smallest, throughput from the largest. */
  batchSizes: number[];
  /** Timed calls per batch size. */
  iterations: number;
  /** Untimed calls per batch size first (kernel compilation, allocator warm-up). */
  warmup: number;
}

export interface BatchTiming {
  batch: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number };
  samplesPerSec: number;
}

export interface InferenceReport {
  backend: string;
  /** Latency of one call at the smallest batch size (batch 1 when it is in `batchSizes`). */
  latencyMs: { p50: number; p95: number; p99: number };
  latencyBatch: number;
  /** Samples per second at the largest batch size. */
  throughputPerSec: number;
  throughputBatch: number;
  /** Peak bytes held in tfjs tensors during one forward pass at the largest batch (weights included), from tf.profile. */
  peakMemoryBytes: number;
  /** Largest rise of the process's resident set size over its value at the start of the measurement. */
  rssDeltaBytes: number;
  perBatch: BatchTiming[];
}

function checkOptions(opts: InferenceOptions): void {
  if (opts.batchSizes.length === 0) throw new Error('batchSizes: must name at least one batch size');
  for (const b of opts.batchSizes) {
    if (!Number.isInteger(b) || b < 1) throw new Error(`batchSizes: ${b} is not a positive integer`);
  }
  if (!Number.isInteger(opts.iterations) || opts.iterations < 1) throw new Error('iterations: must be a positive integer');
  if (!Number.isInteger(opts.warmup) || opts.warmup < 0) throw new Error('warmup: must be a non-negative integer');
}

/** One forward pass, waited on until its values are on the host, so the time covers the real work. */
async function timedCall(model: Predictor, input: tf.Tensor): Promise<number> {
  const start = performance.now();
  const out = singleOutput(model.predict(input));
  await out.data();
  const elapsed = performance.now() - start;
  out.dispose();
  return elapsed;
}

/**
 * Times `model.predict(makeInput(batch))` for each batch size. Inputs are built once per batch size and
 * outside the timed region; every timed call waits for its output's values (`data()`), so asynchronous
 * backends cannot report dispatch time as latency.
 */
export async function measureInference(
  model: Predictor,
  makeInput: (batch: number) => tf.Tensor,
  opts: InferenceOptions,
): Promise<InferenceReport> {
  checkOptions(opts);
  const batchSizes = [...new Set(opts.batchSizes)].sort((a, b) => a - b);
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const perBatch: BatchTiming[] = [];
  for (const batch of batchSizes) {
    const input = makeInput(batch);
    try {
      if (input.shape[0] !== batch) throw new Error(`makeInput(${batch}): returned a tensor with first axis ${input.shape[0]}`);
      for (let i = 0; i < opts.warmup; i++) await timedCall(model, input);
      const samples: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        samples.push(await timedCall(model, input));
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
      perBatch.push({
        batch,
        latencyMs: { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), mean },
        samplesPerSec: (batch * 1000) / mean,
      });
    } finally {
      input.dispose();
    }
  }
  const largest = batchSizes[batchSizes.length - 1]!;
  // Profiling records every kernel, which slows it down: it gets its own pass, outside the timed ones.
  const input = makeInput(largest);
  const profile = await tf.profile(async () => {
    const out = singleOutput(model.predict(input));
    await out.data();
    out.dispose();
  });
  input.dispose();
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  const smallest = perBatch[0]!;
  const biggest = perBatch[perBatch.length - 1]!;
  return {
    backend: tf.getBackend(),
    latencyMs: { p50: smallest.latencyMs.p50, p95: smallest.latencyMs.p95, p99: smallest.latencyMs.p99 },
    latencyBatch: smallest.batch,
    throughputPerSec: biggest.samplesPerSec,
    throughputBatch: biggest.batch,
    peakMemoryBytes: profile.peakBytes,
    rssDeltaBytes: rssPeak - rssStart,
    perBatch,
  };
}
