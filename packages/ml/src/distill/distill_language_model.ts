// distillLanguageModel: per-token distillation of a character language model over windows of training text.
import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '@distillery/schemas';
import { evaluationWindowStarts, textWindows } from '../data/batches.js';
import { shuffledRowBatches } from '../train/batch_sources.js';
import type { TrainOptions } from '../train/train.js';
import { assertSameOutputs, rowsDigest, teacherTargets, weightsDigest, type IndexedBatchSource } from './teacher_targets.js';
import { trainOnTeacherTargets, type DistillResult } from './train_on_teacher.js';

export interface DistillLanguageModelOptions {
  /** Maps [batch, context] token ids to [batch, context, vocab] next-token logits. */
  teacher: tf.LayersModel;
  student: tf.LayersModel;
  /** Training text as token ids. */
  tokens: Int32Array;
  /** Window length in tokens (≤ both models' context). */
  context: number;
  config: TrainConfig;
  temperature: number;
  alpha: number;
  /** Cache the teacher's per-token logits here once ([windows, context, vocab] float32; read back in chunks). */
  cacheDir?: string;
  onProgress?: TrainOptions['onProgress'];
  checkpoint?: TrainOptions['checkpoint'];
  signal?: AbortSignal;
}

/** Start offsets of the non-overlapping windows an epoch visits (each needs one extra token for its targets). */
export function windowStarts(tokenCount: number, context: number): Int32Array {
  return evaluationWindowStarts(tokenCount, context);
}

/**
 * Distils a teacher language model into a student with `kdLoss` averaged over every token of every window.
 * An epoch visits each non-overlapping window once, in an order drawn from the loop's seeded RNG.
 */
export async function distillLanguageModel(opts: DistillLanguageModelOptions): Promise<DistillResult> {
  const { teacher, student, tokens, context, config } = opts;
  if (!Number.isInteger(context) || context < 1) throw new Error(`context: must be a positive integer, got ${context}`);
  assertSameOutputs(teacher, student);
  const starts = windowStarts(tokens.length, context);
  if (starts.length === 0) throw new Error(`tokens: ${tokens.length} tokens are too few for one window of context ${context}`);
  const windowInputs = new Int32Array(starts.length * context);
  starts.forEach((start, w) => windowInputs.set(tokens.subarray(start, start + context), w * context));

  const source: IndexedBatchSource = function* shuffled(_epoch, rng) {
    for (const rows of shuffledRowBatches(starts.length, config.batchSize, rng)) {
      const { inputs, targets } = textWindows(tokens, context, Array.from(rows, (w) => starts[w] as number));
      yield { batch: { x: inputs, y: targets }, rows };
    }
  };
  const teacherSide = await teacherTargets({
    teacher,
    inputs: { data: windowInputs, shape: [starts.length, context] },
    source,
    ...(opts.cacheDir === undefined ? {} : { cacheDir: opts.cacheDir }),
    meta: opts.cacheDir === undefined ? {} : { teacher: await weightsDigest(teacher), data: rowsDigest(windowInputs), context },
  });
  return trainOnTeacherTargets(student, teacherSide, starts.length, config, opts);
}
