// Accuracy-aware mixed quantization: per layer, the most aggressive scheme that keeps quality within a tolerance.
import * as tf from '@tensorflow/tfjs';
import type { QuantScheme } from '@distillery/schemas';
import { evaluateClassifier } from '../eval/evaluate.js';
import { loadModel } from '../io.js';
import { PER_CHANNEL_LAYER_CLASSES } from './per_channel_topology.js';
import { roundTrip, SCHEMES_BY_AGGRESSIVENESS, type LayerScheme } from './schemes.js';
import { quantizeModel, type QuantizedWeight } from './write.js';

/** Higher is better (accuracy; negative bits per char for a language model). */
export type QualityFn = (model: tf.LayersModel) => Promise<number>;

export interface AccuracyAwareOptions {
  /** Where the chosen mixed model is written (tfjs model.json + shards). */
  dir: string;
  /** Schemes a layer may use; float32 is always the fallback. */
  schemes: QuantScheme[];
  /** Largest allowed relative quality loss, (baseline − quantized) / |baseline|; 0.01 = 1%. */
  tolerance: number;
  /** A labelled calibration split (quality = accuracy), or a quality function. */
  calibration: { x: tf.Tensor; y: tf.Tensor | ArrayLike<number> } | QualityFn;
  batchSize?: number;
}

export interface LayerChoice {
  layer: string;
  className: string;
  params: number;
  /** Relative quality loss when only this layer is quantized with each scheme it may use. */
  sensitivity: Partial<Record<QuantScheme, number>>;
  choice: LayerScheme;
}

export interface AccuracyAwareResult {
  dir: string;
  sizeBytes: number;
  /** Float32 bytes of the same weights, for the compression ratio. */
  floatWeightBytes: number;
  weightBytes: number;
  baselineQuality: number;
  /** Quality of the model as written, loaded back from `dir`. */
  finalQuality: number;
  relativeLoss: number;
  withinTolerance: boolean;
  /** How many times the verified mixed model exceeded the tolerance and one layer was moved to a milder scheme. */
  backoffs: number;
  layers: LayerChoice[];
  weights: QuantizedWeight[];
}

function checkOptions(opts: AccuracyAwareOptions): void {
  if (!(opts.tolerance >= 0 && opts.tolerance <= 1)) throw new Error('tolerance: must be between 0 and 1');
  if (opts.schemes.length === 0) throw new Error('schemes: must name at least one scheme');
  for (const s of opts.schemes) {
    if (!SCHEMES_BY_AGGRESSIVENESS.includes(s)) throw new Error(`schemes: unknown scheme "${String(s)}"`);
  }
}

/** Replaces a layer's weights by their round trip through `scheme`; returns the originals to restore. */
async function applyScheme(layer: tf.layers.Layer, scheme: LayerScheme): Promise<tf.Tensor[]> {
  // getWeights() hands out the variables' own tensors: copy them before the variables are overwritten.
  const originals = layer.getWeights().map((w) => w.clone());
  const replaced = await Promise.all(
    originals.map(async (w) => (w.dtype === 'float32' ? tf.tensor(roundTrip((await w.data()) as Float32Array, w.shape, scheme), w.shape) : w.clone())),
  );
  layer.setWeights(replaced);
  tf.dispose(replaced);
  return originals;
}

function restore(layer: tf.layers.Layer, originals: tf.Tensor[]): void {
  layer.setWeights(originals);
  tf.dispose(originals);
}

/**
 * 1. Measures each layer's sensitivity: relative quality loss with only that layer quantized, per scheme.
 * 2. Greedily, largest layers first (they save the most bytes), gives each layer the most aggressive scheme whose
 *    sensitivity still fits in what is left of the tolerance (losses are assumed to add).
 * 3. Writes the mixed model, loads it back with stock tfjs and measures it; while it exceeds the tolerance
 *    (losses do not always add), moves the layer with the largest measured sensitivity one step milder, and repeats.
 */
export async function quantizeAccuracyAware(model: tf.LayersModel, opts: AccuracyAwareOptions): Promise<AccuracyAwareResult> {
  checkOptions(opts);
  const calibration = opts.calibration;
  const quality: QualityFn =
    typeof calibration === 'function'
      ? calibration
      : async (m) => (await evaluateClassifier(m, calibration, { batchSize: opts.batchSize ?? 256 })).accuracy;
  const baselineQuality = await quality(model);
  if (baselineQuality === 0 || !Number.isFinite(baselineQuality)) {
    throw new Error(`calibration: baseline quality is ${baselineQuality}; a relative tolerance needs a non-zero finite quality`);
  }
  const relativeLoss = (q: number) => (baselineQuality - q) / Math.abs(baselineQuality);

  const layers: (LayerChoice & { options: LayerScheme[] })[] = [];
  for (const layer of model.layers) {
    const params = layer.countParams();
    if (params === 0 || !layer.getWeights().some((w) => w.dtype === 'float32')) continue;
    const perChannelOk = (PER_CHANNEL_LAYER_CLASSES as readonly string[]).includes(layer.getClassName());
    const options = SCHEMES_BY_AGGRESSIVENESS.filter(
      (s) => s !== 'float32' && opts.schemes.includes(s) && (s !== 'int8-per-channel' || perChannelOk),
    );
    const sensitivity: Partial<Record<QuantScheme, number>> = {};
    for (const scheme of options) {
      const originals = await applyScheme(layer, scheme);
      try {
        sensitivity[scheme as QuantScheme] = relativeLoss(await quality(model));
      } finally {
        restore(layer, originals);
      }
    }
    layers.push({ layer: layer.name, className: layer.getClassName(), params, sensitivity, choice: 'float32', options: [...options, 'float32'] });
  }

  let budget = opts.tolerance;
  for (const entry of [...layers].sort((a, b) => b.params - a.params)) {
    for (const scheme of entry.options) {
      const cost = scheme === 'float32' ? 0 : Math.max(0, entry.sensitivity[scheme] ?? Infinity);
      if (cost <= budget) {
        entry.choice = scheme;
        budget -= cost;
        break;
      }
    }
  }

  let backoffs = 0;
  for (;;) {
    const written = await quantizeModel(model, opts.dir, {
      scheme: 'float32',
      layers: Object.fromEntries(layers.map((l) => [l.layer, l.choice])),
    });
    const loaded = await loadModel(opts.dir);
    let finalQuality: number;
    try {
      finalQuality = await quality(loaded);
    } finally {
      loaded.dispose();
    }
    const loss = relativeLoss(finalQuality);
    const quantized = layers.filter((l) => l.choice !== 'float32');
    if (loss <= opts.tolerance + 1e-12 || quantized.length === 0) {
      const floatWeightBytes = model.getWeights().reduce((s, w) => s + w.size * 4, 0);
      return {
        dir: written.dir,
        sizeBytes: written.sizeBytes,
        floatWeightBytes,
        weightBytes: written.weightBytes,
        baselineQuality,
        finalQuality,
        relativeLoss: loss,
        withinTolerance: loss <= opts.tolerance + 1e-12,
        backoffs,
        layers: layers.map(({ options: _options, ...rest }) => rest),
        weights: written.weights,
      };
    }
    // Back off the layer whose current scheme hurt most on its own.
    const worst = quantized.reduce((a, b) =>
      (b.sensitivity[b.choice as QuantScheme] ?? 0) > (a.sensitivity[a.choice as QuantScheme] ?? 0) ? b : a,
    );
    worst.choice = worst.options[worst.options.indexOf(worst.choice) + 1] ?? 'float32';
    backoffs++;
  }
}
