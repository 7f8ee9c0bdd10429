// GPU numeric checks of the primitives: matmul (every transpose) against float64, kdLoss and its gradient against hand-derived values.
import * as tf from '@tensorflow/tfjs';
import { kdLoss } from '../distill/kd_loss.js';
import { assertClose, matMulReference, readAndDispose, seededValues, softmaxReference } from './reference.js';
import { GPU_FP32_TOLERANCE } from './tolerances.js';

/**
 * Odd sizes exercise the kernels' edge handling (tiles that do not fit), the larger one the packed/vec4 path
 * that 4096³ takes; transposes are what backpropagation through Dense layers runs.
 */
const MATMUL_CASES = [
  { rows: 7, inner: 13, cols: 5 },
  { rows: 257, inner: 513, cols: 129 },
  { rows: 256, inner: 1024, cols: 512 },
  { rows: 128, inner: 784, cols: 800, transposeA: true },
  { rows: 128, inner: 800, cols: 784, transposeB: true },
  // A weight gradient over a long batch: the webgpu kernels split its K into 16 chunks.
  { rows: 64, inner: 4096, cols: 64, transposeA: true },
] as const;

export async function checkMatMul(): Promise<string> {
  const details: string[] = [];
  for (const [i, dims] of MATMUL_CASES.entries()) {
    const transposeA = 'transposeA' in dims && dims.transposeA;
    const transposeB = 'transposeB' in dims && dims.transposeB;
    const a = seededValues(dims.rows * dims.inner, 100 + i);
    const b = seededValues(dims.inner * dims.cols, 200 + i);
    const aShape: [number, number] = transposeA ? [dims.inner, dims.rows] : [dims.rows, dims.inner];
    const bShape: [number, number] = transposeB ? [dims.cols, dims.inner] : [dims.inner, dims.cols];
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), transposeA, transposeB));
    const actual = await readAndDispose(product);
    const expected = matMulReference(a, b, { ...dims, transposeA, transposeB });
    const label = `${aShape.join('x')}${transposeA ? 'ᵀ' : ''}·${bShape.join('x')}${transposeB ? 'ᵀ' : ''}`;
    details.push(assertClose(label, actual, expected, GPU_FP32_TOLERANCE.matmul));
  }
  return details.join('; ');
}

/**
 * kdLoss on [rows, classes] against the formula evaluated in float64, for α = 0.7, T = 3, plus the gradient
 * w.r.t. the student logits for α = 1: ∂/∂s = α·T·(softmax(s/T) − softmax(t/T)) / rows (Hinton et al. 2015).
 */
export async function checkKdLoss(): Promise<string> {
  const rows = 16;
  const classes = 10;
  const temperature = 3;
  const alpha = 0.7;
  const student = seededValues(rows * classes, 11, -4, 4);
  const teacher = seededValues(rows * classes, 12, -4, 4);
  const labels = Array.from({ length: rows }, (_, r) => (r * 7) % classes);

  let expectedLoss = 0;
  const expectedGradient = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const s = student.subarray(r * classes, (r + 1) * classes);
    const t = teacher.subarray(r * classes, (r + 1) * classes);
    const pTeacher = softmaxReference(t, temperature);
    const pStudent = softmaxReference(s, temperature);
    let kl = 0;
    for (let c = 0; c < classes; c++) kl += pTeacher[c]! * (Math.log(pTeacher[c]!) - Math.log(pStudent[c]!));
    const crossEntropy = -Math.log(softmaxReference(s)[labels[r]!]!);
    expectedLoss += (alpha * temperature * temperature * kl + (1 - alpha) * crossEntropy) / rows;
    for (let c = 0; c < classes; c++) expectedGradient[r * classes + c] = (temperature * (pStudent[c]! - pTeacher[c]!)) / rows;
  }

  const studentLogits = tf.tensor2d(student, [rows, classes]);
  const teacherLogits = tf.tensor2d(teacher, [rows, classes]);
  const labelIds = tf.tensor1d(labels, 'int32');
  try {
    const loss = await readAndDispose(kdLoss(studentLogits, teacherLogits, labelIds, { temperature, alpha }));
    const lossDetail = assertClose('kdLoss α=0.7 T=3', loss, [expectedLoss], GPU_FP32_TOLERANCE.softmaxChain);
    const gradient = tf.grad((s: tf.Tensor) => kdLoss(s, teacherLogits, null, { temperature, alpha: 1 }))(studentLogits);
    const gradientDetail = assertClose('∂kdLoss/∂student α=1', await readAndDispose(gradient), expectedGradient, GPU_FP32_TOLERANCE.softmaxChain);
    return `${lossDetail} (value ${loss[0]?.toFixed(5)} vs ${expectedLoss.toFixed(5)}); ${gradientDetail}`;
  } finally {
    tf.dispose([studentLogits, teacherLogits, labelIds]);
  }
}
