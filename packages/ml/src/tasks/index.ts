// Job steps over model kinds: each kind (classifier, character language model) owns its data, objective, evaluation and sidecars.
export type { Calibration, DistillFrom, EvaluationSession, LoopSettings, ModelKind, RecipeInput, RecipeTraining, TrainObjective } from './model_kind.js';
export { MODEL_KINDS, dataLabel, kindForData, kindOfModel } from './registry.js';
export { classifier } from './classifier.js';
export { charLanguageModel } from './char_language_model.js';
export { VOCABULARY_FILE, copyVocabulary, readVocabulary, writeVocabulary } from './vocabulary.js';
export { contextOf, modelContext, remapText, testWindows, textWindowBatches, tokenCrossEntropy, unknownShare } from './char_windows.js';
export { JobInputError, ModelTooLargeError } from './errors.js';
export { DATA_SPLIT_SEED } from './data_split.js';
export { trainingProgress, type StepReporter, type TrainCheckpoint } from './reporter.js';
export { trainRecipe, type TrainRecipeInput, type TrainRecipeResult } from './train_recipe.js';
export { MAX_MEASURED_MODEL_BYTES, measureModel, type MeasureCheckpoint, type MeasureModelInput, type ModelMeasurement } from './measure_model.js';
export { loraFinetune, type LoraFinetuneInput, type LoraFinetuneResult } from './lora_finetune.js';
export { quantizeVariants, type QuantizedVariant, type QuantizeVariantsInput } from './quantize_variants.js';
