// fp32 tolerances for numeric checks that must hold on GPU backends as well as on the CPU reference backends.

/**
 * GPU kernels sum in a different order (tiles, fma, split-K) and may use fast exp/log, so results differ from a
 * float64 reference by a few ulps per accumulated term; these bounds are |Δ| ≤ tol · max(1, |expected|).
 */
export const GPU_FP32_TOLERANCE = {
  /** matmul with inner size ≤ 4096 against a float64 reference. */
  matmul: 2e-4,
  /** log-softmax / exp chains (kdLoss value and gradient). */
  softmaxChain: 1e-4,
  /** Two mathematically equal model graphs (LoRA unmerged vs merged), logits of order 1. */
  equivalentGraphs: 1e-4,
  /** Float tfjs decode of quantized weights vs our own dequantisation: both compute q·scale + min in float32. */
  dequantize: 1e-6,
} as const;
