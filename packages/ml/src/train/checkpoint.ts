// Training checkpoints on disk: model weights, optimiser state, loop position and RNG state, written atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { OptimizerKind, OptimizerState } from './optimizer.js';

const FORMAT = 'distillery-checkpoint';
const VERSION = 1;
const STATE_FILE = 'state.json';
const WEIGHTS_FILE = 'weights.bin';
const OPTIMIZER_FILE = 'optimizer.bin';
const CHECKPOINT_DIR = /^step-(\d+)$/;

/** Where the loop stood when the checkpoint was taken. */
export interface LoopPosition {
  /** Optimiser steps completed. */
  step: number;
  /** 0-based epoch in progress. */
  epoch: number;
  /** Batches of `epoch` already consumed. */
  batchInEpoch: number;
  /** RNG state at the start of `epoch`: replaying the epoch's batch order from it reproduces the same batches. */
  epochStartRngState: unknown;
  /** Number of samples seen so far, for throughput figures that span a resume. */
  samplesSeen: number;
  /** Loss of the last step taken (null before any), so a resume that has nothing left to do can still report it. */
  lastLoss?: number | null;
}

interface CheckpointStateFile extends LoopPosition {
  format: typeof FORMAT;
  version: typeof VERSION;
  createdAt: string;
  optimizer: { kind: OptimizerKind; iterations: number };
  weightSpecs: tf.io.WeightsManifestEntry[];
  optimizerSpecs: tf.io.WeightsManifestEntry[];
}

export interface CheckpointContents {
  position: LoopPosition;
  /** In `model.weights` order; the caller owns (and disposes) these tensors. */
  modelWeights: tf.Tensor[];
  optimizer: OptimizerState;
}

export interface CheckpointRef {
  /** Folder holding one checkpoint. */
  path: string;
  step: number;
}

function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

async function encode(prefix: string, tensors: readonly tf.Tensor[]): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  return tf.io.encodeWeights(tensors.map((tensor, i) => ({ name: `${prefix}/${i}`, tensor })));
}

function decode(prefix: string, data: Buffer, specs: tf.io.WeightsManifestEntry[]): tf.Tensor[] {
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const named = tf.io.decodeWeights(buffer, specs);
  return specs.map((_, i) => {
    const tensor = named[`${prefix}/${i}`];
    if (tensor === undefined) throw new Error(`checkpoint is missing ${prefix}/${i}`);
    return tensor;
  });
}

/**
 * Writes a checkpoint under `dir/step-NNNNNNNNN/` through a temporary folder and a rename, so a crash never
 * leaves a half-written checkpoint where `latestCheckpoint` would find it. Keeps the newest `keep` checkpoints.
 */
export async function writeCheckpoint(
  dir: string,
  contents: { position: LoopPosition; modelWeights: readonly tf.Tensor[]; optimizer: OptimizerState },
  opts: { keep?: number } = {},
): Promise<CheckpointRef> {
  const { position, modelWeights, optimizer } = contents;
  await fs.mkdir(dir, { recursive: true });
  const weights = await encode('model', modelWeights);
  const slots = await encode('slot', optimizer.slots);
  const state: CheckpointStateFile = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    ...position,
    optimizer: { kind: optimizer.kind, iterations: optimizer.iterations },
    weightSpecs: weights.specs,
    optimizerSpecs: slots.specs,
  };
  const finalPath = path.join(dir, checkpointName(position.step));
  const tempPath = path.join(dir, `.tmp-${checkpointName(position.step)}-${process.pid}-${Date.now()}`);
  await fs.mkdir(tempPath);
  try {
    await fs.writeFile(path.join(tempPath, WEIGHTS_FILE), Buffer.from(weights.data));
    await fs.writeFile(path.join(tempPath, OPTIMIZER_FILE), Buffer.from(slots.data));
    // state.json last: its presence marks the folder complete even on filesystems without atomic rename.
    await fs.writeFile(path.join(tempPath, STATE_FILE), JSON.stringify(state));
    // A replayed step after a resume rewrites an identical checkpoint; drop the old copy so rename succeeds.
    await fs.rm(finalPath, { recursive: true, force: true });
    await fs.rename(tempPath, finalPath);
  } catch (error) {
    await fs.rm(tempPath, { recursive: true, force: true });
    throw error;
  }
  await pruneCheckpoints(dir, opts.keep ?? 2);
  return { path: finalPath, step: position.step };
}

async function listCheckpoints(dir: string): Promise<CheckpointRef[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: CheckpointRef[] = [];
  for (const entry of entries) {
    const match = CHECKPOINT_DIR.exec(entry);
    if (!match?.[1]) continue;
    const checkpointPath = path.join(dir, entry);
    try {
      await fs.access(path.join(checkpointPath, STATE_FILE));
      found.push({ path: checkpointPath, step: Number(match[1]) });
    } catch {
      // Incomplete checkpoint (no state.json): ignore it.
    }
  }
  return found.sort((a, b) => a.step - b.step);
}

async function pruneCheckpoints(dir: string, keep: number): Promise<void> {
  const all = await listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) {
    await fs.rm(old.path, { recursive: true, force: true });
  }
}

/** The newest complete checkpoint under `dir`, or null when there is none (or `dir` does not exist). */
export async function latestCheckpoint(dir: string): Promise<CheckpointRef | null> {
  const all = await listCheckpoints(dir);
  return all.at(-1) ?? null;
}

/** Reads one checkpoint folder written by `writeCheckpoint`. */
export async function readCheckpoint(checkpointPath: string): Promise<CheckpointContents> {
  const raw = await fs.readFile(path.join(checkpointPath, STATE_FILE), 'utf8');
  const state = JSON.parse(raw) as CheckpointStateFile;
  if (state.format !== FORMAT || state.version !== VERSION) {
    throw new Error(`${checkpointPath} is not a ${FORMAT} v${VERSION} checkpoint`);
  }
  const modelWeights = decode('model', await fs.readFile(path.join(checkpointPath, WEIGHTS_FILE)), state.weightSpecs);
  const slots = decode('slot', await fs.readFile(path.join(checkpointPath, OPTIMIZER_FILE)), state.optimizerSpecs);
  return {
    position: {
      step: state.step,
      epoch: state.epoch,
      batchInEpoch: state.batchInEpoch,
      epochStartRngState: state.epochStartRngState,
      samplesSeen: state.samplesSeen,
      lastLoss: state.lastLoss ?? null,
    },
    modelWeights,
    optimizer: { kind: state.optimizer.kind, iterations: state.optimizer.iterations, slots },
  };
}
