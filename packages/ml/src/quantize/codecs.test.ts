// The three weight codecs: error bounds from their step sizes, and agreement with tfjs's own decoder.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dequantizeAffine, quantizeAffine } from './affine.js';
import { float16Bits, fromFloat16, toFloat16 } from './float16.js';
import { dequantizeInt8PerChannel, quantizeInt8PerChannel } from './int8_per_channel.js';

/** Deterministic pseudo-random values in [lo, hi). */
function uniform(n: number, lo: number, hi: number, seed = 1): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = lo + ((hi - lo) * s) / 2 ** 31;
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('affine uint8/uint16', () => {
  for (const dtype of ['uint8', 'uint16'] as const) {
    it(`${dtype}: every value within scale/2 of its level, zero exact, scale = range / levels`, () => {
      const values = uniform(5000, -0.7, 0.3);
      values[17] = 0;
      const q = quantizeAffine(values, dtype);
      const levels = dtype === 'uint8' ? 255 : 65535;
      const range = Math.max(...values) - Math.min(...values);
      expect(q.scale).toBeCloseTo(range / levels, 6);
      const back = dequantizeAffine(q);
      // scale/2 from rounding, plus float32 rounding of q·scale + min (|value| < 1 → ≤ 6e-8)
      expect(maxAbsDiff(values, back)).toBeLessThanOrEqual(q.scale / 2 + 1e-7);
      expect(back[17]).toBe(0);
    });
  }

  it('decodes the same through tfjs decodeWeights', async () => {
    const values = uniform(100, -2, 5);
    const q = quantizeAffine(values, 'uint8');
    const spec = { name: 'w', shape: [100], dtype: 'float32' as const, quantization: { dtype: 'uint8' as const, scale: q.scale, min: q.min } };
    const decoded = tf.io.decodeWeights(q.quantized.buffer as ArrayBuffer, [spec]);
    expect(Array.from(await decoded.w!.data())).toEqual(Array.from(dequantizeAffine(q)));
    decoded.w!.dispose();
  });

  it('rejects a non-finite weight, naming it', () => {
    expect(() => quantizeAffine(Float32Array.from([1, NaN]), 'uint8')).toThrow(/weights: .*non-finite/);
  });
});

describe('float16', () => {
  it('encodes known values exactly (normal, largest, subnormal, ties to even, Inf)', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(70000)).toBe(0x7c00);
    expect(float16Bits(2 ** -24)).toBe(0x0001);
    expect(float16Bits(2 ** -26)).toBe(0x0000);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even mantissa (1.0)
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('relative error ≤ 2^-11 in the normal range, and tfjs decodes our bits to the same floats', async () => {
    const values = uniform(4000, -3, 3);
    const bits = toFloat16(values);
    const back = fromFloat16(bits);
    for (let i = 0; i < values.length; i++) {
      if (Math.abs(values[i]!) < 2 ** -14) continue; // subnormal: absolute error ≤ 2^-25 instead
      expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) * 2 ** -11);
    }
    const spec = { name: 'w', shape: [values.length], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } };
    const decoded = tf.io.decodeWeights(bits.buffer as ArrayBuffer, [spec]);
    expect(Array.from(await decoded.w!.data())).toEqual(Array.from(back));
    decoded.w!.dispose();
  });
});

describe('symmetric int8 per output channel', () => {
  it('keeps each channel within its own scale/2, and beats per-tensor uint8 when channel ranges differ', () => {
    // Kernel [256, 8]: channel c has magnitude 0.01 · 2^c, as trained layers often have very unequal columns.
    const rows = 256;
    const channels = 8;
    const values = uniform(rows * channels, -1, 1, 7);
    for (let i = 0; i < values.length; i++) values[i]! *= 0.01 * 2 ** (i % channels);
    const q = quantizeInt8PerChannel(values, [rows, channels]);
    const back = dequantizeInt8PerChannel(q);
    for (let i = 0; i < values.length; i++) {
      const c = i % channels;
      expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(q.scales[c]! / 2 + 1e-7);
      expect(Math.abs(q.values[i]!)).toBeLessThanOrEqual(127);
    }
    const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - values[i]!) ** 2, 0) / a.length);
    const perTensor = dequantizeAffine(quantizeAffine(values, 'uint8'));
    // The small channels get a grid 2^7 finer than per-tensor gives them: overall RMS error drops several-fold.
    expect(rms(back)).toBeLessThan(rms(perTensor) / 2);
  });

  it('rejects a vector: per-channel needs a kernel', () => {
    expect(() => quantizeInt8PerChannel(new Float32Array(4), [4])).toThrow(/shape: per-channel/);
  });
});
