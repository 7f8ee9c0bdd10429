// The custom training loop shared by supervised training, distillation and LoRA: steps, checkpoints, abort, progress.
import * as tf from '@tensorflow/tfjs';
import { TrainConfig } from '@distillery/schemas';
import { createRng, type Rng, type RngState } from '../data/rng.js';
import { latestCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointRef, type LoopPosition } from './checkpoint.js';
import { NonFiniteLossError, TrainingAborted } from './errors.js';
import { TrainingOptimizer } from './optimizer.js';

/** One mini-batch. The loop owns these tensors once yielded and disposes them after the step. */
export interface TrainBatch {
  /** Model input(s), e.g. [batch, 784] or [batch, seq] token ids. */
  x: tf.Tensor | tf.Tensor[];
  /** Targets, e.g. [batch] class ids or [batch, seq] next-token ids. */
  y: tf.Tensor;
  /** Anything else the loss needs, e.g. cached teacher logits. */
  extra?: Record<string, tf.Tensor>;
}

/**
 * Yields the batches of one epoch. It must be deterministic given `epoch` and the RNG state it is handed
 * (draw all shuffling from `rng`): a resume replays the interrupted epoch from the same RNG state and skips the
 * batches already trained on.
 */
export type BatchSource = (epoch: number, rng: Rng) => Iterable<TrainBatch> | AsyncIterable<TrainBatch>;

export interface TrainProgress {
  /** Optimiser steps completed, counting those before a resume. */
  step: number;
  /** Planned steps: min(maxSteps, epochs × stepsPerEpoch) when known, else null. */
  totalSteps: number | null;
  /** 0-based epoch of the step just taken. */
  epoch: number;
  loss: number;
  samplesPerSec: number;
  /** Seconds left at the current rate; null when totalSteps is unknown. */
  etaSeconds: number | null;
  /** Whether a checkpoint of this step was just written (a retried attempt resumes from it). */
  checkpointed: boolean;
}

export interface TrainOptions {
  model: tf.LayersModel;
  /** Variables the optimiser updates; default: the model's trainable weights (frozen LoRA bases excluded). */
  trainableVariables?: tf.Variable[];
  batches: BatchSource;
  /** Scalar loss from the model's output for the batch, e.g. cross-entropy or `kdLoss`. */
  loss: (logits: tf.Tensor, batch: TrainBatch) => tf.Scalar;
  /** Forward pass; default `model.apply(batch.x, { training: true })`. */
  forward?: (model: tf.LayersModel, batch: TrainBatch) => tf.Tensor;
  config: TrainConfig;
  /** Batches per epoch, when known, so progress can report totalSteps and an ETA. */
  stepsPerEpoch?: number;
  onProgress?: (progress: TrainProgress) => void | Promise<void>;
  /** Checkpoints into `dir` as `checkpointDue` says (and at the end); `resume` continues from the newest. */
  checkpoint?: { dir: string; resume?: boolean; keep?: number };
  signal?: AbortSignal;
}

export interface TrainResult {
  /** Optimiser steps completed in total (including those before a resume). */
  steps: number;
  /** Loss of the last step (NaN if no step ever ran). */
  finalLoss: number;
  /** Wall time of this call. */
  wallSeconds: number;
  /** Training throughput of this call. */
  samplesPerSec: number;
  /** Step of the checkpoint this call resumed from, or null for a fresh start. */
  resumedFromStep: number | null;
  /** Newest checkpoint written, if checkpointing was on. */
  lastCheckpoint: CheckpointRef | null;
}

function parseConfig(config: TrainConfig): TrainConfig {
  const parsed = TrainConfig.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid training config: ${issues}`);
  }
  return parsed.data;
}

function batchSize(batch: TrainBatch): number {
  const first = Array.isArray(batch.x) ? batch.x[0] : batch.x;
  return first?.shape[0] ?? 0;
}

function disposeBatch(batch: TrainBatch): void {
  tf.dispose([...(Array.isArray(batch.x) ? batch.x : [batch.x]), batch.y, ...Object.values(batch.extra ?? {})]);
}

/** A function, not an inline check, because the signal can flip during any await (TS would narrow it away). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Lets timers, I/O and heartbeats run between steps. */
async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Without `checkpointEvery`, a checkpoint at least this often (seconds of compute), and at least every 10% of the stage. */
export const DEFAULT_CHECKPOINT_SECONDS = 30;
const DEFAULT_CHECKPOINTS_PER_STAGE = 10;
/** The step interval when a stage's length is unknown and the spec names none. */
const FALLBACK_CHECKPOINT_EVERY = 200;

/**
 * Whether step `step` should be checkpointed: every `checkpointEvery` steps when the spec names it; otherwise every
 * tenth of the planned steps or every DEFAULT_CHECKPOINT_SECONDS since the last one, whichever comes first.
 */
export function checkpointDue(config: Pick<TrainConfig, 'checkpointEvery'>, totalSteps: number | null, step: number, secondsSinceLast: number): boolean {
  if (config.checkpointEvery !== undefined) return step % config.checkpointEvery === 0;
  const every = totalSteps === null ? FALLBACK_CHECKPOINT_EVERY : Math.max(1, Math.ceil(totalSteps / DEFAULT_CHECKPOINTS_PER_STAGE));
  return step % every === 0 || secondsSinceLast >= DEFAULT_CHECKPOINT_SECONDS;
}

function plannedSteps(config: TrainConfig, stepsPerEpoch: number | undefined): number | null {
  const fromEpochs = stepsPerEpoch === undefined ? null : config.epochs * stepsPerEpoch;
  if (fromEpochs === null) return config.maxSteps ?? null;
  return config.maxSteps === undefined ? fromEpochs : Math.min(config.maxSteps, fromEpochs);
}

/**
 * Trains `model` with a hand-written loop (not `model.fit`): one `tf.tidy`'d forward/backward per batch,
 * SGD/Adam/AdamW updates, a yield to the event loop between batches, checkpoints, abort and progress.
 * Throws `TrainingAborted` when `signal` fires and `NonFiniteLossError` (before applying the update) when
 * the loss is NaN or infinite. Checkpoints cover `model.weights`, so custom `trainableVariables` must be the model's.
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const config = parseConfig(opts.config);
  const { model, signal } = opts;
  const variables = opts.trainableVariables ?? model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) throw new Error('trainableVariables: the model has nothing to train (all weights frozen)');
  const forward = opts.forward ?? ((m: tf.LayersModel, b: TrainBatch) => m.apply(b.x, { training: true }) as tf.Tensor);
  const optimizer = new TrainingOptimizer(variables, {
    kind: config.optimizer,
    learningRate: config.learningRate,
    weightDecay: config.weightDecay,
  });
  const rng = createRng(config.seed);
  const startedAt = performance.now();
  let position: LoopPosition = { step: 0, epoch: 0, batchInEpoch: 0, epochStartRngState: rng.getState(), samplesSeen: 0 };
  let resumedFromStep: number | null = null;
  let lastCheckpoint: CheckpointRef | null = null;
  let lastLoss = Number.NaN;
  let samplesThisRun = 0;

  try {
    if (opts.checkpoint?.resume === true) {
      const found = await latestCheckpoint(opts.checkpoint.dir);
      if (found) {
        const saved = await readCheckpoint(found.path);
        try {
          assertSameShapes(model, saved.modelWeights);
          model.setWeights(saved.modelWeights);
          optimizer.setState(saved.optimizer);
        } finally {
          tf.dispose([...saved.modelWeights, ...saved.optimizer.slots]);
        }
        position = saved.position;
        resumedFromStep = saved.position.step;
        lastLoss = saved.position.lastLoss ?? Number.NaN;
        lastCheckpoint = found;
      }
    }

    const totalSteps = plannedSteps(config, opts.stepsPerEpoch);
    let step = position.step;
    let lastCheckpointAt = performance.now();
    const saveCheckpoint = async (epoch: number, batchInEpoch: number, epochStartRngState: unknown): Promise<void> => {
      if (!opts.checkpoint) return;
      const state = optimizer.getState();
      try {
        lastCheckpoint = await writeCheckpoint(
          opts.checkpoint.dir,
          {
            position: {
              step,
              epoch,
              batchInEpoch,
              epochStartRngState,
              samplesSeen: position.samplesSeen + samplesThisRun,
              lastLoss: Number.isFinite(lastLoss) ? lastLoss : null,
            },
            modelWeights: model.weights.map((w) => w.read()),
            optimizer: state,
          },
          { keep: opts.checkpoint.keep },
        );
        lastCheckpointAt = performance.now();
      } finally {
        tf.dispose(state.slots);
      }
    };
    const reachedMaxSteps = (): boolean => config.maxSteps !== undefined && step >= config.maxSteps;

    let epoch = position.epoch;
    let batchInEpoch = position.batchInEpoch;
    let epochStartRngState: unknown = position.epochStartRngState;
    let finishedEarly = reachedMaxSteps();
    for (; epoch < config.epochs && !finishedEarly; epoch++) {
      const resuming = resumedFromStep !== null && epoch === position.epoch;
      // A resumed epoch replays its batch order from the RNG state saved at its start.
      if (resuming) rng.setState(position.epochStartRngState as RngState);
      epochStartRngState = rng.getState();
      const skip = resuming ? position.batchInEpoch : 0;
      batchInEpoch = 0;
      for await (const batch of opts.batches(epoch, rng)) {
        if (batchInEpoch < skip) {
          disposeBatch(batch);
          batchInEpoch++;
          continue;
        }
        if (isAborted(signal)) {
          disposeBatch(batch);
          throw new TrainingAborted(step, signal?.reason);
        }
        const samples = batchSize(batch);
        let lossValue: number;
        try {
          lossValue = await trainStep(model, variables, optimizer, forward, opts.loss, batch, step + 1);
        } finally {
          disposeBatch(batch);
        }
        step++;
        batchInEpoch++;
        samplesThisRun += samples;
        lastLoss = lossValue;
        const checkpointed = opts.checkpoint !== undefined && checkpointDue(config, totalSteps, step, (performance.now() - lastCheckpointAt) / 1000);
        if (checkpointed) await saveCheckpoint(epoch, batchInEpoch, epochStartRngState);
        if (opts.onProgress) {
          const elapsed = (performance.now() - startedAt) / 1000;
          const stepsThisRun = step - position.step;
          const stepsPerSec = elapsed > 0 ? stepsThisRun / elapsed : 0;
          await opts.onProgress({
            step,
            totalSteps,
            epoch,
            loss: lossValue,
            samplesPerSec: elapsed > 0 ? samplesThisRun / elapsed : 0,
            etaSeconds: totalSteps === null || stepsPerSec === 0 ? null : Math.max(0, totalSteps - step) / stepsPerSec,
            checkpointed,
          });
        }
        await yieldToEventLoop();
        if (isAborted(signal)) throw new TrainingAborted(step, signal?.reason);
        if (reachedMaxSteps()) {
          finishedEarly = true;
          break;
        }
      }
      if (finishedEarly) break;
    }
    // A final checkpoint lets a retried activity that crashed after training skip straight to the end.
    if (opts.checkpoint && step > 0 && lastCheckpoint?.step !== step) {
      if (finishedEarly) await saveCheckpoint(epoch, batchInEpoch, epochStartRngState);
      else await saveCheckpoint(config.epochs, 0, rng.getState());
    }
    const wallSeconds = (performance.now() - startedAt) / 1000;
    return {
      steps: step,
      finalLoss: lastLoss,
      wallSeconds,
      samplesPerSec: wallSeconds > 0 ? samplesThisRun / wallSeconds : 0,
      resumedFromStep,
      lastCheckpoint,
    };
  } finally {
    optimizer.dispose();
  }
}

function assertSameShapes(model: tf.LayersModel, saved: readonly tf.Tensor[]): void {
  const weights = model.weights;
  if (weights.length !== saved.length) {
    throw new Error(`checkpoint holds ${saved.length} weights but the model has ${weights.length}: not the same architecture`);
  }
  weights.forEach((w, i) => {
    const shape = saved[i]?.shape ?? [];
    if (shape.join(',') !== w.shape.join(',')) {
      throw new Error(`checkpoint weight ${i} (${w.originalName}) has shape [${shape.join(',')}], model expects [${w.shape.join(',')}]`);
    }
  });
}

/** Forward, backward and update for one batch; returns the loss. The update is skipped if the loss is not finite. */
async function trainStep(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
  optimizer: TrainingOptimizer,
  forward: (model: tf.LayersModel, batch: TrainBatch) => tf.Tensor,
  loss: (logits: tf.Tensor, batch: TrainBatch) => tf.Scalar,
  batch: TrainBatch,
  stepNumber: number,
): Promise<number> {
  const { value, grads } = tf.tidy(() => tf.variableGrads(() => loss(forward(model, batch), batch), [...variables]));
  try {
    const lossValue = (await value.data())[0] ?? Number.NaN;
    if (!Number.isFinite(lossValue)) throw new NonFiniteLossError(stepNumber, lossValue);
    optimizer.applyGradients(variables.map((v) => grads[v.name]));
    return lossValue;
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}
