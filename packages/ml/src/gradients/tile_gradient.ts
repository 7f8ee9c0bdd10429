// A gradient for Tile that costs one reshape and one sum per tiled axis. tfjs's own slices dy once per repetition
// and adds the slices up: for tfjs-layers' LayerNormalization (which tiles its mean to the full input) that is
// width×batch slices per layer, 78,000 kernels in one transformer step. Gradients are registered per kernel name for
// every backend, so this replaces tfjs's Tile gradient process-wide (gradients/index.ts); it computes the same sum.
import * as tf from '@tensorflow/tfjs';

let installed = false;

/** dy [r0·s0, r1·s1, …] → Σ over the repetitions → [s0, s1, …]. */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    // Split each axis into (repetition, original) and sum the repetition axes away one at a time; each sum is over
    // one contiguous axis, which the native Sum kernel handles directly.
    const split = xShape.flatMap((size, axis) => [reps[axis] as number, size]);
    let grad = tf.reshape(dy, split);
    for (let axis = xShape.length - 1; axis >= 0; axis--) {
      if ((reps[axis] as number) > 1) grad = tf.sum(grad, 2 * axis, true);
    }
    return tf.reshape(grad, [...xShape]);
  });
}

export function installTileGradient(): void {
  if (installed) return;
  installed = true;
  tf.registerGradient({
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { reps } = attrs as unknown as { reps: number[] };
      return { x: () => tileGradient(dy as tf.Tensor, x.shape, reps) };
    },
  });
}
