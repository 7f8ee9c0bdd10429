// The transformer's only custom layers: causal multi-head attention over given q/k/v, and a learned positional embedding.
// Every projection stays a stock tf.layers.dense, so LoRA can wrap it; these two are registered so tf.loadLayersModel reads them.
import * as tf from '@tensorflow/tfjs';

/** Stock layer options (name, trainable, dtype, …) as tfjs passes them back on deserialisation. */
type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Large negative score for masked (future) positions; softmax turns it into an exact zero in float32. */
const MASKED_SCORE = -1e9;

export interface CausalSelfAttentionArgs extends BaseLayerArgs {
  heads: number;
}

/**
 * [seq, seq]: 0 on and below the diagonal, MASKED_SCORE above it. Written on the host: as ops (bandPart) it took
 * eight kernels a layer, one of them tfjs's slow int32 broadcast.
 */
function causalMask(seq: number): tf.Tensor2D {
  const values = new Float32Array(seq * seq);
  for (let row = 0; row < seq; row++) values.fill(MASKED_SCORE, row * seq + row + 1, (row + 1) * seq);
  return tf.tensor2d(values, [seq, seq]);
}

/**
 * Inputs [q, k, v], each [batch, seq, dModel] (already projected). Splits dModel into `heads`, applies
 * softmax(q·kᵀ/√dHead + causal mask)·v per head and merges heads back: output [batch, seq, dModel]. No weights.
 */
export class CausalSelfAttention extends tf.layers.Layer {
  static className = 'DistilleryCausalSelfAttention';
  readonly heads: number;

  constructor(args: CausalSelfAttentionArgs) {
    super(args);
    if (!Number.isInteger(args.heads) || args.heads < 1) throw new Error(`heads: must be a positive integer, got ${String(args.heads)}`);
    this.heads = args.heads;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shapes = inputShape as tf.Shape[];
    const query = shapes[0];
    if (!query) throw new Error('CausalSelfAttention expects [q, k, v] inputs');
    return query;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [query, key, value] = inputs as tf.Tensor[];
      if (!query || !key || !value) throw new Error('CausalSelfAttention expects [q, k, v] inputs');
      const [, seq, dModel] = query.shape as [number, number, number];
      if (dModel % this.heads !== 0) throw new Error(`dModel ${dModel} is not divisible by heads ${this.heads}`);
      const dHead = dModel / this.heads;
      // [batch, seq, dModel] → [batch, heads, seq, dHead]
      const splitHeads = (t: tf.Tensor): tf.Tensor4D => tf.transpose(tf.reshape(t, [-1, seq, this.heads, dHead]), [0, 2, 1, 3]);
      // The 1/√dHead scale on q (half the elements of the scores it would otherwise multiply).
      const q = splitHeads(tf.mul(query, 1 / Math.sqrt(dHead)));
      const k = splitHeads(key);
      const v = splitHeads(value);
      const scores = tf.matMul(q, k, false, true); // [batch, heads, seq, seq]
      const masked = tf.add(scores, causalMask(seq));
      const attended = tf.matMul(tf.softmax(masked, -1), v); // [batch, heads, seq, dHead]
      return tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [-1, seq, dModel]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}

export interface PositionalEmbeddingArgs extends BaseLayerArgs {
  /** Longest sequence (the model's context). */
  maxLength: number;
  seed?: number;
}

/** Adds a learned [maxLength, dModel] position table to token embeddings [batch, seq, dModel] (seq ≤ maxLength). */
export class PositionalEmbedding extends tf.layers.Layer {
  static className = 'DistilleryPositionalEmbedding';
  readonly maxLength: number;
  readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;

  constructor(args: PositionalEmbeddingArgs) {
    super(args);
    if (!Number.isInteger(args.maxLength) || args.maxLength < 1) {
      throw new Error(`maxLength: must be a positive integer, got ${String(args.maxLength)}`);
    }
    this.maxLength = args.maxLength;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const dModel = shape[shape.length - 1];
    if (typeof dModel !== 'number') throw new Error('PositionalEmbedding needs a known last dimension');
    const initializer = tf.initializers.randomNormal({ mean: 0, stddev: 0.02, ...(this.seed === undefined ? {} : { seed: this.seed }) });
    this.table = this.addWeight('embeddings', [this.maxLength, dModel], 'float32', initializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!x || !this.table) throw new Error('PositionalEmbedding called before build');
      const [, seq, dModel] = x.shape as [number, number, number];
      if (seq > this.maxLength) throw new Error(`sequence length ${seq} exceeds the positional table (${this.maxLength})`);
      return tf.add(x, tf.slice(this.table.read(), [0, 0], [seq, dModel]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxLength: this.maxLength, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

tf.serialization.registerClass(CausalSelfAttention);
tf.serialization.registerClass(PositionalEmbedding);
