// Post-training quantization: tfjs manifest formats, int8 per channel, accuracy-aware mixed schemes.
export * from './affine.js';
export * from './float16.js';
export * from './int8_per_channel.js';
export * from './schemes.js';
export * from './per_channel_topology.js';
export * from './write.js';
export * from './accuracy_aware.js';
