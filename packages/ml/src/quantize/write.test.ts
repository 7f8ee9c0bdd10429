// Quantized models written to disk and read back by stock tf.loadLayersModel: outputs within bounds from the step sizes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modelFileHandler, saveModel } from '../io.js';
import { describeEachBackend, scalarAsync } from '../testing/index.js';
import { quantizeAffine } from './affine.js';
import { quantizeInt8PerChannel } from './int8_per_channel.js';
import { roundTrip } from './schemes.js';
import { quantizeModel } from './write.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'quantize-write-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const IN = 64;
const OUT = 16;

/** One linear Dense layer: its output error has a closed-form bound. Columns get unequal magnitudes on purpose. */
function linearLayer(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: OUT, inputShape: [IN], name: 'linear' }));
  const kernel = tf.tidy(() => tf.randomNormal([IN, OUT], 0, 0.2, 'float32', 3).mul(tf.linspace(0.1, 2, OUT)));
  model.layers[0]!.setWeights([kernel, tf.randomNormal([OUT], 0, 0.5, 'float32', 4)]);
  kernel.dispose();
  return model;
}

async function weightsOf(model: tf.LayersModel): Promise<{ kernel: Float32Array; bias: Float32Array }> {
  const [k, b] = model.layers[0]!.getWeights();
  return { kernel: (await k!.data()) as Float32Array, bias: (await b!.data()) as Float32Array };
}

/**
 * Per output j, the bound on |y_q − y| for y = x·W + b when each weight moved by at most δ_ij and the bias by β_j:
 * Σ_i |x_i| δ_ij + β_j, plus float32 accumulation slack (64 products of magnitude < 10: 1e-5).
 */
function bound(x: Float32Array, delta: (i: number, j: number) => number, biasDelta: (j: number) => number): Float32Array {
  const rows = x.length / IN;
  const out = new Float32Array(rows * OUT);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < OUT; j++) {
      let s = biasDelta(j) + 1e-5;
      for (let i = 0; i < IN; i++) s += Math.abs(x[r * IN + i]!) * delta(i, j);
      out[r * OUT + j] = s;
    }
  return out;
}

async function compare(model: tf.LayersModel, loaded: tf.LayersModel, x: tf.Tensor, limit: Float32Array): Promise<number> {
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  const [ya, yb] = [await a.data(), await b.data()];
  tf.dispose([a, b]);
  let worstShare = 0;
  for (let i = 0; i < ya.length; i++) {
    const err = Math.abs(ya[i]! - yb[i]!);
    expect(err).toBeLessThanOrEqual(limit[i]!);
    worstShare = Math.max(worstShare, err / limit[i]!);
  }
  return worstShare;
}

await describeEachBackend('quantizeModel → stock tf.loadLayersModel', (backend) => {
  it('uint8, uint16 and float16 manifests load and stay within |Δy| ≤ Σ|x|·step/2', async () => {
    const model = linearLayer();
    const { kernel, bias } = await weightsOf(model);
    const x = tf.randomUniform([32, IN], -1, 1, 'float32', 5);
    const xs = (await x.data()) as Float32Array;
    const floatSize = (await saveModel(model, path.join(root, `${backend.name}-float`))).sizeBytes;
    for (const scheme of ['uint8', 'uint16', 'float16'] as const) {
      const dir = path.join(root, `${backend.name}-${scheme}`);
      const result = await quantizeModel(model, dir, { scheme });
      const manifest = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { quantization?: { dtype: string } }[] }[] };
      const specs = manifest.weightsManifest[0]?.weights ?? [];
      expect(specs.map((s) => s.quantization?.dtype)).toEqual([scheme, scheme]);
      const loaded = await tf.loadLayersModel(modelFileHandler(dir));
      let limit: Float32Array;
      if (scheme === 'float16') {
        // round to nearest half: relative 2^-11 per weight
        limit = bound(xs, (i, j) => Math.abs(kernel[i * OUT + j]!) * 2 ** -11, (j) => Math.abs(bias[j]!) * 2 ** -11);
      } else {
        const ks = quantizeAffine(kernel, scheme).scale;
        const bs = quantizeAffine(bias, scheme).scale;
        limit = bound(xs, () => ks / 2, () => bs / 2);
      }
      await compare(model, loaded, x, limit);
      const bytesPerWeight = scheme === 'uint8' ? 1 : 2;
      expect(result.weightBytes).toBe((IN * OUT + OUT) * bytesPerWeight);
      expect(result.sizeBytes).toBeLessThan(floatSize);
      loaded.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('int8 per channel: stock-loadable (a split Dense + BatchNormalization scale), each output within Σ|x|·s_j/2', async () => {
    const model = linearLayer();
    const { kernel } = await weightsOf(model);
    const dir = path.join(root, `${backend.name}-int8`);
    const result = await quantizeModel(model, dir, { scheme: 'int8-per-channel' });
    const loaded = await tf.loadLayersModel(modelFileHandler(dir));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'BatchNormalization']);
    const x = tf.randomUniform([32, IN], -1, 1, 'float32', 6);
    const scales = quantizeInt8PerChannel(kernel, [IN, OUT]).scales;
    await compare(model, loaded, x, bound((await x.data()) as Float32Array, (_i, j) => scales[j]! / 2, () => 0));
    // one byte per kernel weight, plus gamma/beta/mean/variance per channel
    expect(result.weightBytes).toBe(IN * OUT + 4 * 4 * OUT);
    const kernelReport = result.weights.find((w) => w.name === 'linear/kernel')!;
    expect(kernelReport.storedAs).toBe('int8-per-channel');
    tf.dispose(x);
    loaded.dispose();
    model.dispose();
  });

  it('int8 per channel on a functional ReLU MLP matches the in-memory round trip, with less error than per-tensor uint8', async () => {
    const input = tf.input({ shape: [IN] });
    const h = tf.layers.dense({ units: 48, activation: 'relu', name: 'hidden' }).apply(input) as tf.SymbolicTensor;
    const logits = tf.layers.dense({ units: 10, name: 'logits' }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: logits });
    // Unequal output channels in the hidden layer (what per-channel scales are for).
    const [k0, b0] = model.getLayer('hidden').getWeights();
    const uneven = tf.tidy(() => k0!.mul(tf.linspace(0.05, 3, 48)));
    model.getLayer('hidden').setWeights([uneven, b0!]);
    uneven.dispose();
    const x = tf.randomUniform([64, IN], -1, 1, 'float32', 8);
    // Reference: the float model with each weight replaced by its int8 round trip.
    const reference = tf.model({ inputs: input, outputs: logits });
    const saved = model.getWeights().map((w) => w.clone());
    const simulated = await Promise.all(
      model.getWeights().map(async (w) => tf.tensor(roundTrip((await w.data()) as Float32Array, w.shape, 'int8-per-channel'), w.shape)),
    );
    reference.setWeights(simulated);
    const expected = reference.predict(x) as tf.Tensor;
    const expectedValues = await expected.data();
    reference.setWeights(saved);

    const int8 = await quantizeModel(model, path.join(root, `${backend.name}-mlp-int8`), { scheme: 'int8-per-channel' });
    const loaded = await tf.loadLayersModel(modelFileHandler(int8.dir));
    const got = loaded.predict(x) as tf.Tensor;
    const gotValues = await got.data();
    for (let i = 0; i < gotValues.length; i++) expect(Math.abs(gotValues[i]! - expectedValues[i]!)).toBeLessThan(1e-4);

    // Output error against the float model: int8 per channel vs per-tensor uint8.
    const uint8 = await tf.loadLayersModel(modelFileHandler((await quantizeModel(model, path.join(root, `${backend.name}-mlp-uint8`), { scheme: 'uint8' })).dir));
    const floatOut = model.predict(x) as tf.Tensor;
    const uint8Out = uint8.predict(x) as tf.Tensor;
    const rms = (t: tf.Tensor): Promise<number> => scalarAsync(() => tf.sqrt(tf.mean(tf.square(t.sub(floatOut)))));
    expect(await rms(got)).toBeLessThan(await rms(uint8Out));
    tf.dispose([x, expected, got, floatOut, uint8Out, ...saved, ...simulated]);
    loaded.dispose();
    uint8.dispose();
    model.dispose();
  });

  it('names the field on a bad plan', async () => {
    const model = linearLayer();
    await expect(quantizeModel(model, path.join(root, 'bad'), { scheme: 'int4' as 'uint8' })).rejects.toThrow(/scheme: unknown scheme "int4"/);
    await expect(quantizeModel(model, path.join(root, 'bad'), { scheme: 'uint8', layers: { nope: 'float16' } })).rejects.toThrow(/layers\.nope/);
    model.dispose();
  });
});
