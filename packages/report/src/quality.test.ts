// Quality and comparisons with the baseline: a reader can tell better from worse whatever the metric's direction.
import { describe, expect, it } from 'vitest';
import { classifier, languageModel } from './fixtures.test-support.js';
import { baselineComparisonText, costPhrase, formatQuality, qualityDeltaPhrase, vsBaselineText } from './quality.js';

describe('formatQuality', () => {
  it('shows accuracy in percent and bits per char as is', () => {
    expect(formatQuality({ metric: 'accuracy', value: 0.981, accuracy: 0.981 })).toBe('98.10%');
    expect(formatQuality({ metric: 'accuracy', value: 0.981 }, { metricName: true })).toBe('98.10% acc');
    expect(formatQuality({ metric: 'bits-per-char', value: -2.1 })).toBe('2.100 bits/char');
  });
});

describe('qualityDeltaPhrase', () => {
  it('names the direction in words, not a sign: lower accuracy is worse, fewer bits per char is better', () => {
    // Accuracy 0.950 → 0.941: 0.9 points less.
    expect(qualityDeltaPhrase('accuracy', 0.941 - 0.95)).toBe('0.9 points worse');
    expect(qualityDeltaPhrase('accuracy', 0.012)).toBe('1.2 points better');
    // 2.10 → 1.79 bits per char: the delta of the higher-is-better value (−bpc) is +0.31.
    expect(qualityDeltaPhrase('bits-per-char', -1.79 - -2.1)).toBe('0.31 bits/char better');
    expect(qualityDeltaPhrase('bits-per-char', -2.15 - -2.1)).toBe('0.05 bits/char worse');
  });
  it('calls differences below the shown precision the same', () => {
    expect(qualityDeltaPhrase('accuracy', 0.0004)).toBe('same accuracy');
    expect(qualityDeltaPhrase('bits-per-char', -0.004)).toBe('same bits/char');
  });
});

describe('comparison with the baseline', () => {
  it('leads with the serving cost, then the quality', () => {
    expect(costPhrase(5.24)).toBe('5.2× cheaper to serve');
    expect(costPhrase(0.8)).toBe('1.3× costlier to serve');
    expect(costPhrase(1.03)).toBe('about the same cost to serve');
    expect(baselineComparisonText('accuracy', { qualityDelta: -0.004, inferenceCostRatio: 5.2 })).toBe(
      '5.2× cheaper to serve, 0.4 points worse',
    );
  });
  it('renders each candidate from its figures, whatever headline the card was stored with', () => {
    const [teacher, student] = classifier.candidates;
    expect(vsBaselineText(teacher!, classifier.baselineId)).toBe('baseline');
    expect(student!.vsBaseline.headline).toBe('as the worker wrote it');
    expect(vsBaselineText(student!, classifier.baselineId)).toBe('25× cheaper to serve, 2.0 points worse');
    const distilled = languageModel.candidates[2]!;
    expect(vsBaselineText(distilled, languageModel.baselineId)).toBe('2.0× cheaper to serve, 0.31 bits/char better');
  });
});
