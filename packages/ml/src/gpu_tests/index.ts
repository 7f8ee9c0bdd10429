// The ML core's numeric checks as plain async functions, runnable on any backend: vitest runs them on cpu, bench/gpu on webgpu.
import { checkKdLoss, checkMatMul } from './numeric_checks.js';
import { checkLoraMerge, checkQuantizeRoundTrips, checkQuantizedModels } from './model_checks.js';
import { checkFamilyTrains, checkNoLeakAcrossSteps } from './training_checks.js';

export { GPU_FP32_TOLERANCE } from './tolerances.js';
export { checkKdLoss, checkMatMul, checkLoraMerge, checkQuantizeRoundTrips, checkQuantizedModels, checkFamilyTrains, checkNoLeakAcrossSteps };

/** One check: resolves with what it measured, throws with why it failed. */
export interface NumericCheck {
  name: string;
  run: () => Promise<string>;
}

export interface NumericCheckResult {
  name: string;
  ok: boolean;
  detail: string;
  seconds: number;
}

export const NUMERIC_CHECKS: readonly NumericCheck[] = [
  { name: 'matmul vs float64 reference', run: checkMatMul },
  { name: 'kdLoss and its gradient vs hand reference', run: checkKdLoss },
  { name: 'LoRA merged vs unmerged outputs', run: checkLoraMerge },
  { name: 'quantize/dequantize round trips', run: checkQuantizeRoundTrips },
  { name: 'quantized models vs float', run: checkQuantizedModels },
  { name: 'mlp training step lowers loss', run: () => checkFamilyTrains('mlp') },
  { name: 'cnn training step lowers loss', run: () => checkFamilyTrains('cnn') },
  { name: 'char-transformer training step lowers loss', run: () => checkFamilyTrains('char-transformer') },
  { name: 'no tensor leak across steps', run: checkNoLeakAcrossSteps },
];

/** Runs every check on the active backend, never throwing: each result says ok or why not. */
export async function runNumericChecks(opts: { onResult?: (result: NumericCheckResult) => void } = {}): Promise<NumericCheckResult[]> {
  const results: NumericCheckResult[] = [];
  for (const check of NUMERIC_CHECKS) {
    const started = performance.now();
    let result: NumericCheckResult;
    try {
      const detail = await check.run();
      result = { name: check.name, ok: true, detail, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      result = { name: check.name, ok: false, detail, seconds: (performance.now() - started) / 1000 };
    }
    results.push(result);
    opts.onResult?.(result);
  }
  return results;
}
