// Unit tests for mapping a corpus onto a trained model's vocabulary, the text batch source and the next-character loss.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { failureDetailsOf, ModelArch } from '@distillery/schemas';
import { createRng } from '../data/rng.js';
import type { TextDataset } from '../data/types.js';
import { expectClose } from '../testing/expect_close.js';
import { contextOf, remapText, textWindowBatches, tokenCrossEntropy, unknownShare } from './char_windows.js';

const corpus = (vocab: string[], train: number[], test: number[]): TextDataset => ({
  kind: 'text',
  name: 'tiny',
  hash: 'h',
  vocab,
  train: Int32Array.from(train),
  test: Int32Array.from(test),
});

describe('remapText', () => {
  it('keeps each character and sends characters the model lacks to the unknown id 0', () => {
    // Target corpus: "abz" with its own ids; the model knows a, b, c but not z.
    const target = corpus(['\uFFFD', 'a', 'b', 'z'], [1, 2, 3, 1, 0], [3, 3, 2]);
    const mapped = remapText(target, ['\uFFFD', 'c', 'b', 'a']);
    expect(Array.from(mapped.train)).toEqual([3, 2, 0, 3, 0]);
    expect(Array.from(mapped.test)).toEqual([0, 0, 2]);
    expect(mapped.vocab).toEqual(['\uFFFD', 'c', 'b', 'a']);
    expect(unknownShare(mapped.train)).toBeCloseTo(2 / 5, 12);
  });
});

describe('textWindowBatches', () => {
  it('visits every non-overlapping window once per epoch with targets shifted by one', async () => {
    const ids = Int32Array.from({ length: 41 }, (_, i) => i);
    const { source, stepsPerEpoch } = textWindowBatches(ids, 4, 3);
    expect(stepsPerEpoch).toBe(4); // 10 windows of 4 (+1 target) in batches of 3
    const firsts: number[] = [];
    for await (const batch of source(0, createRng(1))) {
      const x = (await (batch.x as tf.Tensor).data()) as Int32Array;
      const y = (await batch.y.data()) as Int32Array;
      for (let i = 0; i < x.length; i++) expect(y[i]).toBe((x[i] as number) + 1);
      for (let w = 0; w < x.length / 4; w++) firsts.push(x[w * 4] as number);
    }
    expect(firsts.sort((a, b) => a - b)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
  });
});

describe('tokenCrossEntropy', () => {
  it('is the mean over every position of every window of -log softmax at the target', async () => {
    // [batch 1, context 2, vocab 3] logits; targets 2 then 0.
    const logits = tf.tensor3d([[[0, 1, 2], [1, 0, 0]]]);
    const y = tf.tensor2d([[2, 0]], [1, 2], 'int32');
    const logSoftmax = (row: number[], target: number): number => -(row[target]! - Math.log(row.reduce((sum, v) => sum + Math.exp(v), 0)));
    const expected = (logSoftmax([0, 1, 2], 2) + logSoftmax([1, 0, 0], 0)) / 2;
    const loss = tokenCrossEntropy(3)(logits, { x: y, y });
    expectClose(await loss.data(), [expected], 1e-5);
    tf.dispose([logits, y, loss]);
  });
});

describe('contextOf', () => {
  it('names the spec field in the message and in the failure details', () => {
    const error = (() => {
      try {
        contextOf(ModelArch.parse({ family: 'mlp', hidden: [8] }), 'student');
      } catch (e) {
        return e;
      }
    })();
    expect((error as Error).message).toBe('student: a mlp cannot be trained on a text corpus; use the char-transformer family');
    expect(failureDetailsOf(error)).toEqual({ kind: 'invalid-input', field: ['student'] });
  });
});
