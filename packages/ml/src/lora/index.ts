// LoRA: the LoraDense layer, applying adapters to a model, saving/loading them alone, and merging them back.
export { LoraDense, type LoraDenseArgs, type ActivationName } from './lora_dense.js';
export { applyLora, denseLayerNames, loraLayers, trainableParamCount, type LoraOptions } from './apply_lora.js';
export { saveAdapter, loadAdapter, readAdapterManifest, ADAPTER_JSON, ADAPTER_WEIGHTS, type AdapterManifest, type SavedAdapter } from './adapter_io.js';
export { mergeLora } from './merge_lora.js';
