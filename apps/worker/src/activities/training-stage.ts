// How a trained model and its training are named: the model's display name and the stage its progress reports carry.
import type { ModelArch } from '@distillery/schemas';

export function archLabel(arch: ModelArch): string {
  switch (arch.family) {
    case 'mlp':
      return `mlp ${arch.hidden.join('-') || 'linear'}`;
    case 'cnn':
      return `cnn ${arch.filters.join('-')}`;
    case 'char-transformer':
      return `char-transformer ${arch.layers}×${arch.dModel}`;
  }
}

/** "teacher (cnn 8-16)": the name the registry and the scorecard show for a model trained in a job. */
export function trainedModelName(name: string, arch: ModelArch): string {
  return `${name} (${archLabel(arch)})`.slice(0, 200);
}

/**
 * The stage of a training's progress reports, e.g. "train teacher (cnn 8-16)" or "distill student (mlp 32)".
 * The job page draws one loss curve per stage, so each model a job trains must have its own: a distill job's
 * teacher and student, a benchmark's "model 1" and "model 2" (named by position, so two of one architecture differ).
 */
export function trainingStage(action: string, arch: ModelArch): string {
  // Event stages are at most 120 characters.
  return `${action} (${archLabel(arch)})`.slice(0, 120);
}
