import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { directoryHash, loadModel, modelFileHandler, modelSizeBytes, saveModel } from './io.js';
import { describeEachBackend, expectCloseAsync } from './testing/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ml-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function smallMlp(seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  model.add(tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

const input = tf.tensor2d(Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)), [2, 6]);

await describeEachBackend('io', (backend) => {
  it('saves the standard tfjs layout and stock tf.loadLayersModel reads identical predictions', async () => {
    const dir = path.join(root, `mlp-${backend.name}`);
    const model = smallMlp(7);
    const saved = await saveModel(model, dir, { shardBytes: 200 });
    const params = 6 * 16 + 16 + 16 * 3 + 3; // 163 float32 = 652 bytes → 4 shards of ≤200 bytes
    expect(saved.files).toEqual(['model.json', 'group1-shard1of4.bin', 'group1-shard2of4.bin', 'group1-shard3of4.bin', 'group1-shard4of4.bin']);
    expect((await readdir(dir)).sort()).toEqual([...saved.files].sort());
    const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as {
      format: string;
      modelTopology: { class_name: string };
      weightsManifest: { weights: { name: string }[] }[];
    };
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    expect(modelJson.weightsManifest[0]?.weights.map((w) => w.name)).toHaveLength(4);
    expect(await modelSizeBytes(dir)).toBe(saved.sizeBytes);
    expect(saved.sizeBytes).toBeGreaterThan(params * 4);

    const reloaded = await tf.loadLayersModel(modelFileHandler(dir));
    const expected = model.predict(input) as tf.Tensor;
    const actual = reloaded.predict(input) as tf.Tensor;
    await expectCloseAsync(actual, expected, 0);
    const viaLoadModel = await loadModel(dir);
    await expectCloseAsync(viaLoadModel.predict(input), expected, 0);
    tf.dispose([expected, actual]);
  });

  it('loads uint8- and float16-quantized weights through tfjs decoding', async () => {
    const source = smallMlp(11);
    const dir = path.join(root, `q-${backend.name}`);
    await saveModel(source, dir);
    const artifacts = await modelFileHandler(dir).load();
    // Re-encode every weight as uint8 with scale/min, the way a quantizer writes a manifest.
    const floats = new Float32Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    const specs = artifacts.weightSpecs!;
    let offset = 0;
    const bytes: number[] = [];
    const quantizedSpecs = specs.map((spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const values = floats.subarray(offset, offset + size);
      offset += size;
      const min = Math.min(...values);
      const max = Math.max(...values);
      const scale = max > min ? (max - min) / 255 : 1;
      for (const v of values) bytes.push(Math.round((v - min) / scale));
      return { ...spec, quantization: { dtype: 'uint8' as const, scale, min } };
    });
    const quantizedDir = path.join(root, `q8-${backend.name}`);
    await modelFileHandler(quantizedDir).save({ ...artifacts, weightSpecs: quantizedSpecs, weightData: new Uint8Array(bytes).buffer });
    expect(await modelSizeBytes(quantizedDir)).toBeLessThan(await modelSizeBytes(dir));
    const quantized = await tf.loadLayersModel(modelFileHandler(quantizedDir));
    const original = source.getWeights();
    const decoded = quantized.getWeights();
    for (const [i, w] of original.entries()) {
      const spec = quantizedSpecs[i]!;
      await expectCloseAsync(decoded[i]!, w, spec.quantization.scale / 2 + 1e-6); // error ≤ half a step
    }
    // float16: tfjs decodes half floats; relative error ≤ 2^-11.
    const halfDir = path.join(root, `f16-${backend.name}`);
    const halfSpecs = specs.map((spec) => ({ ...spec, quantization: { dtype: 'float16' as const } }));
    const halfBytes = new Uint16Array(floats.length);
    floats.forEach((v, i) => (halfBytes[i] = toHalf(v)));
    await modelFileHandler(halfDir).save({ ...artifacts, weightSpecs: halfSpecs, weightData: halfBytes.buffer });
    const half = await tf.loadLayersModel(modelFileHandler(halfDir));
    for (const [i, w] of half.getWeights().entries()) await expectCloseAsync(w, original[i]!, 1e-3);
  });
});

/** Round-to-nearest float32 → IEEE half, for normal-range values. */
function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // tiny → signed zero (fine for a test of decoding)
  let half = sign | (exponent << 10) | (mantissa >>> 13);
  if (mantissa & 0x1000) half += 1; // round half up
  return half;
}

it('directoryHash is stable, order-independent and sensitive to content and names', async () => {
  const a = path.join(root, 'hash-a');
  const b = path.join(root, 'hash-b');
  await saveModel(smallMlp(3), a);
  await cp(a, b, { recursive: true });
  expect(await directoryHash(a)).toMatch(/^[a-f0-9]{64}$/);
  expect(await directoryHash(a)).toBe(await directoryHash(b)); // same bytes, another place
  const shard = path.join(b, 'group1-shard1of1.bin');
  const bytes = await readFile(shard);
  bytes[0] = bytes[0]! ^ 1;
  await writeFile(shard, bytes);
  expect(await directoryHash(b)).not.toBe(await directoryHash(a));
  // Same bytes under another file name is another artifact.
  await cp(a, b, { recursive: true, force: true });
  await writeFile(path.join(b, 'notes.txt'), '');
  const withNotes = await directoryHash(b);
  await rm(path.join(b, 'notes.txt'));
  await writeFile(path.join(b, 'other.txt'), '');
  expect(await directoryHash(b)).not.toBe(withNotes);
});

it('names the directory when there is no model', async () => {
  await expect(loadModel(path.join(root, 'missing'))).rejects.toThrow(/no model at .*missing: cannot read model\.json/);
});
