// Quantizing the models the product builds (buildModel): the MLP and the character transformer with custom layers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadModel } from '../io.js';
import { buildModel } from '../models/index.js';
import { describeEachBackend, scalarAsync } from '../testing/index.js';
import { quantizeModel } from './write.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'quantize-real-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function maxAbs(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  return scalarAsync(() => a.sub(b).abs().max());
}

await describeEachBackend('quantizeModel on buildModel outputs', (backend) => {
  it('MLP: every scheme loads back and keeps the top class on ≥ 97% of random inputs', async () => {
    const model = buildModel({ family: 'mlp', hidden: [128, 64], dropout: 0.2, activation: 'relu' }, { inputShape: [784], numClasses: 10 }, { seed: 3 });
    const x = tf.randomUniform([200, 784], 0, 1, 'float32', 9);
    const reference = model.predict(x) as tf.Tensor;
    const refTop = tf.argMax(reference, 1);
    for (const scheme of ['float16', 'uint16', 'uint8', 'int8-per-channel'] as const) {
      const result = await quantizeModel(model, path.join(root, `${backend.name}-mlp-${scheme}`), { scheme });
      const loaded = await loadModel(result.dir);
      const out = loaded.predict(x) as tf.Tensor;
      const agreement = await scalarAsync(() => tf.mean(tf.equal(tf.argMax(out, 1), refTop).asType('float32')));
      expect(agreement).toBeGreaterThanOrEqual(0.97);
      if (scheme === 'int8-per-channel') {
        expect(result.weights.filter((w) => w.storedAs === 'int8-per-channel').map((w) => w.layer)).toEqual(['dense0', 'dense1', 'head']);
      }
      tf.dispose(out);
      loaded.dispose();
    }
    tf.dispose([x, reference, refTop]);
    model.dispose();
  });

  it('char transformer (custom layers): uint8 and float16 load with stock tfjs; int8 covers the Dense layers it can split', async () => {
    const arch = { family: 'char-transformer' as const, layers: 1, dModel: 32, heads: 2, context: 16, dropout: 0 };
    const model = buildModel(arch, { inputShape: [16], vocabSize: 40 }, { seed: 5 });
    const ids = tf.randomUniform([4, 16], 0, 40, 'int32', 2);
    const reference = model.predict(ids) as tf.Tensor;
    const scale = await scalarAsync(() => reference.abs().max());
    for (const scheme of ['float16', 'uint8', 'int8-per-channel'] as const) {
      const result = await quantizeModel(model, path.join(root, `${backend.name}-tf-${scheme}`), { scheme });
      const loaded = await loadModel(result.dir);
      const out = loaded.predict(ids) as tf.Tensor;
      expect(out.shape).toEqual(reference.shape);
      // float16: ~1e-3 relative; 8-bit: a few percent of the logit range through one block
      expect(await maxAbs(out, reference)).toBeLessThanOrEqual(scale * (scheme === 'float16' ? 0.01 : 0.15));
      if (scheme === 'int8-per-channel') {
        // Attention projections, MLP and head are stock Dense layers on [batch, context, d]: all split per channel.
        const int8 = result.weights.filter((w) => w.storedAs === 'int8-per-channel').map((w) => w.layer);
        expect(int8).toEqual(['block0_attn_q', 'block0_attn_k', 'block0_attn_v', 'block0_attn_out', 'block0_mlp_up', 'block0_mlp_down', 'head']);
        expect(result.weights.find((w) => w.name === 'token_embedding/embeddings')?.storedAs).toBe('float32');
      }
      tf.dispose(out);
      loaded.dispose();
    }
    tf.dispose([ids, reference]);
    model.dispose();
  });
});
