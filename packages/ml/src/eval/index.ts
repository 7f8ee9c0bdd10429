// Quality metrics and model evaluation.
export * from './metrics.js';
export * from './predict.js';
export * from './evaluate.js';
