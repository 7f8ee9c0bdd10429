// Hand-computed checks of every quality metric.
import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, bitsPerChar, expectedCalibrationError, macroF1, teacherAgreement } from './metrics.js';

const matrix = (rows: number[][]) => ({ values: Float32Array.from(rows.flat()), rows: rows.length, classes: rows[0]!.length });

describe('quality metrics', () => {
  it('accuracy counts exact matches', () => {
    expect(accuracy([0, 1, 2, 1], [0, 1, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('macro-F1 averages per-class F1 = 2TP / (predicted + actual)', () => {
    // class 0: 2·1/(2+1) = 2/3; class 1: 2·2/(2+3) = 4/5; class 2: 2·1/(1+1) = 1; class 3 absent from both: skipped.
    expect(macroF1([0, 0, 1, 1, 2], [0, 1, 1, 1, 2], 4)).toBeCloseTo((2 / 3 + 4 / 5 + 1) / 3, 10);
  });

  it('macro-F1 names the field when a class id is out of range', () => {
    expect(() => macroF1([0, 5], [0, 1], 3)).toThrow(/labels: class index out of range/);
  });

  it('teacher agreement compares top classes', () => {
    expect(teacherAgreement([1, 2, 3, 4], [1, 2, 0, 0])).toBeCloseTo(0.5, 12);
    expect(() => teacherAgreement([1, 2], [1])).toThrow(/teacherPredictions/);
  });

  it('argmax picks the largest logit per row', () => {
    expect(Array.from(argmaxRows(matrix([[0, 3, 1], [5, -1, 2]])))).toEqual([1, 0]);
  });

  it('ECE over 15 bins weighs |accuracy − confidence| by bin share', () => {
    // Confidences 0.9 (right), 0.9 (wrong), 0.6 (right), 0.6 (right): bins {0.9: acc 0.5}, {0.6: acc 1}.
    const logits = matrix([
      [Math.log(9), 0],
      [Math.log(9), 0],
      [Math.log(1.5), 0],
      [0, Math.log(1.5)],
    ]);
    const ece = expectedCalibrationError(logits, [0, 1, 0, 1]);
    expect(ece).toBeCloseTo(0.5 * Math.abs(0.5 - 0.9) + 0.5 * Math.abs(1 - 0.6), 6);
  });

  it('ECE is zero for a perfectly calibrated, confident and correct model', () => {
    expect(expectedCalibrationError(matrix([[100, 0], [0, 100]]), [0, 1])).toBeCloseTo(0, 6);
  });

  it('bits per character is mean −log2 p(target)', () => {
    const logits = matrix([
      [Math.log(0.5), Math.log(0.25), Math.log(0.25)],
      [Math.log(0.5), Math.log(0.25), Math.log(0.25)],
      [0, 0, 0],
    ]);
    // 1 bit, 2 bits, log2(3) bits
    expect(bitsPerChar(logits, [0, 1, 2])).toBeCloseTo((1 + 2 + Math.log2(3)) / 3, 6);
    expect(() => bitsPerChar(logits, [0, 1, 7])).toThrow(/targets: token id 7/);
  });

  it('rejects logits that do not fill their shape', () => {
    expect(() => bitsPerChar({ values: new Float32Array(5), rows: 2, classes: 3 }, [0, 1])).toThrow(/logits/);
  });
});
