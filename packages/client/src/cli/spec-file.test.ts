// Spec files: JSON and YAML parse to the same spec; bad fields are named with their path and line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpecFile, parseSpecText, SpecFileError } from './spec-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'distillery-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yamlSpec = `# a small benchmark
kind: benchmark
name: tiny
models:
  - type: recipe
    arch: { family: mlp, hidden: [16] }
    train: { epochs: 1 }
dataset:
  name: mnist
  testLimit: 100
`;

function errorOf(fn: () => unknown): SpecFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SpecFileError) return err;
    throw err;
  }
  throw new Error('expected a SpecFileError');
}

describe('spec files', () => {
  it('reads YAML and JSON into the same validated spec, defaults applied', async () => {
    writeFileSync(path.join(dir, 'a.yaml'), yamlSpec);
    const fromYaml = await loadSpecFile(path.join(dir, 'a.yaml'));
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(fromYaml, null, 2));
    const fromJson = await loadSpecFile(path.join(dir, 'a.json'));
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml).toMatchObject({
      kind: 'benchmark',
      device: 'cpu',
      batchSizes: [1, 64],
      dataset: { name: 'mnist', testFraction: 0.2 },
    });
  });

  it('names each bad field with its dotted path and the line it sits on', () => {
    const text = yamlSpec.replace('epochs: 1', 'epochs: 0').replace('name: mnist', 'name: MNIST!');
    const err = errorOf(() => parseSpecText(text, 'bad.yaml'));
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['dataset.name', 'models.0.train.epochs']);
    expect(err.problems).toContain('models.0.train.epochs (line 7): Too small: expected number to be >=1');
    expect(err.problems.find((p) => p.startsWith('dataset.name'))).toMatch(
      /^dataset\.name \(line 9\): must use lowercase/,
    );
    expect(err.message).toMatch(/^bad\.yaml is not a valid job spec:/);
  });

  it('points JSON errors at lines too, and names an unknown kind', () => {
    const json = JSON.stringify({ kind: 'benchmark', models: [], dataset: { name: 'mnist' } }, null, 2);
    expect(errorOf(() => parseSpecText(json, 'x.json')).problems).toEqual([
      'models (line 3): Too small: expected array to have >=1 items',
    ]);
    expect(Object.keys(errorOf(() => parseSpecText('kind: compress\n', 'k.yaml')).fieldErrors)).toEqual([
      'kind',
    ]);
  });

  it('reports syntax errors, non-mapping files, duplicate keys and wrong extensions clearly', async () => {
    expect(errorOf(() => parseSpecText('kind: [unclosed\n', 's.yaml')).problems[0]).toMatch(
      /line 1|Flow sequence|end/i,
    );
    expect(errorOf(() => parseSpecText('- a\n- b\n', 'l.yaml')).problems[0]).toMatch(/expected a mapping/);
    expect(errorOf(() => parseSpecText('kind: lora\nkind: distill\n', 'd.yaml')).problems[0]).toMatch(
      /unique/,
    );
    await expect(loadSpecFile(path.join(dir, 'spec.txt'))).rejects.toThrow(
      /expected a \.json, \.yaml or \.yml file/,
    );
    await expect(loadSpecFile(path.join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read it/);
  });
});
