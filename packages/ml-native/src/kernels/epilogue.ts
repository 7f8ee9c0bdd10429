// The bias-add and activation that fused matmul and fused conv2d apply to their output, in place where the addon
// can (per-channel bias; linear, relu, relu6, leakyrelu, sigmoid, elu) and through tfjs's cpu kernels otherwise.
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { NATIVE_ACTIVATIONS, type NativeActivation, nativeAddon } from '../addon.js';
import { cpuKernel, float32Values } from './kernel_context.js';

function isNativeActivation(name: string): name is NativeActivation {
  return Object.hasOwn(NATIVE_ACTIVATIONS, name);
}

const cpuActivationKernel: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/**
 * Applies bias then activation to `result` (a fresh output whose buffer is `values`, channels last) and returns the
 * final tensor; when it has to allocate new tensors it disposes the intermediates it made.
 */
export function applyBiasActivation(
  backend: MathBackendCPU,
  result: tf.TensorInfo,
  values: Float32Array,
  bias: tf.TensorInfo | undefined,
  activation: string | undefined,
  preluWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): tf.TensorInfo {
  const channels = result.shape[result.shape.length - 1] ?? 1;
  const rows = channels === 0 ? 0 : values.length / channels;
  const act = activation ?? 'linear';
  const biasValues = bias === undefined ? null : float32Values(backend, bias);
  const biasIsPerChannel = bias !== undefined && biasValues !== null && biasValues.length === channels && (bias.shape.at(-1) ?? 1) === channels;
  const nativeAct = isNativeActivation(act);

  if ((bias === undefined || biasIsPerChannel) && nativeAct) {
    if (bias !== undefined || act !== 'linear') {
      nativeAddon().biasActivation(values, biasValues, rows, channels, NATIVE_ACTIVATIONS[act], leakyreluAlpha ?? 0.2);
    }
    return result;
  }

  let current = result;
  if (bias !== undefined) {
    if (biasIsPerChannel) {
      nativeAddon().biasActivation(values, biasValues, rows, channels, NATIVE_ACTIVATIONS.linear, 0);
    } else {
      const summed = cpuKernel('Add')({ inputs: { a: current, b: bias }, backend, attrs: {} });
      backend.disposeIntermediateTensorInfo(current);
      current = summed;
    }
  }
  if (act !== 'linear') {
    const kernelName = cpuActivationKernel[act];
    if (kernelName === undefined) throw new Error(`activation "${act}" is not supported by the native backend`);
    const inputs: tf.NamedTensorInfoMap = act === 'prelu' ? { x: current, alpha: preluWeights } : { x: current };
    const activated = cpuKernel(kernelName)({ inputs, backend, attrs: act === 'leakyrelu' ? { alpha: leakyreluAlpha ?? 0.2 } : {} });
    backend.disposeIntermediateTensorInfo(current);
    current = activated;
  }
  return current;
}
