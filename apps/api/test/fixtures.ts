// Valid job specs for API tests, as a user would write them (defaults filled in by the API).
import type { JobSpecInput } from '@distillery/schemas';

export function benchmarkSpec(name = 'tiny benchmark'): JobSpecInput {
  return {
    kind: 'benchmark',
    name,
    models: [{ type: 'recipe', arch: { family: 'mlp', hidden: [16] }, train: { epochs: 1, maxSteps: 5 } }],
    dataset: { name: 'mnist', trainLimit: 200, testLimit: 100 },
    batchSizes: [1, 32],
    latencyIterations: 5,
  };
}
