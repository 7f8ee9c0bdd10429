// Walks a layers model's JSON topology and its live layers, descending into nested models, for LoRA rewrites.
import * as tf from '@tensorflow/tfjs';

/** One layer entry of a `model.toJSON()` topology (snake_case keys, as Keras writes them). */
export interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { name?: string; layers?: LayerJson[] };
  [key: string]: unknown;
}

const CONTAINER_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** The model's topology as a mutable JSON object. */
export function modelTopology(model: tf.LayersModel): LayerJson {
  return model.toJSON(undefined, false) as unknown as LayerJson;
}

/** Calls `visit` on every non-container layer entry of a topology, nested models included. */
export function forEachLayerJson(topology: LayerJson, visit: (layer: LayerJson) => void): void {
  for (const layer of topology.config.layers ?? []) {
    if (CONTAINER_CLASSES.has(layer.class_name)) forEachLayerJson(layer, visit);
    else visit(layer);
  }
}

/** Builds a model from a (rewritten) topology; custom classes must be registered. */
export async function modelFromTopology(topology: LayerJson): Promise<tf.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: topology } as unknown as Parameters<typeof tf.models.modelFromJSON>[0]);
}

function isContainer(layer: tf.layers.Layer): layer is tf.LayersModel {
  return layer instanceof tf.LayersModel;
}

/** Every leaf layer of a model, nested models flattened, in order. */
export function leafLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) => (isContainer(layer) ? leafLayers(layer) : [layer]));
}

/** Pairs each leaf layer of `target` with the same-named layer of `source` (same nesting), for copying weights. */
export function forEachLayerPair(
  source: tf.LayersModel,
  target: tf.LayersModel,
  visit: (sourceLayer: tf.layers.Layer, targetLayer: tf.layers.Layer) => void,
): void {
  for (const targetLayer of target.layers) {
    const sourceLayer = source.getLayer(targetLayer.name);
    if (isContainer(targetLayer) && isContainer(sourceLayer)) forEachLayerPair(sourceLayer, targetLayer, visit);
    else visit(sourceLayer, targetLayer);
  }
}
