import { JobSpec, PRESETS, type JobSpecInput } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASUREMENT, modelSourcesOf, planJob, type JobPlan } from './plan.js';

const mlp = { type: 'recipe' as const, arch: { family: 'mlp' as const, hidden: [16] }, train: { epochs: 1, seed: 7 } };
const plan = (input: JobSpecInput): JobPlan => planJob(JobSpec.parse(input));
const ops = (p: JobPlan): string[] => p.steps.map((s) => `${s.op}:${s.id}`);

describe('planJob', () => {
  it('plans a distillation as teacher then student, with the student seed and the spec budget', () => {
    const p = plan({
      kind: 'distill',
      teacher: mlp,
      student: { family: 'mlp', hidden: [4] },
      dataset: { name: 'mnist' },
      train: { epochs: 1, seed: 3 },
      qualityBudget: { maxRelativeDrop: 0.05 },
    });
    expect(ops(p)).toEqual(['prepare:teacher', 'distill:student']);
    expect(p.steps.map((s) => s.stage)).toEqual(['prepare teacher', 'distill student']);
    expect(p.seed).toBe(3);
    expect(p.maxRelativeDrop).toBe(0.05);
    expect(p.measurement).toEqual(DEFAULT_MEASUREMENT);
    expect(p.evaluation.name).toBe('mnist');
  });

  it('plans a benchmark as one prepare step per model, measured with its own settings', () => {
    const p = plan({ kind: 'benchmark', models: [mlp, { type: 'registered', modelId: 'art_0123456789abcdef' }], dataset: { name: 'mnist' }, batchSizes: [8], latencyIterations: 9 });
    expect(ops(p)).toEqual(['prepare:model-1', 'prepare:model-2']);
    expect(p.steps.map((s) => (s.op === 'prepare' ? s.role : ''))).toEqual(['baseline', 'candidate']);
    expect(p.measurement).toEqual({ batchSizes: [8], latencyIterations: 9 });
    expect(p.seed).toBe(42);
    expect(p.title).toBe('benchmark on mnist');
    expect(modelSourcesOf(p).map((s) => s.field)).toEqual([['models', '0'], ['models', '1']]);
  });

  it('judges a quantization by its tolerance and measures it on the calibration data', () => {
    const p = plan({ kind: 'quantize', model: mlp, calibration: { name: 'spam-assassin' }, tolerance: 0.02, schemes: ['uint8'] });
    expect(ops(p)).toEqual(['prepare:model', 'quantize:quantize']);
    expect(p.steps[0]?.stage).toBe('prepare model');
    expect(p.maxRelativeDrop).toBe(0.02);
    expect(p.evaluation.name).toBe('spam-assassin');
    expect(p.title).toBe('quantize on spam-assassin');
  });

  it('chains a pipeline: LoRA adapts the student, quantization the adapted model, evaluated on the LoRA data', () => {
    const p = plan({
      kind: 'pipeline',
      dataset: { name: 'sotu' },
      teacher: mlp,
      student: { arch: { family: 'mlp', hidden: [4] }, train: { seed: 5 } },
      lora: { dataset: { name: 'moby-dick' }, train: {} },
      quantize: {},
    });
    expect(ops(p)).toEqual(['prepare:teacher', 'distill:student', 'lora:lora', 'quantize:quantize']);
    const [, , lora, quantize] = p.steps;
    expect(lora?.op === 'lora' && lora.base).toBe('student');
    expect(quantize?.op === 'quantize' && quantize.model).toBe('lora');
    expect(quantize?.op === 'quantize' && quantize.calibration.name).toBe('moby-dick');
    expect(p.evaluation.name).toBe('moby-dick');
    expect(p.seed).toBe(5);
    // Titled by the data the pipeline starts from, though it is measured on the LoRA data.
    expect(p.title).toBe('pipeline on sotu');
  });

  it('refers only to earlier steps, with unique ids, for every preset', () => {
    for (const preset of PRESETS) {
      const p = plan(preset.spec);
      const seen = new Set<string>();
      for (const step of p.steps) {
        const refs = step.op === 'distill' ? [step.teacher] : step.op === 'lora' ? [step.base] : step.op === 'quantize' ? [step.model] : [];
        for (const ref of refs) expect(seen.has(ref), `${preset.name}: ${step.id} refers to ${ref}`).toBe(true);
        expect(seen.has(step.id), `${preset.name}: duplicate step ${step.id}`).toBe(false);
        seen.add(step.id);
      }
    }
  });
});
