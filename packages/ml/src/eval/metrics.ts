// Classification and language-model quality metrics computed from logits and integer labels.

/** Logits for `rows` examples over `classes` classes, row-major: [rows, classes]. */
export interface LogitMatrix {
  values: Float32Array;
  rows: number;
  classes: number;
}

function assertLabelCount(field: string, labels: ArrayLike<number>, expected: number): void {
  if (labels.length !== expected) {
    throw new Error(`${field}: expected ${expected} labels, got ${labels.length}`);
  }
}

function checkMatrix(field: string, m: LogitMatrix): void {
  if (!Number.isInteger(m.rows) || m.rows < 0 || !Number.isInteger(m.classes) || m.classes < 1) {
    throw new Error(`${field}: rows and classes must be non-negative integers (classes ≥ 1)`);
  }
  if (m.values.length !== m.rows * m.classes) {
    throw new Error(`${field}: ${m.values.length} values do not fill [${m.rows}, ${m.classes}]`);
  }
}

/** Index of the largest logit per row: [rows]. Ties go to the lowest index, as tf.argMax does. */
export function argmaxRows(logits: LogitMatrix): Int32Array {
  checkMatrix('logits', logits);
  const out = new Int32Array(logits.rows);
  for (let r = 0; r < logits.rows; r++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < logits.classes; c++) {
      const v = logits.values[r * logits.classes + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Share of predictions equal to their label. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  assertLabelCount('labels', labels, predictions.length);
  if (predictions.length === 0) throw new Error('predictions: must not be empty');
  let correct = 0;
  for (let i = 0; i < predictions.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / predictions.length;
}

/**
 * Unweighted mean of per-class F1 over the classes that occur in labels or predictions
 * (a class absent from both has no defined F1 and would otherwise count as 0 or 1 arbitrarily).
 */
export function macroF1(predictions: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number {
  assertLabelCount('labels', labels, predictions.length);
  if (predictions.length === 0) throw new Error('predictions: must not be empty');
  const truePos = new Float64Array(numClasses);
  const predicted = new Float64Array(numClasses);
  const actual = new Float64Array(numClasses);
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i]!;
    const y = labels[i]!;
    if (!(p >= 0 && p < numClasses) || !(y >= 0 && y < numClasses)) {
      throw new Error(`labels: class index out of range [0, ${numClasses}) at row ${i}`);
    }
    predicted[p]!++;
    actual[y]!++;
    if (p === y) truePos[p]!++;
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    if (predicted[c] === 0 && actual[c] === 0) continue;
    present++;
    // F1 = 2TP / (2TP + FP + FN) = 2TP / (predicted + actual)
    sum += (2 * truePos[c]!) / (predicted[c]! + actual[c]!);
  }
  return sum / present;
}

/** Share of examples where the candidate's top class equals the teacher's. */
export function teacherAgreement(candidatePredictions: ArrayLike<number>, teacherPredictions: ArrayLike<number>): number {
  assertLabelCount('teacherPredictions', teacherPredictions, candidatePredictions.length);
  return accuracy(candidatePredictions, teacherPredictions);
}

/** Softmax of one row into `out`, stable against large logits. */
function softmaxRow(values: Float32Array, offset: number, classes: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, values[offset + c]!);
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = Math.exp(values[offset + c]! - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < classes; c++) out[c]! /= sum;
}

/**
 * Expected calibration error (Guo et al. 2017): confidence = max softmax probability, split into
 * `bins` equal-width bins over (0, 1]; ECE = Σ_b (n_b / n) · |accuracy_b − mean confidence_b|.
 */
export function expectedCalibrationError(logits: LogitMatrix, labels: ArrayLike<number>, bins = 15): number {
  checkMatrix('logits', logits);
  assertLabelCount('labels', labels, logits.rows);
  if (logits.rows === 0) throw new Error('logits: must not be empty');
  if (!Number.isInteger(bins) || bins < 1) throw new Error('bins: must be a positive integer');
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const probs = new Float64Array(logits.classes);
  for (let r = 0; r < logits.rows; r++) {
    softmaxRow(logits.values, r * logits.classes, logits.classes, probs);
    let best = 0;
    for (let c = 1; c < logits.classes; c++) if (probs[c]! > probs[best]!) best = c;
    const confidence = probs[best]!;
    // Bin b covers (b/bins, (b+1)/bins]; confidence is always > 0.
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
    count[bin]!++;
    confidenceSum[bin]! += confidence;
    if (best === labels[r]) correct[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / logits.rows) * Math.abs(correct[b]! / count[b]! - confidenceSum[b]! / count[b]!);
  }
  return ece;
}

/** Mean −log2 p(target) over tokens, from per-token logits [tokens, vocab] and targets [tokens]. */
export function bitsPerChar(logits: LogitMatrix, targets: ArrayLike<number>): number {
  checkMatrix('logits', logits);
  assertLabelCount('targets', targets, logits.rows);
  if (logits.rows === 0) throw new Error('logits: must not be empty');
  let nats = 0;
  for (let r = 0; r < logits.rows; r++) {
    const offset = r * logits.classes;
    const target = targets[r]!;
    if (!(target >= 0 && target < logits.classes)) {
      throw new Error(`targets: token id ${target} out of range [0, ${logits.classes}) at position ${r}`);
    }
    let max = -Infinity;
    for (let c = 0; c < logits.classes; c++) max = Math.max(max, logits.values[offset + c]!);
    let sum = 0;
    for (let c = 0; c < logits.classes; c++) sum += Math.exp(logits.values[offset + c]! - max);
    // −log softmax(target) = logsumexp − logit_target
    nats += max + Math.log(sum) - logits.values[offset + target]!;
  }
  return nats / logits.rows / Math.LN2;
}
