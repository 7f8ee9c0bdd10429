// Ready-made job specs sized to finish in minutes on a 2-core CPU; `distillery presets` lists them.
import type { JobSpecInput } from './jobs.js';

export interface Preset {
  name: string;
  title: string;
  description: string;
  spec: JobSpecInput;
}

const mnistSubset = { name: 'mnist', trainLimit: 12_000, testLimit: 2_000 } as const;

export const PRESETS: readonly Preset[] = [
  {
    name: 'mnist-distill',
    title: 'MNIST distillation (Hinton 2015, shortened)',
    description:
      'Teacher MLP 784-1200-1200-10 with dropout, distilled at T=20 into a 784-800-800-10 student; 12k training images, 2 epochs each.',
    spec: {
      kind: 'distill',
      name: 'MNIST distillation (Hinton, shortened)',
      teacher: {
        type: 'recipe',
        arch: { family: 'mlp', hidden: [1200, 1200], dropout: 0.2 },
        train: { epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 1 },
      },
      student: { family: 'mlp', hidden: [800, 800] },
      dataset: mnistSubset,
      temperature: 20,
      alpha: 0.9,
      train: { epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 2 },
      qualityBudget: { maxRelativeDrop: 0.02 },
    },
  },
  {
    name: 'spam-distill',
    title: 'Spam filter distillation (SpamAssassin)',
    description: 'A 2000-word bag-of-words MLP teacher (512-512) distilled into a 32-unit student on 6,046 emails.',
    spec: {
      kind: 'distill',
      name: 'Spam filter distillation',
      teacher: {
        type: 'recipe',
        arch: { family: 'mlp', hidden: [512, 512], dropout: 0.2 },
        train: { epochs: 4, batchSize: 64, learningRate: 1e-3, seed: 1 },
      },
      student: { family: 'mlp', hidden: [32] },
      dataset: { name: 'spam-assassin', testFraction: 0.2 },
      temperature: 4,
      alpha: 0.7,
      train: { epochs: 4, batchSize: 64, learningRate: 2e-3, seed: 2 },
      qualityBudget: { maxRelativeDrop: 0.01 },
    },
  },
  {
    name: 'charlm-sotu-moby',
    title: 'Character LM: State of the Union → distilled → LoRA on Moby Dick',
    description:
      'A 2-layer character transformer (d=64, 32-character context) trained on 120k characters of State of the Union addresses, distilled per token into a 1-layer d=48 student, LoRA-adapted (rank 8) to Moby Dick, quantized, and benchmarked in bits per char.',
    spec: {
      kind: 'pipeline',
      name: 'Character LM: SOTU → Moby Dick',
      dataset: { name: 'sotu', trainLimit: 120_000, testLimit: 10_000 },
      teacher: {
        type: 'recipe',
        arch: { family: 'char-transformer', layers: 2, dModel: 64, heads: 4, context: 32 },
        train: { epochs: 3, batchSize: 32, learningRate: 3e-3, optimizer: 'adamw', weightDecay: 0.01, maxSteps: 250, seed: 1 },
      },
      student: {
        arch: { family: 'char-transformer', layers: 1, dModel: 48, heads: 2, context: 32 },
        train: { epochs: 3, batchSize: 32, learningRate: 3e-3, optimizer: 'adamw', weightDecay: 0.01, maxSteps: 250, seed: 2 },
        temperature: 2,
        alpha: 0.8,
      },
      lora: {
        dataset: { name: 'moby-dick', trainLimit: 60_000, testLimit: 10_000 },
        rank: 8,
        alpha: 16,
        train: { epochs: 2, batchSize: 32, learningRate: 3e-3, maxSteps: 100, seed: 3 },
      },
      quantize: { schemes: ['float16', 'uint8'], tolerance: 0.02 },
      qualityBudget: { maxRelativeDrop: 0.05 },
    },
  },
  {
    name: 'mnist-int8',
    title: 'MNIST int8 quantization within 1%',
    description:
      'Trains a 784-512-512-10 MLP, then picks per layer the most aggressive of float16, uint8 and int8-per-channel that keeps accuracy within 1%.',
    spec: {
      kind: 'quantize',
      name: 'MNIST int8 within 1%',
      model: {
        type: 'recipe',
        arch: { family: 'mlp', hidden: [512, 512] },
        train: { epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 1 },
        dataset: mnistSubset,
      },
      schemes: ['float16', 'uint8', 'int8-per-channel'],
      accuracyAware: true,
      calibration: mnistSubset,
      tolerance: 0.01,
    },
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
