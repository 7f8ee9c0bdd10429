// The quantization schemes, their storage cost, and what a weight becomes after a round trip through each.
import type { QuantScheme } from '@distillery/schemas';
import { dequantizeAffine, quantizeAffine } from './affine.js';
import { fromFloat16, toFloat16 } from './float16.js';
import { dequantizeInt8PerChannel, quantizeInt8PerChannel } from './int8_per_channel.js';

/** A scheme, or leaving the weight as float32. */
export type LayerScheme = QuantScheme | 'float32';

/** Most aggressive first: fewest bytes, then the coarser grid (per-tensor uint8 is coarser than per-channel int8). */
export const SCHEMES_BY_AGGRESSIVENESS: readonly LayerScheme[] = ['uint8', 'int8-per-channel', 'float16', 'uint16', 'float32'];

export const BYTES_PER_WEIGHT: Record<LayerScheme, number> = {
  uint8: 1,
  'int8-per-channel': 1,
  float16: 2,
  uint16: 2,
  float32: 4,
};

/**
 * The float32 values a model computes with after `values` are stored with `scheme` and loaded back:
 * bit-for-bit what tfjs decodes for the manifest schemes. Per-channel int8 applies to kernels (rank ≥ 2) only;
 * a bias under it stays float32 (it becomes the scale layer's beta).
 */
export function roundTrip(values: Float32Array, shape: readonly number[], scheme: LayerScheme): Float32Array {
  switch (scheme) {
    case 'float32':
      return values;
    case 'float16':
      return fromFloat16(toFloat16(values));
    case 'uint8':
    case 'uint16':
      return dequantizeAffine(quantizeAffine(values, scheme));
    case 'int8-per-channel':
      return shape.length >= 2 ? dequantizeInt8PerChannel(quantizeInt8PerChannel(values, shape)) : values;
  }
}
