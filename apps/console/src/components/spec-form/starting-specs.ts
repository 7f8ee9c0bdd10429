// What the form holds when a kind is first chosen: small specs that finish in about a minute on a 2-core CPU.
import type { JobKind } from '@distillery/schemas';
import type { SpecDraft } from '../../lib/spec-paths';

const smallMnist = { name: 'mnist', trainLimit: 2000, testLimit: 500 };
const smallMlp = { type: 'recipe', arch: { family: 'mlp', hidden: [64] }, train: { epochs: 1, batchSize: 64 } };

export const STARTING_SPECS: Record<JobKind, SpecDraft> = {
  benchmark: {
    kind: 'benchmark',
    name: 'Small MNIST benchmark',
    device: 'cpu',
    models: [{ ...smallMlp, dataset: smallMnist }],
    dataset: smallMnist,
    batchSizes: [1, 64],
    latencyIterations: 20,
  },
  distill: {
    kind: 'distill',
    name: 'Small MNIST distillation',
    device: 'cpu',
    teacher: { type: 'recipe', arch: { family: 'mlp', hidden: [256] }, train: { epochs: 1, batchSize: 64 } },
    student: { family: 'mlp', hidden: [32] },
    dataset: smallMnist,
    temperature: 4,
    alpha: 0.9,
    train: { epochs: 1, batchSize: 64 },
  },
  lora: {
    kind: 'lora',
    name: 'Small LoRA',
    device: 'cpu',
    base: { type: 'recipe', arch: { family: 'mlp', hidden: [128] }, train: { epochs: 1, batchSize: 64 } },
    dataset: smallMnist,
    rank: 4,
    alpha: 8,
    train: { epochs: 1, batchSize: 64 },
  },
  quantize: {
    kind: 'quantize',
    name: 'Small MNIST quantization',
    device: 'cpu',
    model: { ...smallMlp, dataset: smallMnist },
    schemes: ['uint8', 'int8-per-channel'],
    accuracyAware: true,
    calibration: smallMnist,
    tolerance: 0.01,
  },
  pipeline: {
    kind: 'pipeline',
    name: 'Small MNIST pipeline',
    device: 'cpu',
    dataset: smallMnist,
    teacher: { type: 'recipe', arch: { family: 'mlp', hidden: [256] }, train: { epochs: 1, batchSize: 64 } },
    student: { arch: { family: 'mlp', hidden: [32] }, train: { epochs: 1, batchSize: 64 } },
    quantize: { schemes: ['uint8'] },
    qualityBudget: { maxRelativeDrop: 0.02 },
  },
};
