/**
 * Stock-loadable int8 per output channel: a Dense/Conv kernel W [.., out] is stored as its int8 values Q
 * (W ≈ Q · diag(s)) and the layer is split, in the saved topology, into
 *   the same layer with kernel Q, no bias, linear activation   → y = x·Q
 *   a BatchNormalization over the channel axis                   → y · s + b   (gamma = s, beta = b, mean 0, variance 1, epsilon 0)
 *   an Activation layer with the original activation (if not linear).
 * Q is written as a stock `uint8` manifest entry with scale 1 and min −128 (byte = q + 128), which tfjs decodes to the
 * exact integers, and s sits in gamma as float32. So the file holds one byte per kernel weight plus four floats per
 * channel, and plain `tf.loadLayersModel` loads it with no custom code: the scale is applied by a stock layer.
 * Only top-level Dense, Conv1D and Conv2D layers can be split this way (custom layers have no slot for a scale layer).
 */
import * as tf from '@tensorflow/tfjs';

type Json = Record<string, unknown>;
/** [layerName, nodeIndex, tensorIndex, kwargs] as Keras serialises an inbound connection. */
type NodeRef = [string, number, number, Json?];

export const PER_CHANNEL_LAYER_CLASSES = ['Dense', 'Conv1D', 'Conv2D'] as const;

export interface PerChannelSplit {
  layerName: string;
  scaleLayerName: string;
  activationLayerName: string | null;
  useBias: boolean;
}

/** The Keras JSON of a BatchNormalization (acting as a per-channel scale) and an Activation, as tfjs serialises them. */
function scaleAndActivationConfigs(channels: number, axis: number, scaleName: string, activation: string, activationName: string): Json[] {
  const layers: tf.layers.Layer[] = [tf.layers.batchNormalization({ inputShape: [channels], axis, epsilon: 0, name: scaleName })];
  if (activation !== 'linear') layers.push(tf.layers.activation({ activation: activation as 'relu', name: activationName }));
  const model = tf.sequential({ layers });
  const json = model.toJSON(null, false) as unknown as { config: { layers: Json[] } };
  model.dispose();
  const configs = json.config.layers.map((l) => structuredClone(l));
  const first = configs[0]!.config as Json;
  delete first.batch_input_shape;
  return configs;
}

function channelAxis(layerConfig: Json): number {
  return layerConfig.data_format === 'channels_first' ? 1 : -1;
}

/**
 * Rewrites a Sequential or functional Keras topology so that each layer in `layers` is split as described above.
 * Returns the new topology (the input is not modified) and what was split.
 */
export function splitForPerChannelScale(
  topology: Json,
  layers: ReadonlyMap<string, { channels: number }>,
): { topology: Json; splits: PerChannelSplit[] } {
  const out = structuredClone(topology);
  const modelConfig = out.config as Json | undefined;
  const entries = modelConfig?.layers as Json[] | undefined;
  if (!modelConfig || !Array.isArray(entries)) throw new Error('modelTopology: expected a Keras model with config.layers');
  const functional = out.class_name !== 'Sequential';
  const existing = new Set(entries.map((e) => String((e.config as Json).name)));
  const splits: PerChannelSplit[] = [];
  const renamed = new Map<string, string>();
  const rewritten: Json[] = [];
  for (const entry of entries) {
    const config = entry.config as Json;
    const name = String(config.name);
    const target = layers.get(name);
    if (!target) {
      rewritten.push(entry);
      continue;
    }
    if (!(PER_CHANNEL_LAYER_CLASSES as readonly string[]).includes(String(entry.class_name))) {
      throw new Error(`layers.${name}: int8-per-channel needs a Dense or Conv layer, got ${String(entry.class_name)}`);
    }
    const scaleName = `${name}_int8_scale`;
    const activationName = `${name}_int8_activation`;
    for (const n of [scaleName, activationName]) if (existing.has(n)) throw new Error(`layers.${name}: a layer named ${n} already exists`);
    const activation = typeof config.activation === 'string' ? config.activation : 'linear';
    const useBias = config.use_bias !== false;
    config.activation = 'linear';
    config.use_bias = false;
    rewritten.push(entry);
    const added = scaleAndActivationConfigs(target.channels, channelAxis(config), scaleName, activation, activationName);
    if (functional) {
      const inbound = (entry.inbound_nodes as unknown[]) ?? [];
      let previous = name;
      for (const layer of added) {
        const layerName = String((layer.config as Json).name);
        rewritten.push({ ...layer, name: layerName, inbound_nodes: inbound.map((_, i) => [[previous, i, 0, {}]]) });
        previous = layerName;
      }
      renamed.set(name, previous);
    } else {
      rewritten.push(...added);
    }
    splits.push({ layerName: name, scaleLayerName: scaleName, activationLayerName: added.length > 1 ? activationName : null, useBias });
  }
  if (splits.length !== layers.size) {
    const missing = [...layers.keys()].filter((n) => !splits.some((s) => s.layerName === n));
    throw new Error(`layers: ${missing.join(', ')} not found at the top level of the model`);
  }
  if (functional) {
    const own = new Set(splits.flatMap((s) => [s.scaleLayerName, s.activationLayerName]));
    const redirect = (ref: NodeRef): NodeRef => {
      const to = renamed.get(ref[0]);
      return to === undefined ? ref : [to, ...ref.slice(1)] as NodeRef;
    };
    for (const entry of rewritten) {
      if (own.has(String(entry.name))) continue;
      const inbound = entry.inbound_nodes as NodeRef[][] | undefined;
      if (Array.isArray(inbound)) entry.inbound_nodes = inbound.map((node) => node.map(redirect));
    }
    modelConfig.output_layers = (modelConfig.output_layers as NodeRef[]).map(redirect);
  }
  modelConfig.layers = rewritten;
  return { topology: out, splits };
}
