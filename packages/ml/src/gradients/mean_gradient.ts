// A gradient for Mean that divides the (small) upstream gradient by the reduced size and broadcasts it, where tfjs's
// own builds a full-size tensor of ones, multiplies and divides: three full passes and a fresh allocation outside any
// kernel (so outside the buffer pool). tfjs-layers' LayerNormalization takes two means per layer, and those ones
// tensors were 75 MB of a transformer step's garbage. Same values: dy·1/n and dy/n are the same float.
// Registered per kernel name for every backend, so this replaces tfjs's Mean gradient process-wide.
import * as tf from '@tensorflow/tfjs';

let installed = false;

/** d mean(x, axes) / dx for upstream `dy` (shaped like the mean, with or without kept dims). */
export function meanGradient(dy: tf.Tensor, xShape: readonly number[], axis: number | number[] | null | undefined): tf.Tensor {
  return tf.tidy(() => {
    // tfjs passes axis null (or leaves it out) for a mean over every axis.
    const axes = axis === null || axis === undefined ? xShape.map((_, i) => i) : tf.util.parseAxisParam(axis, [...xShape]);
    const expandedShape = xShape.map((size, i) => (axes.includes(i) ? 1 : size));
    const reduceSize = axes.reduce((product, i) => product * (xShape[i] as number), 1);
    return tf.broadcastTo(tf.div(tf.reshape(dy, expandedShape), reduceSize), [...xShape]);
  });
}

export function installMeanGradient(): void {
  if (installed) return;
  installed = true;
  tf.registerGradient({
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { axis } = attrs as unknown as { axis: number | number[] | null | undefined };
      return { x: () => meanGradient(dy as tf.Tensor, x.shape, axis) };
    },
  });
}
