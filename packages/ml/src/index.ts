// Public API of @distillery/ml: backends, model I/O, data sets, model builders (others append their modules below).
export * from './backends.js';
export * from './io.js';
export * from './data/index.js';
export * from './models/index.js';
export * from './cost/index.js';
export * from './eval/index.js';
export * from './bench/index.js';
export * from './quantize/index.js';
export * from './train/index.js';
export * from './distill/index.js';
export * from './lora/index.js';
export * from './tasks/index.js';
