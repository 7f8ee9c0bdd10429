// Per-tensor affine quantization in tfjs's manifest convention: value = q · scale + min, q in [0, 2^bits − 1].

export type AffineDtype = 'uint8' | 'uint16';

export interface AffineQuantized {
  dtype: AffineDtype;
  quantized: Uint8Array | Uint16Array;
  scale: number;
  min: number;
}

const LEVELS: Record<AffineDtype, number> = { uint8: 255, uint16: 65535 };

/**
 * Quantizes like tfjs's converter: the range [min, max] is nudged so that 0 falls exactly on a level
 * (zero biases and ReLU zeros stay exact), and every value is then within scale / 2 of its level.
 */
export function quantizeAffine(values: Float32Array, dtype: AffineDtype): AffineQuantized {
  const levels = LEVELS[dtype];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new Error(`weights: cannot quantize a non-finite value (${v})`);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (values.length === 0) {
    lo = 0;
    hi = 0;
  }
  // The representable range must contain 0 for the zero level to exist.
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  const quantized = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  if (hi === lo) return { dtype, quantized, scale: 1, min: 0 };
  const scale = (hi - lo) / levels;
  const zeroLevel = Math.round(-lo / scale);
  const min = -zeroLevel * scale;
  for (let i = 0; i < values.length; i++) {
    const q = Math.round((values[i]! - min) / scale);
    quantized[i] = Math.min(levels, Math.max(0, q));
  }
  return { dtype, quantized, scale, min };
}

/** What tfjs's decodeWeights computes: Float32(q · scale + min). */
export function dequantizeAffine(q: AffineQuantized): Float32Array {
  const out = new Float32Array(q.quantized.length);
  for (let i = 0; i < out.length; i++) out[i] = q.quantized[i]! * q.scale + q.min;
  return out;
}
