// Every shape that crosses a boundary: job specs, events, metrics, scorecards, registry entries.
export * from './common.js';
export * from './datasets.js';
export * from './uploads.js';
export * from './training.js';
export * from './models.js';
export * from './jobs.js';
export * from './artifacts.js';
export * from './pricing.js';
export * from './estimates.js';
export * from './scorecards.js';
export * from './tokens.js';
export * from './presets.js';
export * from './field-errors.js';
export * from './failures.js';
export * from './api-paths.js';
