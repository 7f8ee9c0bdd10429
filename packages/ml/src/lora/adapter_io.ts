// Saves and loads LoRA adapters on their own: A and B of each adapted layer plus a small JSON manifest.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { applyLora, loraLayers } from './apply_lora.js';

export const ADAPTER_JSON = 'adapter.json';
export const ADAPTER_WEIGHTS = 'adapter.weights.bin';
const FORMAT = 'distillery-lora-adapter';
const VERSION = 1;

export interface AdapterManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  rank: number;
  alpha: number;
  /** Adapted layers in model order, with the shapes a base model must match. */
  layers: { name: string; inputDim: number; units: number }[];
  /** tfjs weights-manifest entries for `adapter.weights.bin`, named `<layer>/lora_a` and `<layer>/lora_b`. */
  weights: tf.io.WeightsManifestEntry[];
}

export interface SavedAdapter {
  dir: string;
  files: string[];
  sizeBytes: number;
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
}

/** Writes only the adapters (A and B of every LoraDense) of `model` into `dir`: small next to the full model. */
export async function saveAdapter(model: tf.LayersModel, dir: string): Promise<SavedAdapter> {
  const layers = loraLayers(model);
  const first = layers[0];
  if (!first) throw new Error('model: has no LoraDense layer; call applyLora first');
  const mixed = layers.find((l) => l.rank !== first.rank || l.alpha !== first.alpha);
  if (mixed) throw new Error(`model: layer ${mixed.name} has rank/alpha ${mixed.rank}/${mixed.alpha}, others ${first.rank}/${first.alpha}`);
  const named: { name: string; tensor: tf.Tensor }[] = [];
  const described: AdapterManifest['layers'] = [];
  for (const layer of layers) {
    const { a, b } = layer.adapterWeights();
    named.push({ name: `${layer.name}/lora_a`, tensor: a }, { name: `${layer.name}/lora_b`, tensor: b });
    described.push({ name: layer.name, inputDim: a.shape[0] ?? 0, units: b.shape[1] ?? 0 });
  }
  const { data, specs } = await tf.io.encodeWeights(named);
  const manifest: AdapterManifest = { format: FORMAT, version: VERSION, rank: first.rank, alpha: first.alpha, layers: described, weights: specs };
  await fs.mkdir(dir, { recursive: true });
  const weightBytes = new Uint8Array(data);
  const manifestText = JSON.stringify(manifest, null, 2);
  await writeAtomically(path.join(dir, ADAPTER_WEIGHTS), weightBytes);
  await writeAtomically(path.join(dir, ADAPTER_JSON), manifestText);
  return { dir, files: [ADAPTER_JSON, ADAPTER_WEIGHTS], sizeBytes: weightBytes.byteLength + Buffer.byteLength(manifestText) };
}

/** Reads and checks an adapter manifest. */
export async function readAdapterManifest(dir: string): Promise<AdapterManifest> {
  const file = path.join(dir, ADAPTER_JSON);
  let manifest: AdapterManifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8')) as AdapterManifest;
  } catch (error) {
    throw new Error(`no adapter at ${dir}: cannot read ${ADAPTER_JSON} (${(error as Error).message})`);
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) throw new Error(`${file}: not a ${FORMAT} v${VERSION} manifest`);
  if (!Array.isArray(manifest.layers) || manifest.layers.length === 0) throw new Error(`${file}: layers must be a non-empty list`);
  return manifest;
}

/**
 * Applies the adapter saved in `dir` to `baseModel`: LoRA on the manifest's layers (base weights copied and
 * frozen) with A and B read from the file. Errors name the layer whose shape or presence does not match.
 */
export async function loadAdapter(baseModel: tf.LayersModel, dir: string): Promise<tf.LayersModel> {
  const manifest = await readAdapterManifest(dir);
  const bytes = await fs.readFile(path.join(dir, ADAPTER_WEIGHTS));
  const tensors = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.weights);
  try {
    const adapted = await applyLora(baseModel, {
      rank: manifest.rank,
      alpha: manifest.alpha,
      targetLayers: manifest.layers.map((l) => l.name),
    });
    for (const layer of loraLayers(adapted)) {
      const a = tensors[`${layer.name}/lora_a`];
      const b = tensors[`${layer.name}/lora_b`];
      if (!a || !b) throw new Error(`${ADAPTER_WEIGHTS}: no weights for layer ${layer.name}`);
      layer.setAdapterWeights(a, b);
    }
    return adapted;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
