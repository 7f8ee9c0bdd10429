// GPU checks of whole-model transforms: LoRA merged vs unmerged outputs, quantize/dequantize round trips, quantized models vs float.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { loadModel } from '../io.js';
import { applyLora, loraLayers } from '../lora/apply_lora.js';
import { mergeLora } from '../lora/merge_lora.js';
import { buildModel } from '../models/build.js';
import { dequantizeAffine, quantizeAffine } from '../quantize/affine.js';
import { dequantizeInt8PerChannel, quantizeInt8PerChannel } from '../quantize/int8_per_channel.js';
import { roundTrip, type LayerScheme } from '../quantize/schemes.js';
import { quantizeModel } from '../quantize/write.js';
import { assertClose, readAndDispose, seededValues } from './reference.js';
import { GPU_FP32_TOLERANCE } from './tolerances.js';

const MLP_ARCH = ModelArch.parse({ family: 'mlp', hidden: [64, 48] });
const MLP_DIMS = { inputShape: [20], numClasses: 6 };
const ROWS = 32;

function inputs(seed: number): tf.Tensor2D {
  return tf.tensor2d(seededValues(ROWS * 20, seed, -2, 2), [ROWS, 20]);
}

async function predictValues(model: tf.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  return readAndDispose(model.predict(x) as tf.Tensor);
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A LoRA model with non-zero adapters computes the same logits as its merged stock-Dense model, and differs from the base. */
export async function checkLoraMerge(): Promise<string> {
  const base = buildModel(MLP_ARCH, MLP_DIMS, { seed: 5 });
  const adapted = await applyLora(base, { rank: 4, alpha: 8, seed: 9 });
  const x = inputs(21);
  let merged: tf.LayersModel | null = null;
  try {
    // B starts at zero (the update is exactly 0); give every adapter a real update so the check can fail.
    loraLayers(adapted).forEach((layer, i) => {
      const { a, b } = layer.adapterWeights();
      const newB = tf.tensor(seededValues(b.size, 300 + i, -0.5, 0.5), b.shape);
      layer.setAdapterWeights(a, newB);
      newB.dispose();
    });
    merged = await mergeLora(adapted);
    const baseLogits = await predictValues(base, x);
    const unmergedLogits = await predictValues(adapted, x);
    const mergedLogits = await predictValues(merged, x);
    const updateSize = maxAbsDifference(unmergedLogits, baseLogits);
    if (!(updateSize > 1e-2)) throw new Error(`LoRA update changed the logits by only ${updateSize}: the adapters did not apply`);
    const detail = assertClose('merged vs unmerged logits', mergedLogits, unmergedLogits, GPU_FP32_TOLERANCE.equivalentGraphs);
    return `${detail}; adapters move logits by up to ${updateSize.toFixed(3)}`;
  } finally {
    x.dispose();
    base.dispose();
    adapted.dispose();
    merged?.dispose();
  }
}

/**
 * Each scheme's round trip stays inside its grid's error bound, and dequantisation computed with tensor ops on the
 * active backend matches the reference dequantisation (what tfjs's loader decodes).
 */
export async function checkQuantizeRoundTrips(): Promise<string> {
  const shape = [96, 40];
  const weights = seededValues(96 * 40, 31, -0.3, 0.5);
  const range = 0.8;
  const bounds: Record<Exclude<LayerScheme, 'float32'>, number> = {
    float16: 0.5 * 2 ** -10, // half an ulp at |w| < 1 (10 mantissa bits)
    // Affine grids nudge min so 0 is a level: the extremes may then be off by up to a whole step.
    uint16: range / 65535 + 1e-7,
    uint8: range / 255 + 1e-7,
    'int8-per-channel': (0.5 / 127) * 0.5 + 1e-7,
  };
  const details: string[] = [];
  for (const [scheme, bound] of Object.entries(bounds) as [Exclude<LayerScheme, 'float32'>, number][]) {
    const error = maxAbsDifference(roundTrip(weights, shape, scheme), weights);
    if (!(error <= bound)) throw new Error(`${scheme} round trip: max |Δ| ${error} exceeds the grid bound ${bound}`);
    details.push(`${scheme} max |Δ| ${error.toExponential(2)} ≤ ${bound.toExponential(2)}`);
  }

  const affine = quantizeAffine(weights, 'uint8');
  const onDevice = tf.tidy(() => tf.add(tf.mul(tf.tensor1d(Float32Array.from(affine.quantized)), affine.scale), affine.min));
  details.push(assertClose('uint8 dequantised on device', await readAndDispose(onDevice), dequantizeAffine(affine), GPU_FP32_TOLERANCE.dequantize));

  const perChannel = quantizeInt8PerChannel(weights, shape);
  const perChannelOnDevice = tf.tidy(() =>
    tf.mul(tf.tensor2d(Float32Array.from(perChannel.values), [96, 40]), tf.tensor1d(perChannel.scales)),
  );
  details.push(
    assertClose('int8-per-channel dequantised on device', await readAndDispose(perChannelOnDevice), dequantizeInt8PerChannel(perChannel), GPU_FP32_TOLERANCE.dequantize),
  );
  return details.join('; ');
}

/**
 * A model saved with each scheme and loaded back computes what the float model computes with round-tripped weights
 * (exactly the quantization error, nothing else), and stays close to the float model.
 */
export async function checkQuantizedModels(): Promise<string> {
  const model = buildModel(MLP_ARCH, MLP_DIMS, { seed: 7 });
  const x = inputs(41);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gpu-quantize-'));
  const details: string[] = [];
  try {
    const floatLogits = await predictValues(model, x);
    const floatWeights = await Promise.all(model.getWeights().map(async (w) => ({ shape: w.shape, values: (await w.data()) as Float32Array })));
    const closeToFloat: Record<string, number> = { float16: 0.01, uint16: 0.01, uint8: 0.1, 'int8-per-channel': 0.1 };
    for (const scheme of ['float16', 'uint16', 'uint8', 'int8-per-channel'] as const) {
      const schemeDir = path.join(dir, scheme);
      await quantizeModel(model, schemeDir, { scheme });
      const loaded = await loadModel(schemeDir);
      const simulated = buildModel(MLP_ARCH, MLP_DIMS, { seed: 7 });
      try {
        const rounded = floatWeights.map((w) => tf.tensor(roundTrip(w.values, w.shape, scheme), w.shape));
        simulated.setWeights(rounded);
        tf.dispose(rounded);
        const quantizedLogits = await predictValues(loaded, x);
        const expected = await predictValues(simulated, x);
        details.push(assertClose(`${scheme} model vs float model on round-tripped weights`, quantizedLogits, expected, GPU_FP32_TOLERANCE.equivalentGraphs));
        const drift = maxAbsDifference(quantizedLogits, floatLogits) / maxAbs(floatLogits);
        const allowed = closeToFloat[scheme]!;
        if (!(drift <= allowed)) throw new Error(`${scheme} logits drift ${drift.toExponential(2)} of the float logits' scale, more than ${allowed}`);
        details.push(`${scheme} drift from float ${drift.toExponential(2)}`);
      } finally {
        loaded.dispose();
        simulated.dispose();
      }
    }
    return details.join('; ');
  } finally {
    x.dispose();
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
