// The fused Adam/AdamW update for the webgpu backend. TrainingOptimizer's elementwise form runs about twelve ops per
// variable per step, each a dispatch with its own uploaded scalar; this kernel computes the new parameter and both
// moments straight from the old values in three dispatches, with the step's scalars as uniforms. Same arithmetic as
// TrainingOptimizer (the webgpu suite checks they agree to rounding).
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
// Side-effect-free modules only (see matmul_kernels.ts for why not the package's main).
import { getMainHeaderString } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_program.js';
import { computeDispatch, flatDispatchLayout } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_util.js';
import { WEBGPU_ADAM_KERNEL } from './settings.js';

type AdamOutput = 'param' | 'moment1' | 'moment2';

/** The kernel's attributes: scalars of one step. */
export interface WebgpuAdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ: the bias corrections of step t. */
  correction1: number;
  correction2: number;
  /** AdamW's decoupled weight decay (0 for Adam). */
  decoupledDecay: number;
  /** Adam's L2 term added to the gradient (0 for AdamW). */
  l2Decay: number;
}

const ATTR_ORDER: readonly (keyof WebgpuAdamAttrs)[] = ['learningRate', 'beta1', 'beta2', 'epsilon', 'correction1', 'correction2', 'decoupledDecay', 'l2Decay'];

class AdamUpdateProgram {
  variableNames = ['Param', 'Grad', 'Moment1', 'Moment2'];
  uniforms = `${ATTR_ORDER.map((name) => `${name} : f32`).join(', ')},`;
  size = true;
  workgroupSize: [number, number, number] = [128, 1, 1];
  outputShape: number[];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  shaderKey: string;

  constructor(
    shape: number[],
    private readonly output: AdamOutput,
  ) {
    this.outputShape = shape;
    this.dispatchLayout = flatDispatchLayout(shape);
    this.dispatch = computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
    this.shaderKey = `distilleryAdam_${output}`;
  }

  getUserCode(): string {
    const value = {
      // p − lr·(m̂ / (√v̂ + ε) + decay·p), m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ): TrainingOptimizer's update.
      param: 'Param[index] - uniforms.learningRate * ((m / uniforms.correction1) / (sqrt(v / uniforms.correction2) + uniforms.epsilon) + uniforms.decoupledDecay * Param[index])',
      moment1: 'm',
      moment2: 'v',
    }[this.output];
    return `
      ${getMainHeaderString('index')} {
        if (index < uniforms.size) {
          let g = Grad[index] + uniforms.l2Decay * Param[index];
          let m = uniforms.beta1 * Moment1[index] + (1.0 - uniforms.beta1) * g;
          let v = uniforms.beta2 * Moment2[index] + (1.0 - uniforms.beta2) * g * g;
          setOutputAtIndex(index, ${value});
        }
      }`;
  }
}

interface WebgpuBackendLike {
  runWebGPUProgram(program: unknown, inputs: TensorInfo[], dtype: string, uniforms?: { type: string; data: number[] }[]): TensorInfo;
}

/** Registers WEBGPU_ADAM_KERNEL for 'webgpu' (once per process). */
export function registerWebgpuAdamKernel(): void {
  if (tf.getKernel(WEBGPU_ADAM_KERNEL, 'webgpu') !== undefined) return;
  tf.registerKernel({
    kernelName: WEBGPU_ADAM_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { param, grad, moment1, moment2 } = inputs as Record<string, TensorInfo>;
      if (!param || !grad || !moment1 || !moment2) throw new Error(`${WEBGPU_ADAM_KERNEL}: needs param, grad, moment1 and moment2`);
      const uniforms = ATTR_ORDER.map((name) => ({ type: 'float32', data: [Number(attrs?.[name])] }));
      const run = (output: AdamOutput): TensorInfo =>
        (backend as unknown as WebgpuBackendLike).runWebGPUProgram(new AdamUpdateProgram([...param.shape], output), [param, grad, moment1, moment2], 'float32', uniforms);
      return [run('param'), run('moment1'), run('moment2')];
    },
  });
}
