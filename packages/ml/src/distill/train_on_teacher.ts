// The training half shared by every distillation: the KD loss over teacher targets, through the shared loop.
import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '@distillery/schemas';
import { batchesPerEpoch } from '../train/batch_sources.js';
import { train, type TrainOptions, type TrainResult } from '../train/train.js';
import { kdLoss } from './kd_loss.js';
import { batchTeacherLogits, type TeacherTargets } from './teacher_targets.js';

export interface DistillResult extends TrainResult {
  /** The teacher-logits cache used, or null when logits were computed on the fly. */
  teacherLogitsFile: string | null;
}

/** Trains `student` on `targets` (which it closes) with α·T²·KL + (1−α)·CE; `rows` is the training set's size. */
export async function trainOnTeacherTargets(
  student: tf.LayersModel,
  targets: TeacherTargets,
  rows: number,
  config: TrainConfig,
  opts: {
    temperature: number;
    alpha: number;
    onProgress?: TrainOptions['onProgress'];
    checkpoint?: TrainOptions['checkpoint'];
    signal?: AbortSignal;
  },
): Promise<DistillResult> {
  try {
    const result = await train({
      model: student,
      batches: targets.batches,
      loss: (logits, batch) => kdLoss(logits, batchTeacherLogits(batch), batch.y, { temperature: opts.temperature, alpha: opts.alpha }),
      config,
      stepsPerEpoch: batchesPerEpoch(rows, config.batchSize),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.checkpoint ? { checkpoint: opts.checkpoint } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { ...result, teacherLogitsFile: targets.cacheFile };
  } finally {
    targets.close();
  }
}
