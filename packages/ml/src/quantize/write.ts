// Writes a layers model's weights in quantized tfjs manifests, per layer, so stock tf.loadLayersModel loads the result.
import * as tf from '@tensorflow/tfjs';
import { QuantScheme } from '@distillery/schemas';
import { modelFileHandler, modelSizeBytes } from '../io.js';
import { quantizeAffine } from './affine.js';
import { toFloat16 } from './float16.js';
import { quantizeInt8PerChannel } from './int8_per_channel.js';
import { PER_CHANNEL_LAYER_CLASSES, splitForPerChannelScale } from './per_channel_topology.js';
import { roundTrip, type LayerScheme } from './schemes.js';

export interface QuantizePlan {
  /** Scheme for every layer not named in `layers`. */
  scheme: LayerScheme;
  /** Per-layer overrides, by layer name. */
  layers?: Record<string, LayerScheme>;
}

export interface QuantizedWeight {
  name: string;
  layer: string;
  shape: number[];
  /** What the plan asked for this weight's layer. */
  requested: LayerScheme;
  /** How it is stored: int8-per-channel applies to kernels of Dense/Conv layers; other weights of such a layer stay float32. */
  storedAs: LayerScheme;
  bytes: number;
  maxAbsError: number;
  rmsError: number;
}

export interface QuantizedModel {
  dir: string;
  /** model.json plus weight shards, on disk. */
  sizeBytes: number;
  /** Bytes of the weights alone. */
  weightBytes: number;
  weights: QuantizedWeight[];
}

interface EncodedWeight {
  spec: tf.io.WeightsManifestEntry;
  bytes: Uint8Array;
}

function validateScheme(field: string, scheme: string): LayerScheme {
  if (scheme === 'float32' || QuantScheme.safeParse(scheme).success) return scheme as LayerScheme;
  throw new Error(`${field}: unknown scheme "${scheme}" (expected float32, ${QuantScheme.options.join(', ')})`);
}

function errorsOf(original: Float32Array, stored: Float32Array): { maxAbsError: number; rmsError: number } {
  let max = 0;
  let sumSq = 0;
  for (let i = 0; i < original.length; i++) {
    const d = Math.abs(original[i]! - stored[i]!);
    max = Math.max(max, d);
    sumSq += d * d;
  }
  return { maxAbsError: max, rmsError: original.length === 0 ? 0 : Math.sqrt(sumSq / original.length) };
}

function float32Entry(name: string, shape: number[], values: Float32Array): EncodedWeight {
  return { spec: { name, shape, dtype: 'float32' }, bytes: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

/** A stock manifest entry for one float32 weight under a per-tensor scheme. */
function encodeManifestWeight(name: string, shape: number[], values: Float32Array, scheme: 'float32' | 'float16' | 'uint8' | 'uint16'): EncodedWeight {
  if (scheme === 'float32') return float32Entry(name, shape, values);
  if (scheme === 'float16') {
    const half = toFloat16(values);
    return { spec: { name, shape, dtype: 'float32', quantization: { dtype: 'float16' } }, bytes: new Uint8Array(half.buffer) };
  }
  const q = quantizeAffine(values, scheme);
  return {
    spec: { name, shape, dtype: 'float32', quantization: { dtype: scheme, scale: q.scale, min: q.min } },
    bytes: new Uint8Array(q.quantized.buffer),
  };
}

/** Weights as saved by tfjs, with their float32 values. */
async function savedArtifacts(model: tf.LayersModel): Promise<{ topology: Record<string, unknown>; weights: { spec: tf.io.WeightsManifestEntry; values: Float32Array | Int32Array }[] }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts || artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('model: could not serialise a layers-model topology');
  }
  const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const weights = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`model: weight ${spec.name} has unsupported dtype ${spec.dtype}`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const slice = data.slice(offset, offset + size * 4);
    weights.push({ spec, values: spec.dtype === 'float32' ? new Float32Array(slice) : new Int32Array(slice) });
    offset += size * 4;
  }
  return { topology: artifacts.modelTopology, weights };
}

function layerOf(weightName: string): string {
  const slash = weightName.indexOf('/');
  return slash < 0 ? weightName : weightName.slice(0, slash);
}

/**
 * Saves `model` to `dir` with each layer's weights stored under its scheme (tfjs `model.json` + shards).
 * float16/uint8/uint16 are tfjs manifest quantizations; int8-per-channel splits Dense/Conv layers as described in
 * per_channel_topology.ts. Every result loads with stock `tf.loadLayersModel` (through `modelFileHandler(dir)` in Node).
 */
export async function quantizeModel(model: tf.LayersModel, dir: string, plan: QuantizePlan): Promise<QuantizedModel> {
  const defaultScheme = validateScheme('scheme', plan.scheme);
  const layerNames = new Set(model.layers.map((l) => l.name));
  const perLayer = new Map<string, LayerScheme>();
  for (const [name, scheme] of Object.entries(plan.layers ?? {})) {
    if (!layerNames.has(name)) throw new Error(`layers.${name}: no layer of that name in the model`);
    perLayer.set(name, validateScheme(`layers.${name}`, scheme));
  }
  const schemeFor = (layer: string): LayerScheme => perLayer.get(layer) ?? defaultScheme;

  const { topology, weights } = await savedArtifacts(model);
  const valuesByName = new Map(weights.map((w) => [w.spec.name, w]));
  // Layers whose kernel goes int8 per channel: top-level Dense/Conv layers with a kernel.
  const splitLayers = new Map<string, { channels: number }>();
  for (const layer of model.layers) {
    if (schemeFor(layer.name) !== 'int8-per-channel') continue;
    if (!(PER_CHANNEL_LAYER_CLASSES as readonly string[]).includes(layer.getClassName())) continue;
    const kernel = valuesByName.get(`${layer.name}/kernel`);
    const channels = kernel?.spec.shape[kernel.spec.shape.length - 1];
    if (kernel && channels !== undefined) splitLayers.set(layer.name, { channels });
  }
  const { topology: newTopology, splits } = splitForPerChannelScale(topology, splitLayers);
  const splitByLayer = new Map(splits.map((s) => [s.layerName, s]));

  const encoded: EncodedWeight[] = [];
  const report: QuantizedWeight[] = [];
  for (const { spec, values } of weights) {
    const layer = layerOf(spec.name);
    const requested = schemeFor(layer);
    const split = splitByLayer.get(layer);
    if (values instanceof Int32Array) {
      encoded.push({ spec, bytes: new Uint8Array(values.buffer) });
      report.push({ name: spec.name, layer, shape: spec.shape, requested, storedAs: 'float32', bytes: values.byteLength, maxAbsError: 0, rmsError: 0 });
      continue;
    }
    if (split && spec.name === `${layer}/kernel`) {
      const q = quantizeInt8PerChannel(values, spec.shape);
      const bytes = new Uint8Array(q.values.length);
      for (let i = 0; i < bytes.length; i++) bytes[i] = q.values[i]! + 128;
      encoded.push({ spec: { name: spec.name, shape: spec.shape, dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: -128 } }, bytes });
      const channels = q.channels;
      const bias = split.useBias ? (valuesByName.get(`${layer}/bias`)?.values as Float32Array | undefined) : undefined;
      encoded.push(float32Entry(`${split.scaleLayerName}/gamma`, [channels], q.scales));
      encoded.push(float32Entry(`${split.scaleLayerName}/beta`, [channels], bias ?? new Float32Array(channels)));
      encoded.push(float32Entry(`${split.scaleLayerName}/moving_mean`, [channels], new Float32Array(channels)));
      encoded.push(float32Entry(`${split.scaleLayerName}/moving_variance`, [channels], new Float32Array(channels).fill(1)));
      const errors = errorsOf(values, roundTrip(values, spec.shape, 'int8-per-channel'));
      report.push({ name: spec.name, layer, shape: spec.shape, requested, storedAs: 'int8-per-channel', bytes: bytes.length + 16 * channels, ...errors });
      continue;
    }
    if (split && spec.name === `${layer}/bias`) {
      // Carried as the scale layer's beta (float32), written with the kernel above.
      report.push({ name: spec.name, layer, shape: spec.shape, requested, storedAs: 'float32', bytes: 0, maxAbsError: 0, rmsError: 0 });
      continue;
    }
    const storedAs = requested === 'int8-per-channel' ? 'float32' : requested;
    const entry = encodeManifestWeight(spec.name, spec.shape, values, storedAs);
    encoded.push(entry);
    report.push({ name: spec.name, layer, shape: spec.shape, requested, storedAs, bytes: entry.bytes.length, ...errorsOf(values, roundTrip(values, spec.shape, storedAs)) });
  }

  const weightBytes = encoded.reduce((s, e) => s + e.bytes.length, 0);
  const weightData = new Uint8Array(weightBytes);
  let offset = 0;
  for (const e of encoded) {
    weightData.set(e.bytes, offset);
    offset += e.bytes.length;
  }
  await modelFileHandler(dir).save({
    modelTopology: newTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: '@distillery/ml quantize',
    weightSpecs: encoded.map((e) => e.spec),
    weightData: weightData.buffer,
  });
  return { dir, sizeBytes: await modelSizeBytes(dir), weightBytes, weights: report };
}
