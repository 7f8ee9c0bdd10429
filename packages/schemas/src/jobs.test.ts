import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobSpec, SubmitJobInput } from './jobs.js';

const benchmark = {
  kind: 'benchmark',
  models: [{ type: 'registered', modelId: 'art_0123456789abcdef0123' }],
  dataset: { name: 'mnist', testLimit: 500 },
};

describe('JobSpec', () => {
  it('fills documented defaults', () => {
    const spec = JobSpec.parse(benchmark);
    expect(spec.kind).toBe('benchmark');
    expect(spec.device).toBe('cpu');
    if (spec.kind === 'benchmark') expect(spec.batchSizes).toEqual([1, 64]);
  });

  it('names every bad field by its path', () => {
    const result = JobSpec.safeParse({
      kind: 'distill',
      teacher: { type: 'recipe', arch: { family: 'mlp' }, train: { epochs: 0 } },
      student: { family: 'char-transformer', dModel: 100, heads: 3 },
      dataset: { name: 'Bad Name!' },
      temperature: 0.5,
      train: {},
    });
    expect(result.success).toBe(false);
    const paths = Object.keys(z.flattenError(result.error!).fieldErrors);
    const all = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['teacher', 'dataset', 'temperature']));
    expect(all).toEqual(
      expect.arrayContaining(['teacher.train.epochs', 'dataset.name', 'temperature', 'student.dModel']),
    );
  });

  it('rejects an unknown kind and oversized inputs', () => {
    expect(JobSpec.safeParse({ ...benchmark, kind: 'train' }).success).toBe(false);
    expect(
      JobSpec.safeParse({ ...benchmark, models: Array.from({ length: 17 }, () => benchmark.models[0]) }).success,
    ).toBe(false);
    expect(SubmitJobInput.safeParse({ spec: benchmark, idempotencyKey: 'has space' }).success).toBe(false);
  });
});
