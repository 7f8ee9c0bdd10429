// Checks that Distillery's webgpu kernels compute what tfjs's own do: run by the webgpu test suite (on Mesa lavapipe
// in CI) and by bench/gpu on a real GPU before a tuned setting's speed counts.
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { buildModel } from '../models/build.js';
import { TrainingOptimizer, type OptimizerKind } from '../train/optimizer.js';
import { registerWebgpuAdamKernel } from './adam_kernel.js';
import { setWebgpuFusedAdam, webgpuFusedAdamEnabled } from './settings.js';

/** Relative agreement the fused update must reach with the elementwise one after three steps (fp32 rounding only). */
export const FUSED_ADAM_TOLERANCE = 1e-5;

const ARCH = ModelArch.parse({ family: 'mlp', hidden: [64] });
const DIMS = { inputShape: [32], numClasses: 8 };

async function weightsAfterSteps(kind: OptimizerKind, fused: boolean): Promise<Float32Array[]> {
  const model = buildModel(ARCH, DIMS, { seed: 9 });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = new TrainingOptimizer(variables, { kind, learningRate: 1e-2, weightDecay: 0.01 });
  const x = tf.randomUniform([64, 32], -1, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([64], 0, 8, 'int32', 4), 8).toFloat();
  const previous = webgpuFusedAdamEnabled();
  setWebgpuFusedAdam(fused);
  try {
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.apply(x) as tf.Tensor), variables);
        optimizer.applyGradients(variables.map((v) => grads[v.name]));
      });
    }
    return await Promise.all(variables.map(async (v) => (await v.data()) as Float32Array));
  } finally {
    setWebgpuFusedAdam(previous);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  }
}

/**
 * Trains one small MLP three steps with TrainingOptimizer's elementwise Adam/AdamW and again with the fused kernel,
 * from the same weights, and throws unless every weight agrees to FUSED_ADAM_TOLERANCE while having moved.
 */
export async function checkFusedAdam(): Promise<string> {
  if (tf.getBackend() !== 'webgpu') throw new Error(`checkFusedAdam needs the webgpu backend, active: ${tf.getBackend()}`);
  registerWebgpuAdamKernel();
  const details: string[] = [];
  for (const kind of ['adam', 'adamw'] as const) {
    const reference = await weightsAfterSteps(kind, false);
    const fused = await weightsAfterSteps(kind, true);
    const start = buildModel(ARCH, DIMS, { seed: 9 });
    const startValues = await Promise.all(start.trainableWeights.map(async (w) => w.read().data()));
    start.dispose();
    let worst = 0;
    let moved = 0;
    reference.forEach((want, i) => {
      const got = fused[i]!;
      for (let j = 0; j < want.length; j++) {
        worst = Math.max(worst, Math.abs(got[j]! - want[j]!) / Math.max(1, Math.abs(want[j]!)));
        moved = Math.max(moved, Math.abs(want[j]! - startValues[i]![j]!));
      }
    });
    const detail = `${kind}: worst relative difference ${worst.toExponential(2)}, weights moved up to ${moved.toExponential(2)}`;
    if (!(worst <= FUSED_ADAM_TOLERANCE) || !(moved > 1e-3)) throw new Error(`fused Adam differs from TrainingOptimizer's elementwise update: ${detail}`);
    details.push(detail);
  }
  return `fused vs elementwise after 3 steps: ${details.join('; ')}`;
}
