// distillClassifier: trains a student classifier on a teacher's softened outputs plus the true labels.
import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '@distillery/schemas';
import { classificationBatch } from '../data/batches.js';
import type { ClassificationSplit } from '../data/types.js';
import { shuffledRowBatches } from '../train/batch_sources.js';
import type { TrainOptions } from '../train/train.js';
import { assertSameOutputs, rowsDigest, teacherTargets, weightsDigest, type IndexedBatchSource } from './teacher_targets.js';
import { trainOnTeacherTargets, type DistillResult } from './train_on_teacher.js';

export interface DistillClassifierOptions {
  teacher: tf.LayersModel;
  student: tf.LayersModel;
  /** Training examples: x row-major [count, ...inputShape], y class ids. */
  data: ClassificationSplit;
  /** Shape of one example, e.g. [784]. */
  inputShape: readonly number[];
  config: TrainConfig;
  temperature: number;
  alpha: number;
  /** Cache the teacher's logits here once instead of running the teacher every step. */
  cacheDir?: string;
  onProgress?: TrainOptions['onProgress'];
  checkpoint?: TrainOptions['checkpoint'];
  signal?: AbortSignal;
}

export type { DistillResult } from './train_on_teacher.js';

/**
 * Distils `teacher` into `student` (both output logits over the same classes) with `kdLoss`, through the
 * shared training loop: seeded shuffles, checkpoints and resume, abort, progress. Returns the loop's figures.
 */
export async function distillClassifier(opts: DistillClassifierOptions): Promise<DistillResult> {
  const { teacher, student, data, inputShape, config } = opts;
  assertSameOutputs(teacher, student);
  const rowSize = inputShape.reduce((a, b) => a * b, 1);
  if (data.x.length !== data.count * rowSize) {
    throw new Error(`data.x: ${data.x.length} values do not make ${data.count} rows of [${inputShape.join(',')}]`);
  }
  const source: IndexedBatchSource = function* shuffled(_epoch, rng) {
    for (const rows of shuffledRowBatches(data.count, config.batchSize, rng)) {
      const { xs, labels } = classificationBatch(data, inputShape, rows);
      yield { batch: { x: xs, y: labels }, rows };
    }
  };
  const targets = await teacherTargets({
    teacher,
    inputs: { data: data.x, shape: [data.count, ...inputShape] },
    source,
    ...(opts.cacheDir === undefined ? {} : { cacheDir: opts.cacheDir }),
    meta: opts.cacheDir === undefined ? {} : { teacher: await weightsDigest(teacher), data: rowsDigest(data.x), rows: data.count },
  });
  return trainOnTeacherTargets(student, targets, data.count, config, opts);
}
