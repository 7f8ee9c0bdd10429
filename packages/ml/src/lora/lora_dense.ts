// LoraDense: a Dense layer with a frozen base kernel and a trainable low-rank update, registered for (de)serialisation.
import * as tf from '@tensorflow/tfjs';

/** Stock layer options (name, trainable, dtype, …) as tfjs passes them back on deserialisation. */
type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type ActivationName = NonNullable<Parameters<typeof tf.layers.activation>[0]['activation']>;

export interface LoraDenseArgs extends BaseLayerArgs {
  /** Output features of the base Dense layer. */
  units: number;
  /** Rank r of the update A·B. */
  rank: number;
  /** LoRA α; the update is scaled by α / r so changing r does not change the effective learning rate. */
  alpha: number;
  activation?: ActivationName;
  useBias?: boolean;
  /** Seed for A's initialisation, for reproducible adapters. */
  seed?: number;
  // A rewritten Dense config also carries kernelInitializer, regularizers, constraints…: accepted and ignored,
  // because the base weights are copied in (or loaded) and frozen.
  [denseOption: string]: unknown;
}

/**
 * output = activation(x·W + b + (α/r)·(x·A)·B), W [in, units] and b frozen, A [in, r] random, B [r, units] zero,
 * so a fresh adapter leaves the layer's output unchanged. Works on [batch, in] and [batch, seq, in] inputs.
 */
export class LoraDense extends tf.layers.Layer {
  static className = 'LoraDense';
  readonly units: number;
  readonly rank: number;
  readonly alpha: number;
  readonly useBias: boolean;
  readonly activationName: ActivationName;
  readonly seed: number | undefined;
  private readonly activationLayer: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private loraA: tf.LayerVariable | null = null;
  private loraB: tf.LayerVariable | null = null;

  constructor(args: LoraDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`units: must be a positive integer, got ${String(args.units)}`);
    if (!Number.isInteger(args.rank) || args.rank < 1) throw new Error(`rank: must be a positive integer, got ${String(args.rank)}`);
    if (!(typeof args.alpha === 'number' && args.alpha > 0)) throw new Error(`alpha: must be a positive number, got ${String(args.alpha)}`);
    this.units = args.units;
    this.rank = args.rank;
    this.alpha = args.alpha;
    this.useBias = args.useBias ?? true;
    this.activationName = args.activation ?? 'linear';
    this.seed = args.seed;
    this.activationLayer = tf.layers.activation({ activation: this.activationName });
  }

  /** α / r. */
  get scale(): number {
    return this.alpha / this.rank;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (typeof inputDim !== 'number') throw new Error(`LoraDense ${this.name} needs a known last input dimension`);
    const frozen = false;
    this.kernel = this.addWeight('kernel', [inputDim, this.units], 'float32', tf.initializers.glorotUniform({}), undefined, frozen);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros(), undefined, frozen);
    // Kaiming-uniform-like bound as in the reference implementation; B = 0 makes the initial update exactly zero.
    const bound = 1 / Math.sqrt(inputDim);
    const aInit = tf.initializers.randomUniform({ minval: -bound, maxval: bound, ...(this.seed === undefined ? {} : { seed: this.seed }) });
    this.loraA = this.addWeight('lora_a', [inputDim, this.rank], 'float32', aInit, undefined, true);
    this.loraB = this.addWeight('lora_b', [this.rank, this.units], 'float32', tf.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!x || !this.kernel || !this.loraA || !this.loraB) throw new Error(`LoraDense ${this.name} called before build`);
      const inputDim = x.shape[x.shape.length - 1] ?? 0;
      const flat = tf.reshape(x, [-1, inputDim]); // [rows, in]
      let y = tf.matMul(flat, this.kernel.read()); // [rows, units]
      if (this.bias) y = tf.add(y, this.bias.read());
      const update = tf.matMul(tf.matMul(flat, this.loraA.read()), this.loraB.read()); // [rows, r]·[r, units]
      y = tf.add(y, tf.mul(update, this.scale));
      const out = tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
      return this.activationLayer.apply(out) as tf.Tensor;
    });
  }

  /** Copies a Dense layer's kernel (and bias) in as the frozen base. */
  setBaseWeights(kernel: tf.Tensor, bias?: tf.Tensor): void {
    if (!this.kernel) throw new Error(`LoraDense ${this.name} is not built`);
    this.kernel.write(kernel);
    if (this.bias) {
      if (!bias) throw new Error(`LoraDense ${this.name} has a bias but none was given`);
      this.bias.write(bias);
    }
  }

  /** The adapter: A [in, r] and B [r, units]. */
  adapterWeights(): { a: tf.Tensor; b: tf.Tensor } {
    if (!this.loraA || !this.loraB) throw new Error(`LoraDense ${this.name} is not built`);
    return { a: this.loraA.read(), b: this.loraB.read() };
  }

  setAdapterWeights(a: tf.Tensor, b: tf.Tensor): void {
    if (!this.loraA || !this.loraB) throw new Error(`LoraDense ${this.name} is not built`);
    const check = (what: string, got: readonly (number | null)[], want: readonly (number | null)[]): void => {
      if (got.join(',') !== want.join(',')) throw new Error(`${this.name}/${what}: shape [${got.join(',')}] does not match [${want.join(',')}]`);
    };
    check('lora_a', a.shape, this.loraA.shape);
    check('lora_b', b.shape, this.loraB.shape);
    this.loraA.write(a);
    this.loraB.write(b);
  }

  /** W + (α/r)·A·B [in, units] and the bias: the weights of the equivalent stock Dense layer. */
  mergedWeights(): { kernel: tf.Tensor; bias: tf.Tensor | null } {
    const { kernel: base, loraA, loraB } = this;
    if (!base || !loraA || !loraB) throw new Error(`LoraDense ${this.name} is not built`);
    const kernel = tf.tidy(() => tf.add(base.read(), tf.mul(tf.matMul(loraA.read(), loraB.read()), this.scale)));
    return { kernel, bias: this.bias ? this.bias.read().clone() : null };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationName,
      useBias: this.useBias,
      rank: this.rank,
      alpha: this.alpha,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }
}

tf.serialization.registerClass(LoraDense);
