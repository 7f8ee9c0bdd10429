// Knowledge distillation: the KD loss, teacher-logit caches, and classifier / language-model distillation runs.
export { kdLoss, stopGradient, type KdLossOptions } from './kd_loss.js';
export {
  cacheTeacherLogits,
  openTeacherLogits,
  loadTeacherLogits,
  type TeacherLogitsHeader,
  type TeacherLogitsReader,
  type InputRows,
} from './teacher_cache.js';
export { distillClassifier, type DistillClassifierOptions, type DistillResult } from './distill_classifier.js';
export { distillLanguageModel, windowStarts, type DistillLanguageModelOptions } from './distill_language_model.js';
export { TEACHER_LOGITS, weightsDigest } from './teacher_targets.js';
