// A fused Adam/AdamW update: one pass over each variable's memory instead of ~12 tfjs kernels and their temporaries.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from './addon.js';

export interface NativeAdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Added to the gradient as `l2Decay · weight` (Adam with weight decay). */
  l2Decay: number;
  /** Subtracted from the weight as `learningRate · decoupledDecay · weight` (AdamW, Loshchilov & Hutter 2019). */
  decoupledDecay: number;
  /** 1-based number of this update, for the bias correction. */
  step: number;
}

function cpuBackendHolding(tensor: tf.Tensor, field: string): MathBackendCPU {
  const backend = tf.engine().backend;
  if (!(backend instanceof MathBackendCPU)) {
    throw new Error(`nativeAdamStep: the active backend "${tf.getBackend()}" is not native or cpu`);
  }
  if (tensor.isDisposed) throw new Error(`nativeAdamStep: ${field} is disposed`);
  if (tensor.dtype !== 'float32') throw new Error(`nativeAdamStep: ${field} must be float32, got ${tensor.dtype}`);
  return backend;
}

/**
 * The buffer of `target` to update in place. When another tensor shares it (refCount > 1, e.g. right after
 * `tf.variable(t)` while t lives), the variable first gets a private copy so no other tensor sees the update.
 */
function ownedBuffer(backend: MathBackendCPU, target: tf.Variable, field: string): Float32Array {
  if (backend.refCount(target.dataId) > 1) {
    const shared = backend.data.get(target.dataId)?.values;
    if (!(shared instanceof Float32Array)) throw new Error(`nativeAdamStep: ${field} is not held as a float32 buffer`);
    const privateCopy = tf.tensor(shared.slice(), target.shape, 'float32');
    target.assign(privateCopy);
    privateCopy.dispose();
  }
  const values = backend.data.get(target.dataId)?.values;
  if (!(values instanceof Float32Array)) throw new Error(`nativeAdamStep: ${field} is not held as a float32 buffer`);
  return values;
}

/**
 * Applies one Adam/AdamW update to `variable` and its moment variables `firstMoment` and `secondMoment`, in place,
 * with the same arithmetic as the tfjs-op implementation in @distillery/ml's TrainingOptimizer. Requires the active
 * backend to be `native` (or `cpu`) and the addon to be available; throws naming the field otherwise.
 */
export function nativeAdamStep(
  variable: tf.Variable,
  gradient: tf.Tensor,
  firstMoment: tf.Variable,
  secondMoment: tf.Variable,
  settings: NativeAdamSettings,
): void {
  const backend = cpuBackendHolding(variable, 'variable');
  cpuBackendHolding(gradient, 'gradient');
  cpuBackendHolding(firstMoment, 'firstMoment');
  cpuBackendHolding(secondMoment, 'secondMoment');
  for (const [field, tensor] of [['gradient', gradient], ['firstMoment', firstMoment], ['secondMoment', secondMoment]] as const) {
    if (!tf.util.arraysEqual(tensor.shape, variable.shape)) {
      throw new Error(`nativeAdamStep: ${field} has shape [${tensor.shape.join(',')}], variable has [${variable.shape.join(',')}]`);
    }
  }
  if (!Number.isInteger(settings.step) || settings.step < 1) throw new Error(`nativeAdamStep: step must be an integer >= 1, got ${settings.step}`);
  if (!(settings.learningRate > 0)) throw new Error(`nativeAdamStep: learningRate must be > 0, got ${settings.learningRate}`);
  const gradientValues = backend.data.get(gradient.dataId)?.values;
  if (!(gradientValues instanceof Float32Array)) throw new Error('nativeAdamStep: gradient is not held as a float32 buffer');
  nativeAddon().adamStep(
    ownedBuffer(backend, variable, 'variable'),
    gradientValues,
    ownedBuffer(backend, firstMoment, 'firstMoment'),
    ownedBuffer(backend, secondMoment, 'secondMoment'),
    settings.learningRate,
    settings.beta1,
    settings.beta2,
    settings.epsilon,
    settings.l2Decay,
    settings.decoupledDecay,
    settings.step,
  );
}
