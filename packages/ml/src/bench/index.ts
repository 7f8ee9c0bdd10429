// Inference benchmarks.
export * from './percentile.js';
export * from './inference.js';
