// Model architectures for @distillery/ml: builders, custom transformer layers, parameter and FLOP counts.
export { buildModel, countParams, type ModelDims, type MlpArch, type CnnArch, type CharTransformerArch } from './build.js';
export { flopsPerSample, trainingFlops, TRAINING_FLOPS_MULTIPLIER } from './flops.js';
export { CausalSelfAttention, PositionalEmbedding, type CausalSelfAttentionArgs, type PositionalEmbeddingArgs } from './layers.js';
