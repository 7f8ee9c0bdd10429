// Builds MLP, CNN and decoder-only character-transformer LayersModels from a ModelArch; every model outputs logits.
import * as tf from '@tensorflow/tfjs';
import type { ModelArch } from '@distillery/schemas';
import { createRng, type Rng } from '../data/rng.js';
import { CausalSelfAttention, PositionalEmbedding } from './layers.js';

export type MlpArch = Extract<ModelArch, { family: 'mlp' }>;
export type CnnArch = Extract<ModelArch, { family: 'cnn' }>;
export type CharTransformerArch = Extract<ModelArch, { family: 'char-transformer' }>;

export interface ModelDims {
  /** One example's shape: [784] for MNIST, [K] for bag of words, [context] for the transformer (token ids). */
  inputShape: number[];
  numClasses?: number;
  vocabSize?: number;
}

const DEFAULT_SEED = 0;

function positiveInt(value: number | undefined, field: string): number {
  if (value === undefined || !Number.isInteger(value) || value < 1) throw new Error(`${field}: must be a positive integer, got ${String(value)}`);
  return value;
}

/** Glorot-uniform kernels and zero biases, each kernel seeded from the model's stream so a seed fixes the whole init. */
function denseLayer(rng: Rng, units: number, name: string, activation?: 'relu' | 'gelu' | 'tanh'): tf.layers.Layer {
  return tf.layers.dense({
    units,
    name,
    ...(activation === undefined ? {} : { activation }),
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }),
    biasInitializer: 'zeros',
  });
}

function dropoutLayer(rng: Rng, rate: number, name: string): tf.layers.Layer {
  return tf.layers.dropout({ rate, seed: rng.nextSeed(), name });
}

function buildMlp(arch: MlpArch, dims: ModelDims, rng: Rng): tf.LayersModel {
  const numClasses = positiveInt(dims.numClasses, 'numClasses');
  const input = tf.input({ shape: dims.inputShape, name: 'features' });
  let x = dims.inputShape.length > 1 ? (tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor) : input;
  arch.hidden.forEach((width, i) => {
    x = denseLayer(rng, width, `dense${i}`, arch.activation).apply(x) as tf.SymbolicTensor;
    if (arch.dropout > 0) x = dropoutLayer(rng, arch.dropout, `dropout${i}`).apply(x) as tf.SymbolicTensor;
  });
  const logits = denseLayer(rng, numClasses, 'head').apply(x) as tf.SymbolicTensor; // no softmax: distillation needs logits
  return tf.model({ inputs: input, outputs: logits, name: 'mlp' });
}

/** [784] → [28, 28, 1]; any square flat input likewise; images given as [h, w, c] pass through. */
function imageShape(inputShape: number[]): [number, number, number] | null {
  if (inputShape.length === 3) return inputShape as [number, number, number];
  if (inputShape.length === 2) return [inputShape[0]!, inputShape[1]!, 1];
  const side = Math.round(Math.sqrt(inputShape[0] ?? 0));
  return inputShape.length === 1 && side * side === inputShape[0] ? [side, side, 1] : null;
}

function buildCnn(arch: CnnArch, dims: ModelDims, rng: Rng): tf.LayersModel {
  const numClasses = positiveInt(dims.numClasses, 'numClasses');
  const image = imageShape(dims.inputShape);
  if (!image) throw new Error(`inputShape: a CNN needs an image or a square flat input, got [${dims.inputShape.join(',')}]`);
  const input = tf.input({ shape: dims.inputShape, name: 'pixels' });
  let x = dims.inputShape.length === 3 ? input : (tf.layers.reshape({ targetShape: image, name: 'to_image' }).apply(input) as tf.SymbolicTensor);
  arch.filters.forEach((filters, i) => {
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: arch.kernelSize,
        padding: 'same',
        activation: 'relu',
        name: `conv${i}`,
        kernelInitializer: tf.initializers.heNormal({ seed: rng.nextSeed() }),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${i}` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = denseLayer(rng, arch.dense, 'dense0', 'relu').apply(x) as tf.SymbolicTensor;
  if (arch.dropout > 0) x = dropoutLayer(rng, arch.dropout, 'dropout0').apply(x) as tf.SymbolicTensor;
  const logits = denseLayer(rng, numClasses, 'head').apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'cnn' });
}

function buildCharTransformer(arch: CharTransformerArch, dims: ModelDims, rng: Rng): tf.LayersModel {
  const vocabSize = positiveInt(dims.vocabSize, 'vocabSize');
  const context = dims.inputShape[0] ?? arch.context;
  if (dims.inputShape.length !== 1 || context !== arch.context) {
    throw new Error(`inputShape: the transformer takes [context] = [${arch.context}] token ids, got [${dims.inputShape.join(',')}]`);
  }
  if (arch.dModel % arch.heads !== 0) throw new Error(`dModel: ${arch.dModel} must be divisible by heads (${arch.heads})`);
  const { dModel, layers: blocks, dropout } = arch;
  const apply = (layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor =>
    layer.apply(input) as tf.SymbolicTensor;

  const tokens = tf.input({ shape: [context], dtype: 'int32', name: 'tokens' }); // [batch, context]
  let x = apply(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: dModel,
      name: 'token_embedding',
      embeddingsInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: rng.nextSeed() }),
    }),
    tokens,
  ); // [batch, context, dModel]
  x = apply(new PositionalEmbedding({ maxLength: context, seed: rng.nextSeed(), name: 'position_embedding' }), x);
  if (dropout > 0) x = apply(dropoutLayer(rng, dropout, 'embedding_dropout'), x);

  for (let b = 0; b < blocks; b++) {
    const p = `block${b}`;
    // Pre-LayerNorm attention: x + Wo·attn(Wq·ln(x), Wk·ln(x), Wv·ln(x))
    const normed = apply(tf.layers.layerNormalization({ name: `${p}_ln1`, epsilon: 1e-5 }), x);
    const q = apply(denseLayer(rng, dModel, `${p}_attn_q`), normed);
    const k = apply(denseLayer(rng, dModel, `${p}_attn_k`), normed);
    const v = apply(denseLayer(rng, dModel, `${p}_attn_v`), normed);
    const attended = apply(new CausalSelfAttention({ heads: arch.heads, name: `${p}_attn` }), [q, k, v]);
    let attnOut = apply(denseLayer(rng, dModel, `${p}_attn_out`), attended);
    if (dropout > 0) attnOut = apply(dropoutLayer(rng, dropout, `${p}_attn_dropout`), attnOut);
    x = apply(tf.layers.add({ name: `${p}_attn_residual` }), [x, attnOut]);
    // Pre-LayerNorm MLP: x + W_down·gelu(W_up·ln(x)); the activation is its own layer so both projections are linear.
    const normed2 = apply(tf.layers.layerNormalization({ name: `${p}_ln2`, epsilon: 1e-5 }), x);
    const up = apply(denseLayer(rng, 4 * dModel, `${p}_mlp_up`), normed2);
    const activated = apply(tf.layers.activation({ activation: 'gelu', name: `${p}_mlp_gelu` }), up);
    let down = apply(denseLayer(rng, dModel, `${p}_mlp_down`), activated);
    if (dropout > 0) down = apply(dropoutLayer(rng, dropout, `${p}_mlp_dropout`), down);
    x = apply(tf.layers.add({ name: `${p}_mlp_residual` }), [x, down]);
  }
  x = apply(tf.layers.layerNormalization({ name: 'final_ln', epsilon: 1e-5 }), x);
  const logits = apply(denseLayer(rng, vocabSize, 'head'), x); // [batch, context, vocab]
  return tf.model({ inputs: tokens, outputs: logits, name: 'char_transformer' });
}

/**
 * A fresh model for `arch`, initialised from `opts.seed` (every kernel and dropout mask seeded from one stream).
 * Outputs are logits: [batch, numClasses] for mlp/cnn, [batch, context, vocabSize] for the transformer.
 */
export function buildModel(arch: ModelArch, dims: ModelDims, opts: { seed?: number } = {}): tf.LayersModel {
  if (dims.inputShape.length === 0 || !dims.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`inputShape: must be positive integers, got [${dims.inputShape.join(',')}]`);
  }
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  switch (arch.family) {
    case 'mlp':
      return buildMlp(arch, dims, rng);
    case 'cnn':
      return buildCnn(arch, dims, rng);
    case 'char-transformer':
      return buildCharTransformer(arch, dims, rng);
  }
}

/** Trainable plus non-trainable weights' element count. */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}
