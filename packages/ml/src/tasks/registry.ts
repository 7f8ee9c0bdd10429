// The model kinds a job step may meet, and how a step finds the one for a saved model or a loaded data set.
import type { Dataset } from '../data/types.js';
import { charLanguageModel } from './char_language_model.js';
import { classifier } from './classifier.js';
import type { ModelKind } from './model_kind.js';

/**
 * Asked in order. A kind that marks its models with a sidecar file comes before the classifier, which owns any
 * model no other kind claims (plain tfjs files). A new kind is one file in this folder plus its entry here.
 */
export const MODEL_KINDS: readonly ModelKind[] = [charLanguageModel, classifier];

/** The kind of the model saved in `modelDir`. */
export async function kindOfModel(modelDir: string): Promise<ModelKind> {
  for (const kind of MODEL_KINDS) if (await kind.ownsModel(modelDir)) return kind;
  throw new Error(`no model kind owns the model at ${modelDir}`);
}

/** The kind that a recipe trained on this data set is. */
export function kindForData(dataset: Dataset): ModelKind {
  const kind = MODEL_KINDS.find((k) => k.fitsData(dataset));
  if (kind === undefined) throw new Error(`no model kind trains on data set "${dataset.name}" (${dataset.kind})`);
  return kind;
}

/** What a user calls a data set of this shape in messages. */
export function dataLabel(dataset: Dataset): string {
  return dataset.kind === 'text' ? 'text corpus' : 'classification data set';
}
