// mergeLora: folds each adapter into its base kernel (W' = W + (α/r)·A·B) and returns a stock-layers model.
import * as tf from '@tensorflow/tfjs';
import { LoraDense } from './lora_dense.js';
import { forEachLayerJson, forEachLayerPair, modelFromTopology, modelTopology } from './model_graph.js';

/** Config keys LoraDense adds on top of Dense's. */
const LORA_ONLY_KEYS = ['rank', 'alpha', 'seed'];

/**
 * A new model where every LoraDense is a stock Dense layer holding W + (α/r)·A·B and b, and every layer is
 * trainable again; it needs no custom class to load (plain `tf.loadLayersModel`). Initialisers, regularisers and
 * constraints of the original Dense layers are not kept (the weights are what matter for inference).
 */
export async function mergeLora(model: tf.LayersModel): Promise<tf.LayersModel> {
  const topology = modelTopology(model);
  forEachLayerJson(topology, (layer) => {
    if (layer.class_name === LoraDense.className) {
      layer.class_name = 'Dense';
      for (const key of LORA_ONLY_KEYS) delete layer.config[key];
    }
    if (layer.class_name !== 'InputLayer') layer.config.trainable = true;
  });
  const merged = await modelFromTopology(topology);
  forEachLayerPair(model, merged, (source, target) => {
    if (source instanceof LoraDense) {
      const { kernel, bias } = source.mergedWeights();
      target.setWeights(bias ? [kernel, bias] : [kernel]);
      tf.dispose([kernel, bias ?? []]);
    } else {
      const weights = source.getWeights();
      if (weights.length > 0) target.setWeights(weights);
    }
  });
  return merged;
}
