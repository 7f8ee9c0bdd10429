// Gradients that replace tfjs's own, process-wide and for every backend (tfjs registers gradients per kernel name).
// Same values, far fewer kernels: tfjs's Tile gradient slices dy once per repetition (tens of thousands of dispatches per
// transformer step on webgpu, where each is a GPU submission), its Mean gradient builds a full tensor of ones.
import { installMeanGradient } from './mean_gradient.js';
import { installTileGradient } from './tile_gradient.js';

export { meanGradient } from './mean_gradient.js';
export { tileGradient } from './tile_gradient.js';

/** Installs every replacement (once per process; later calls do nothing). */
export function installGradientReplacements(): void {
  installTileGradient();
  installMeanGradient();
}
