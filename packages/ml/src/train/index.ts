// The training loop and what it is built from: optimisers, checkpoints, batch sources, errors.
export { train, type TrainOptions, type TrainResult, type TrainProgress, type TrainBatch, type BatchSource } from './train.js';
export { TrainingAborted, NonFiniteLossError } from './errors.js';
export { TrainingOptimizer, type OptimizerKind, type OptimizerSettings, type OptimizerState } from './optimizer.js';
export { latestCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointRef, type CheckpointContents, type LoopPosition } from './checkpoint.js';
export { classificationBatches, batchesPerEpoch, shuffledRowBatches, type ClassificationBatchesOptions } from './batch_sources.js';
