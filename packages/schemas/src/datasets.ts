// References to data: built-in sets shipped by registry packages, or user uploads.
import { z } from 'zod';

/** Built-in data sets; `upload:<id>` names a user upload. Unknown names fail at run time with a clear message. */
export const BUILTIN_DATASETS = ['mnist', 'spam-assassin', 'sotu', 'moby-dick'] as const;
export type BuiltinDataset = (typeof BUILTIN_DATASETS)[number];

export const DatasetName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, 'must use lowercase letters, digits, ".", "_", ":" or "-"');

export const DatasetRef = z.object({
  name: DatasetName,
  /** Use at most this many training examples (characters for text corpora); omitted means all. */
  trainLimit: z.number().int().min(1).max(10_000_000).optional(),
  /** Use at most this many evaluation examples; omitted means the whole test split. */
  testLimit: z.number().int().min(1).max(10_000_000).optional(),
  /** Fraction held out for evaluation when the set has no test split of its own. */
  testFraction: z.number().gt(0).lt(1).default(0.2),
});
export type DatasetRef = z.infer<typeof DatasetRef>;

/** One row of a JSONL classification upload. */
export const ClassificationRow = z.union([
  z.object({ text: z.string().min(1).max(100_000), label: z.union([z.string().min(1).max(64), z.number().int()]) }),
  z.object({
    features: z.array(z.number().finite()).min(1).max(100_000),
    label: z.union([z.string().min(1).max(64), z.number().int()]),
  }),
]);
export type ClassificationRow = z.infer<typeof ClassificationRow>;
