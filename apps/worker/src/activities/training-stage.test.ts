// Unit tests for the names of trained models and of their training stages (one loss curve per stage on the job page).
import { describe, expect, it } from 'vitest';
import { ModelArch } from '@distillery/schemas';
import { trainedModelName, trainingStage } from './training-stage.js';

const mlp = (...hidden: number[]): ModelArch => ModelArch.parse({ family: 'mlp', hidden });
const cnn = ModelArch.parse({ family: 'cnn', filters: [8, 16] });

describe('trainingStage', () => {
  it("gives a distill job's teacher and student different stages that say which model is training", () => {
    const teacher = trainingStage('train teacher', cnn);
    const student = trainingStage('distill student', mlp(32));
    expect(teacher).toBe('train teacher (cnn 8-16)');
    expect(student).toBe('distill student (mlp 32)');
  });

  it('keeps two benchmark candidates of the same architecture apart by their position', () => {
    expect(trainingStage('train model 1', mlp(64))).toBe('train model 1 (mlp 64)');
    expect(trainingStage('train model 2', mlp(64))).toBe('train model 2 (mlp 64)');
    expect(trainingStage('train model 1', mlp())).toBe('train model 1 (mlp linear)');
  });

  it('fits the 120 characters an event stage may hold', () => {
    const stage = trainingStage(`train ${'x'.repeat(200)}`, mlp(8));
    expect(stage).toHaveLength(120);
    expect(stage.startsWith('train xxx')).toBe(true);
  });
});

describe('trainedModelName', () => {
  it('names a model by its role in the job and its architecture', () => {
    expect(trainedModelName('teacher', ModelArch.parse({ family: 'char-transformer', layers: 2, dModel: 64, heads: 2, context: 16 }))).toBe(
      'teacher (char-transformer 2×64)',
    );
  });
});
