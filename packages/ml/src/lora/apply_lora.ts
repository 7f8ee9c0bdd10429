// applyLora: rewrites a model so the targeted Dense layers become LoraDense with frozen copies of their weights.
import type * as tf from '@tensorflow/tfjs';
import { LoraDense } from './lora_dense.js';
import { forEachLayerJson, forEachLayerPair, leafLayers, modelFromTopology, modelTopology } from './model_graph.js';

export interface LoraOptions {
  /** Rank r of each adapter. */
  rank: number;
  /** LoRA α (update scale α / r). */
  alpha: number;
  /** Dense layer names to adapt; empty or absent means every Dense layer. */
  targetLayers?: readonly string[];
  /** Seed for the adapters' A initialisation. */
  seed?: number;
}

/** Names of the stock Dense layers of a model (nested models included): what `targetLayers` may name. */
export function denseLayerNames(model: tf.LayersModel): string[] {
  return leafLayers(model)
    .filter((layer) => layer.getClassName() === 'Dense')
    .map((layer) => layer.name);
}

function chooseTargets(model: tf.LayersModel, targetLayers: readonly string[] | undefined): Set<string> {
  const dense = denseLayerNames(model);
  if (dense.length === 0) throw new Error('targetLayers: the model has no Dense layer to adapt');
  if (!targetLayers || targetLayers.length === 0) return new Set(dense);
  const unknown = targetLayers.filter((name) => !dense.includes(name));
  if (unknown.length > 0) {
    throw new Error(`targetLayers: ${unknown.map((n) => `"${n}"`).join(', ')} not Dense layers of this model; valid: ${dense.join(', ')}`);
  }
  return new Set(targetLayers);
}

/**
 * Returns a new model in which each targeted Dense layer is a LoraDense (base kernel and bias copied and
 * frozen, A random, B zero) and every other layer is frozen, so only the adapters train. The input model is
 * left untouched. Works for sequential and functional models via the JSON topology, custom layers included
 * (they must be registered).
 */
export async function applyLora(model: tf.LayersModel, opts: LoraOptions): Promise<tf.LayersModel> {
  if (!Number.isInteger(opts.rank) || opts.rank < 1) throw new Error(`rank: must be a positive integer, got ${opts.rank}`);
  if (!(opts.alpha > 0)) throw new Error(`alpha: must be a positive number, got ${opts.alpha}`);
  const targets = chooseTargets(model, opts.targetLayers);
  const topology = modelTopology(model);
  let layerIndex = 0;
  forEachLayerJson(topology, (layer) => {
    const name = layer.config.name ?? '';
    if (layer.class_name === 'Dense' && targets.has(name)) {
      layer.class_name = LoraDense.className;
      layer.config.rank = opts.rank;
      layer.config.alpha = opts.alpha;
      layer.config.trainable = true;
      // Distinct seeds per layer, so adapters do not start identical.
      if (opts.seed !== undefined) layer.config.seed = opts.seed + layerIndex;
    } else if (layer.class_name !== 'InputLayer') {
      layer.config.trainable = false;
    }
    layerIndex++;
  });
  const adapted = await modelFromTopology(topology);
  forEachLayerPair(model, adapted, (source, target) => {
    const weights = source.getWeights();
    if (target instanceof LoraDense) target.setBaseWeights(weights[0] as tf.Tensor, weights[1]);
    else if (weights.length > 0) target.setWeights(weights);
  });
  return adapted;
}

/** The LoraDense layers of a model, nested models included. */
export function loraLayers(model: tf.LayersModel): LoraDense[] {
  return leafLayers(model).filter((layer): layer is LoraDense => layer instanceof LoraDense);
}

/** Number of scalars the optimiser would update (trainable weights only). */
export function trainableParamCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((n: number, d) => n * (d ?? 1), 1), 0);
}
