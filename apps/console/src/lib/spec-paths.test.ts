import { describe, expect, it } from 'vitest';
import { getAtPath, setAtPath } from './spec-paths';

describe('spec paths', () => {
  const spec = { kind: 'benchmark', models: [{ type: 'recipe', train: { epochs: 1 } }], dataset: { name: 'mnist' } };

  it('reads nested objects and array elements', () => {
    expect(getAtPath(spec, 'models.0.train.epochs')).toBe(1);
    expect(getAtPath(spec, 'models.3.train')).toBeUndefined();
    expect(getAtPath(spec, 'dataset.name.length')).toBeUndefined();
  });

  it('writes without touching the original', () => {
    const next = setAtPath(spec, 'models.0.train.epochs', 5);
    expect(getAtPath(next, 'models.0.train.epochs')).toBe(5);
    expect(spec.models[0]?.train.epochs).toBe(1);
    expect(next.dataset).toBe(spec.dataset);
  });

  it('creates missing objects and arrays on the way', () => {
    const next = setAtPath<Record<string, unknown>>({}, 'lora.train.epochs', 2);
    expect(next).toEqual({ lora: { train: { epochs: 2 } } });
    expect(Array.isArray(getAtPath(setAtPath<Record<string, unknown>>({}, 'models.0.type', 'recipe'), 'models'))).toBe(true);
  });

  it('removes a key set to undefined so the schema default applies', () => {
    const next = setAtPath(spec, 'dataset.name', undefined);
    expect(next.dataset).toEqual({});
    expect('name' in next.dataset).toBe(false);
  });
});
