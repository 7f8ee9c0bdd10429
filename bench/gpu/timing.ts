// Times GPU work without per-step host syncs: warm up, size the window from a short probe, run it, sync once at its end.
import type * as tf from '@tensorflow/tfjs';

export interface WindowOptions {
  /** Steps run (each synced) before timing: shader compilation and buffer pools settle here. */
  warmupSteps: number;
  /** Target length of the timed window. */
  seconds: number;
  minSteps: number;
  maxSteps: number;
}

export interface Throughput {
  stepsPerSec: number;
  steps: number;
  seconds: number;
  /** The last step's output value (a loss), read at the window's end: proves the work ran and stayed finite. */
  lastValue: number;
}

async function readFirst(t: tf.Tensor): Promise<number> {
  const values = await t.data();
  return Number(values[0]);
}

/** Runs `steps` steps, keeping only the last step's output, and waits for the GPU once at the end. */
async function runUnsynced(step: () => tf.Tensor, steps: number): Promise<{ seconds: number; lastValue: number }> {
  const started = performance.now();
  let last: tf.Tensor | null = null;
  for (let i = 0; i < steps; i++) {
    const out = step();
    last?.dispose();
    last = out;
  }
  const lastValue = last ? await readFirst(last) : Number.NaN;
  last?.dispose();
  return { seconds: (performance.now() - started) / 1000, lastValue };
}

/** Steps per second of `step` (which returns one tensor it owns, e.g. the loss) over a window of about `seconds`. */
export async function measureThroughput(step: () => tf.Tensor, opts: WindowOptions): Promise<Throughput> {
  for (let i = 0; i < opts.warmupSteps; i++) {
    const out = step();
    await readFirst(out);
    out.dispose();
  }
  const probeSteps = Math.max(2, opts.minSteps);
  const probe = await runUnsynced(step, probeSteps);
  const rate = probeSteps / Math.max(probe.seconds, 1e-6);
  const steps = Math.min(opts.maxSteps, Math.max(opts.minSteps, Math.ceil(rate * opts.seconds)));
  const timed = await runUnsynced(step, steps);
  return { stepsPerSec: steps / timed.seconds, steps, seconds: timed.seconds, lastValue: timed.lastValue };
}

/** The same step with a host read of its output after every step, as a training loop that checks each loss does. */
export async function measureThroughputSyncedEachStep(step: () => tf.Tensor, opts: WindowOptions): Promise<Throughput> {
  for (let i = 0; i < opts.warmupSteps; i++) {
    const out = step();
    await readFirst(out);
    out.dispose();
  }
  const started = performance.now();
  let steps = 0;
  let lastValue = Number.NaN;
  while (steps < opts.minSteps || (performance.now() - started) / 1000 < opts.seconds) {
    const out = step();
    lastValue = await readFirst(out);
    out.dispose();
    steps++;
    if (steps >= opts.maxSteps) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return { stepsPerSec: steps / seconds, steps, seconds, lastValue };
}
