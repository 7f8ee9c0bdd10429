// Symmetric int8 quantization per output channel (the last axis of a Dense or Conv kernel): w ≈ q · scale[channel].

export interface Int8PerChannel {
  /** Same layout as the kernel; values in [-127, 127] (−128 is unused, keeping the grid symmetric). */
  values: Int8Array;
  /** One scale per output channel: max |w| over the channel / 127. */
  scales: Float32Array;
  channels: number;
}

export function quantizeInt8PerChannel(values: Float32Array, shape: readonly number[]): Int8PerChannel {
  const channels = shape[shape.length - 1];
  if (channels === undefined || shape.length < 2) throw new Error(`shape: per-channel quantization needs a kernel of rank ≥ 2, got [${shape.join(', ')}]`);
  if (values.length % channels !== 0) throw new Error(`values: ${values.length} values do not fill [${shape.join(', ')}]`);
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new Error(`weights: cannot quantize a non-finite value (${v})`);
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(v));
  }
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) scales[c] = maxAbs[c]! / 127;
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const s = scales[i % channels]!;
    q[i] = s === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(values[i]! / s)));
  }
  return { values: q, scales, channels };
}

export function dequantizeInt8PerChannel(q: Int8PerChannel): Float32Array {
  const out = new Float32Array(q.values.length);
  for (let i = 0; i < out.length; i++) out[i] = q.values[i]! * q.scales[i % q.channels]!;
  return out;
}
