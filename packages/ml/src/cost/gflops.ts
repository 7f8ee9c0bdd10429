// The active backend's measured matmul rate, the figure pre-run estimates divide FLOPs by.
import * as tf from '@tensorflow/tfjs';

export interface GflopsProbe {
  backend: string;
  /** Square matrix size used: [size, size] × [size, size]. */
  size: number;
  /** 2·size³ FLOPs per multiply over the median time of `iterations` multiplies. */
  gflops: number;
  medianMs: number;
}

/** Times `iterations` matmuls of [size, size] (after one untimed warm-up), each synced with `data()`. */
export async function measureBackendGflops(opts: { size?: number; iterations?: number } = {}): Promise<GflopsProbe> {
  const size = opts.size ?? 512;
  const iterations = opts.iterations ?? 5;
  if (!Number.isInteger(size) || size < 8) throw new Error('size: must be an integer ≥ 8');
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error('iterations: must be a positive integer');
  const a = tf.randomUniform([size, size], -1, 1);
  const b = tf.randomUniform([size, size], -1, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i <= iterations; i++) {
      const start = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      const elapsed = performance.now() - start;
      c.dispose();
      if (i > 0) times.push(elapsed);
    }
  } finally {
    tf.dispose([a, b]);
  }
  times.sort((x, y) => x - y);
  const medianMs = times[Math.floor(times.length / 2)]!;
  return { backend: tf.getBackend(), size, gflops: (2 * size ** 3) / (medianMs * 1e6), medianMs };
}
