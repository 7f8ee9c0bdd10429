// Attaches teacher logits to each training batch: read from a disk cache made once, or computed on the fly.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../data/rng.js';
import type { BatchSource, TrainBatch } from '../train/train.js';
import { cacheTeacherLogits, openTeacherLogits, type InputRows, type TeacherLogitsReader } from './teacher_cache.js';

/** The key under `batch.extra` holding the teacher's logits for the batch's rows. */
export const TEACHER_LOGITS = 'teacherLogits';

export interface TeacherTargets {
  /** Wraps a source whose batches carry their row indices, adding `extra.teacherLogits`. */
  batches: BatchSource;
  /** Cache file used, or null when logits are computed on the fly. */
  cacheFile: string | null;
  close(): void;
}

/** A batch source that also says which data rows each batch holds (the cache is addressed by row). */
export type IndexedBatchSource = (epoch: number, rng: Rng) => Iterable<{ batch: TrainBatch; rows: Int32Array }>;

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * With `cacheDir`: computes the teacher's logits for every row once into `cacheDir/teacher-logits.bin` (reused
 * when its header's `meta` matches, e.g. after a resume) and serves batches from it. Without: runs the teacher
 * in inference mode on each batch.
 */
export async function teacherTargets(args: {
  teacher: tf.LayersModel;
  inputs: InputRows;
  source: IndexedBatchSource;
  cacheDir?: string;
  meta: Record<string, unknown>;
}): Promise<TeacherTargets> {
  const { teacher, source } = args;
  if (args.cacheDir === undefined) {
    return {
      cacheFile: null,
      batches: function* onTheFly(epoch, rng) {
        for (const { batch } of source(epoch, rng)) {
          const teacherLogits = tf.tidy(() => teacher.predict(batch.x) as tf.Tensor);
          yield { ...batch, extra: { ...batch.extra, [TEACHER_LOGITS]: teacherLogits } };
        }
      },
      close: () => undefined,
    };
  }
  const cacheFile = path.join(args.cacheDir, 'teacher-logits.bin');
  let reader: TeacherLogitsReader | null = null;
  if (await exists(cacheFile)) {
    const candidate = await openTeacherLogits(cacheFile);
    if (JSON.stringify(candidate.header.meta) === JSON.stringify(args.meta) && candidate.rows === args.inputs.shape[0]) reader = candidate;
    else candidate.close();
  }
  if (reader === null) {
    await cacheTeacherLogits(teacher, args.inputs, cacheFile, { meta: args.meta });
    reader = await openTeacherLogits(cacheFile);
  }
  const cache = reader;
  return {
    cacheFile,
    batches: function* fromCache(epoch, rng) {
      for (const { batch, rows } of source(epoch, rng)) {
        yield { ...batch, extra: { ...batch.extra, [TEACHER_LOGITS]: cache.rowsTensor(rows) } };
      }
    },
    close: () => cache.close(),
  };
}

/** The teacher logits a batch carries; throws if the batch was not produced by `teacherTargets`. */
export function batchTeacherLogits(batch: TrainBatch): tf.Tensor {
  const logits = batch.extra?.[TEACHER_LOGITS];
  if (!logits) throw new Error('batch.extra.teacherLogits is missing');
  return logits;
}

/** Both models must end in the same number of classes (or vocabulary size). */
export function assertSameOutputs(teacher: tf.LayersModel, student: tf.LayersModel): void {
  const classesOf = (m: tf.LayersModel): number | null | undefined => m.outputs[0]?.shape.at(-1);
  if (classesOf(teacher) !== classesOf(student)) {
    throw new Error(`student: outputs ${classesOf(student)} classes but the teacher outputs ${classesOf(teacher)}`);
  }
}

/**
 * sha256 of a model's weight values, so a cache made by another teacher is never reused. Reads asynchronously:
 * webgpu cannot read tensors synchronously under Node.
 */
export async function weightsDigest(model: tf.LayersModel): Promise<string> {
  const hash = createHash('sha256');
  for (const weight of model.weights) {
    const values = await weight.read().data();
    hash.update(weight.originalName);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}

/** sha256 of the training inputs, so a cache made for other data is never reused. */
export function rowsDigest(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}
