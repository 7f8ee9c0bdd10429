// Asynchronous tensor reads for tests: webgpu under Node has no dataSync/arraySync (its readSync needs OffscreenCanvas).
import * as tf from '@tensorflow/tfjs';

/** The first value of the tensor `compute` returns (built inside tf.tidy), read with `await data()`, then disposed. */
export async function scalarAsync(compute: () => tf.Tensor): Promise<number> {
  const t = tf.tidy(compute);
  try {
    const value = (await t.data())[0];
    if (value === undefined) throw new Error(`scalarAsync: the tensor of shape [${t.shape.join(',')}] is empty`);
    return value;
  } finally {
    t.dispose();
  }
}

/** The values of the tensor `compute` returns (built inside tf.tidy), read with `await data()`, then disposed. */
export async function valuesAsync(compute: () => tf.Tensor): Promise<tf.TypedArray> {
  const t = tf.tidy(compute);
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}
