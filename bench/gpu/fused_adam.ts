// A fused Adam/AdamW update kernel for the webgpu backend, and an optimiser using it, to compare with TrainingOptimizer.
// TrainingOptimizer runs about twelve elementwise ops per variable per step, each a dispatch with its own scalar tensor
// uploaded; here one registered kernel, DistilleryAdamUpdate, computes the new moments and parameter straight from the
// old values in three dispatches, with the step's scalars as uniforms. Same arithmetic, so results match to rounding.
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { OptimizerKind } from '@distillery/ml';
// Side-effect-free modules only (see matmul_kernels.ts for why not the package's main).
import { getMainHeaderString } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_program';
import { computeDispatch, flatDispatchLayout } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_util';

const KERNEL_NAME = 'DistilleryAdamUpdate';

type AdamOutput = 'param' | 'moment1' | 'moment2';

class AdamUpdateProgram {
  variableNames = ['Param', 'Grad', 'Moment1', 'Moment2'];
  uniforms = 'learningRate : f32, beta1 : f32, beta2 : f32, epsilon : f32, correction1 : f32, correction2 : f32, decoupledDecay : f32, l2Decay : f32,';
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

let registered = false;

/** Registers DistilleryAdamUpdate for 'webgpu' (once). */
export function registerFusedAdamKernel(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: KERNEL_NAME,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { param, grad, moment1, moment2 } = inputs as Record<string, TensorInfo>;
      const names = ['learningRate', 'beta1', 'beta2', 'epsilon', 'correction1', 'correction2', 'decoupledDecay', 'l2Decay'];
      const uniforms = names.map((name) => ({ type: 'float32', data: [Number(attrs?.[name])] }));
      const run = (output: AdamOutput): TensorInfo =>
        (backend as unknown as WebgpuBackendLike).runWebGPUProgram(new AdamUpdateProgram([...param!.shape], output), [param!, grad!, moment1!, moment2!], 'float32', uniforms);
      return [run('param'), run('moment1'), run('moment2')];
    },
  });
  registered = true;
}

/** Adam/AdamW over a fixed variable list through the fused kernel (webgpu only). */
export class FusedAdam {
  private iterations = 0;
  private readonly moment1: tf.Variable[];
  private readonly moment2: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly settings: { kind: OptimizerKind; learningRate: number; weightDecay: number },
  ) {
    if (settings.kind === 'sgd') throw new Error('FusedAdam: kind must be adam or adamw');
    if (tf.getBackend() !== 'webgpu') throw new Error(`FusedAdam needs the webgpu backend, active: ${tf.getBackend()}`);
    registerFusedAdamKernel();
    this.moment1 = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
    this.moment2 = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  applyGradients(gradients: readonly (tf.Tensor | undefined)[]): void {
    this.iterations += 1;
    const beta1 = 0.9;
    const beta2 = 0.999;
    const { kind, learningRate, weightDecay } = this.settings;
    const attrs = {
      learningRate,
      beta1,
      beta2,
      epsilon: 1e-7,
      correction1: 1 - beta1 ** this.iterations,
      correction2: 1 - beta2 ** this.iterations,
      decoupledDecay: kind === 'adamw' ? weightDecay : 0,
      l2Decay: kind === 'adam' ? weightDecay : 0,
    };
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const grad = gradients[i];
        if (grad === undefined) return;
        const m = this.moment1[i]!;
        const v = this.moment2[i]!;
        const [nextParam, nextM, nextV] = tf.engine().runKernel<tf.Tensor[]>(KERNEL_NAME, { param: variable, grad, moment1: m, moment2: v }, attrs);
        variable.assign(nextParam!);
        m.assign(nextM!);
        v.assign(nextV!);
      });
    });
  }

  dispose(): void {
    tf.dispose([...this.moment1, ...this.moment2]);
  }
}

/**
 * Trains two copies of a small MLP for three AdamW steps on one batch, one with TrainingOptimizer and one with FusedAdam,
 * and throws unless every weight agrees to 1e-5 (relative): the gate before FusedAdam's speed counts.
 */
export async function checkFusedAdamMatchesTrainingOptimizer(): Promise<string> {
  const { buildModel, TrainingOptimizer } = await import('@distillery/ml');
  const { ModelArch } = await import('@distillery/schemas');
  const arch = ModelArch.parse({ family: 'mlp', hidden: [64] });
  const dims = { inputShape: [32], numClasses: 8 };
  const reference = buildModel(arch, dims, { seed: 9 });
  const fused = buildModel(arch, dims, { seed: 9 });
  const x = tf.randomUniform([64, 32], -1, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([64], 0, 8, 'int32', 4), 8).toFloat();
  const settings = { kind: 'adamw' as const, learningRate: 1e-2, weightDecay: 0.01 };
  const referenceVars = reference.trainableWeights.map((w) => w.read() as tf.Variable);
  const fusedVars = fused.trainableWeights.map((w) => w.read() as tf.Variable);
  const referenceOptimizer = new TrainingOptimizer(referenceVars, settings);
  let fusedOptimizer: FusedAdam | null = null;
  const step = (model: tf.LayersModel, vars: tf.Variable[], optimizer: { applyGradients: (g: (tf.Tensor | undefined)[]) => void }): void =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.apply(x) as tf.Tensor), vars);
      optimizer.applyGradients(vars.map((v) => grads[v.name]));
    });
  try {
    fusedOptimizer = new FusedAdam(fusedVars, settings);
    for (let i = 0; i < 3; i++) {
      step(reference, referenceVars, referenceOptimizer);
      step(fused, fusedVars, fusedOptimizer);
    }
    let worst = 0;
    let moved = 0;
    const initial = buildModel(arch, dims, { seed: 9 });
    for (let i = 0; i < referenceVars.length; i++) {
      const want = await referenceVars[i]!.data();
      const got = await fusedVars[i]!.data();
      const start = await initial.trainableWeights[i]!.read().data();
      for (let j = 0; j < want.length; j++) {
        worst = Math.max(worst, Math.abs(got[j]! - want[j]!) / Math.max(1, Math.abs(want[j]!)));
        moved = Math.max(moved, Math.abs(want[j]! - start[j]!));
      }
    }
    initial.dispose();
    const detail = `FusedAdam vs TrainingOptimizer after 3 AdamW steps: worst relative difference ${worst.toExponential(2)}, weights moved up to ${moved.toExponential(2)}`;
    if (!(worst <= 1e-5) || !(moved > 1e-3)) throw new Error(detail);
    return detail;
  } finally {
    referenceOptimizer.dispose();
    fusedOptimizer?.dispose();
    reference.dispose();
    fused.dispose();
    tf.dispose([x, y]);
  }
}
