// Reads and writes models as standard tfjs layers-format directories (model.json + groupN-shardKofM.bin) on the file system.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
// Custom layers (the transformer's attention and positional embedding) must be registered before any load.
import './models/layers.js';

export const MODEL_JSON = 'model.json';
/** tfjs's converter uses 4 MiB shards so that each file fits browser caches; we keep its convention. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export interface ModelFileOptions {
  /** Largest weight shard in bytes; shards split the concatenated weight bytes, as tfjs's converter does. */
  shardBytes?: number;
}

export interface SavedModelFiles {
  dir: string;
  /** File names relative to `dir`, model.json first. */
  files: string[];
  sizeBytes: number;
}

/** An IOHandler whose save and load are both present (tfjs types them optional). */
export type ModelFileHandler = Required<Pick<tf.io.IOHandler, 'save' | 'load'>>;

function assertShardBytes(shardBytes: number): void {
  if (!Number.isInteger(shardBytes) || shardBytes < 4) {
    throw new Error(`shardBytes: must be an integer of at least 4, got ${shardBytes}`);
  }
}

function toUint8(weightData: tf.io.WeightData | undefined): Uint8Array {
  if (weightData === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
}

/** Writes to a temporary name and renames, so a reader never sees half a file and a crash leaves the old one. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

async function readModelJson(dir: string): Promise<tf.io.ModelJSON> {
  const file = path.join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`no model at ${dir}: cannot read ${MODEL_JSON} (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null) throw new Error(`${file}: must hold a JSON object`);
  const modelJson = json as Partial<tf.io.ModelJSON>;
  if (modelJson.modelTopology == null) throw new Error(`${file}: modelTopology: required`);
  if (!Array.isArray(modelJson.weightsManifest)) throw new Error(`${file}: weightsManifest: must be an array`);
  return modelJson as tf.io.ModelJSON;
}

/** Reads every shard a manifest lists, in manifest order; tfjs slices specs out of the concatenation (quantized or not). */
async function readWeights(dir: string, manifest: tf.io.WeightsManifestConfig): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const [groupIndex, group] of manifest.entries()) {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new Error(`${path.join(dir, MODEL_JSON)}: weightsManifest[${groupIndex}]: needs paths and weights arrays`);
    }
    for (const shard of group.paths) {
      const resolved = path.resolve(dir, shard);
      if (path.dirname(resolved) !== path.resolve(dir)) {
        throw new Error(`weightsManifest[${groupIndex}].paths: "${shard}" must be a file name inside the model directory`);
      }
      const bytes = await readFile(resolved);
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    specs.push(...group.weights);
  }
  return [specs, tf.io.concatenateArrayBuffers(buffers)];
}

/**
 * A tfjs IOHandler over a local directory. It passes the weights manifest through untouched, so weight specs with a
 * `quantization` field ({dtype: 'uint8'|'uint16'|'float16', scale, min}) are written as given and decoded by tfjs on load.
 */
export function modelFileHandler(dir: string, opts: ModelFileOptions = {}): ModelFileHandler {
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  assertShardBytes(shardBytes);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('modelFileHandler saves layers models only (modelTopology must be JSON, not a graph-model protobuf)');
      }
      await mkdir(dir, { recursive: true });
      const weightBytes = toUint8(artifacts.weightData);
      const shardCount = Math.max(1, Math.ceil(weightBytes.byteLength / shardBytes));
      const paths: string[] = [];
      for (let shard = 0; shard < shardCount; shard++) {
        const name = `group1-shard${shard + 1}of${shardCount}.bin`;
        await writeAtomically(path.join(dir, name), weightBytes.subarray(shard * shardBytes, (shard + 1) * shardBytes));
        paths.push(name);
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      // model.json goes last: its presence means every shard it names is complete.
      const modelJsonText = JSON.stringify(modelJson);
      await writeAtomically(path.join(dir, MODEL_JSON), modelJsonText);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: Buffer.byteLength(JSON.stringify(modelJson.modelTopology)),
          weightSpecsBytes: Buffer.byteLength(JSON.stringify(modelJson.weightsManifest)),
          weightDataBytes: weightBytes.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = await readModelJson(dir);
      return tf.io.getModelArtifactsForJSON(modelJson, (manifest) => readWeights(dir, manifest));
    },
  };
}

/** Saves a layers model to `dir` in the standard tfjs format and lists what it wrote. */
export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  opts: ModelFileOptions & { includeOptimizer?: boolean } = {},
): Promise<SavedModelFiles> {
  await model.save(modelFileHandler(dir, opts), { includeOptimizer: opts.includeOptimizer ?? false });
  const files = await modelFiles(dir);
  let sizeBytes = 0;
  for (const file of files) sizeBytes += (await stat(path.join(dir, file))).size;
  return { dir, files, sizeBytes };
}

/** Loads a layers model saved by `saveModel` (or by tfjs's converter, or a quantized manifest) from `dir`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(modelFileHandler(dir));
}

/** model.json and the shards its manifest names, relative to `dir`. */
export async function modelFiles(dir: string): Promise<string[]> {
  const modelJson = await readModelJson(dir);
  return [MODEL_JSON, ...modelJson.weightsManifest.flatMap((group) => group.paths)];
}

/** Bytes on disk of model.json plus every weight shard it names: the model's download size. */
export async function modelSizeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const file of await modelFiles(dir)) total += (await stat(path.join(dir, file))).size;
  return total;
}

async function listFilesRecursively(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(root, child)));
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push(child);
  }
  return files;
}

/**
 * sha256 over every file under `dir` in sorted path order, each framed by its relative path and length, so that
 * renaming or moving bytes between files changes the hash. Content addressing for model artifacts.
 */
export async function directoryHash(dir: string): Promise<string> {
  const files = (await listFilesRecursively(dir)).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    hash.update(`${file}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
