// Analytic forward FLOPs per sample (per sequence for the transformer), counting a multiply-add as 2 FLOPs.
import type { ModelArch } from '@distillery/schemas';
import type { ModelDims } from './build.js';

/** Training costs about 3× the forward pass (forward, plus gradients for activations and for weights). */
export const TRAINING_FLOPS_MULTIPLIER = 3;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Forward FLOPs for one example. Only matrix products and convolutions count (biases, activations, norms, softmax
 * and pooling are O(activations) and below 2% for these models):
 * - dense in→out: 2·in·out
 * - conv k×k, 'same' padding, on H×W×Cin → Cout: 2·H·W·k²·Cin·Cout; each 2×2 max-pool then halves H and W (floor)
 * - transformer, context T, width d, L blocks, vocabulary V, per sequence:
 *   L·(8·T·d² [q,k,v,out projections] + 4·T²·d [q·kᵀ and attn·v, full T×T as computed] + 16·T·d² [MLP d→4d→d])
 *   + 2·T·d·V [head]; embedding lookups are free.
 */
export function flopsPerSample(arch: ModelArch, dims: ModelDims): number {
  switch (arch.family) {
    case 'mlp': {
      const numClasses = dims.numClasses ?? 0;
      let width = product(dims.inputShape);
      let flops = 0;
      for (const hidden of arch.hidden) {
        flops += 2 * width * hidden;
        width = hidden;
      }
      return flops + 2 * width * numClasses;
    }
    case 'cnn': {
      const numClasses = dims.numClasses ?? 0;
      const flat = product(dims.inputShape);
      let [height, widthPx, channels] =
        dims.inputShape.length === 3 ? (dims.inputShape as [number, number, number]) : [Math.round(Math.sqrt(flat)), Math.round(Math.sqrt(flat)), 1];
      let flops = 0;
      for (const filters of arch.filters) {
        flops += 2 * height * widthPx * arch.kernelSize * arch.kernelSize * channels * filters;
        channels = filters;
        height = Math.floor(height / 2);
        widthPx = Math.floor(widthPx / 2);
      }
      const flattened = height * widthPx * channels;
      return flops + 2 * flattened * arch.dense + 2 * arch.dense * numClasses;
    }
    case 'char-transformer': {
      const t = arch.context;
      const d = arch.dModel;
      const v = dims.vocabSize ?? 0;
      const perBlock = 8 * t * d * d + 4 * t * t * d + 16 * t * d * d;
      return arch.layers * perBlock + 2 * t * d * v;
    }
  }
}

/** Training FLOPs for `samples` examples (sequences): forward × 3. */
export function trainingFlops(arch: ModelArch, dims: ModelDims, samples: number): number {
  return TRAINING_FLOPS_MULTIPLIER * flopsPerSample(arch, dims) * samples;
}
