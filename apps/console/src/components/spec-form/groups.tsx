'use client';
// Field groups for the shapes that recur across job kinds: data sets, training settings, architectures, model sources.
import { BUILTIN_DATASETS, TrainConfig, type Artifact } from '@distillery/schemas';
import { CheckboxField, NumberField, NumberListField, SelectField, TextField } from './fields';
import { useField, useSpecForm } from './form-context';

const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

export function DatasetFields({ path, legend }: { path: string; legend: string }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="form-grid">
        <TextField path={join(path, 'name')} label="Data set" hint={`built in: ${BUILTIN_DATASETS.join(', ')}`} />
        <NumberField path={join(path, 'trainLimit')} label="Training examples (max)" step="1" hint="empty: all" />
        <NumberField path={join(path, 'testLimit')} label="Evaluation examples (max)" step="1" hint="empty: whole test split" />
        <NumberField path={join(path, 'testFraction')} label="Held-out fraction" hint="when the set has no test split" />
      </div>
    </fieldset>
  );
}

/** The schema's own defaults, shown as placeholders so an empty field says what it will be. */
const TRAIN_DEFAULTS = TrainConfig.parse({});

export function TrainFields({ path, legend }: { path: string; legend: string }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="form-grid">
        <NumberField path={join(path, 'epochs')} label="Epochs" step="1" placeholder={String(TRAIN_DEFAULTS.epochs)} />
        <NumberField path={join(path, 'batchSize')} label="Batch size" step="1" placeholder={String(TRAIN_DEFAULTS.batchSize)} />
        <NumberField path={join(path, 'learningRate')} label="Learning rate" placeholder={String(TRAIN_DEFAULTS.learningRate)} />
        <SelectField path={join(path, 'optimizer')} label="Optimizer" options={['adam', 'adamw', 'sgd']} defaultValue={TRAIN_DEFAULTS.optimizer} />
        <NumberField path={join(path, 'weightDecay')} label="Weight decay" placeholder={String(TRAIN_DEFAULTS.weightDecay)} />
        <NumberField path={join(path, 'seed')} label="Seed" step="1" placeholder={String(TRAIN_DEFAULTS.seed)} />
        <NumberField path={join(path, 'maxSteps')} label="Max steps" step="1" hint="empty: run every epoch" />
        <NumberField path={join(path, 'checkpointEvery')} label="Checkpoint every (steps)" step="1" placeholder="every 10% of the stage" />
      </div>
    </fieldset>
  );
}

/** Defaults when the user switches family, so the form never shows another family's leftovers. */
const FAMILY_DEFAULTS: Record<string, Record<string, unknown>> = {
  mlp: { family: 'mlp', hidden: [128] },
  cnn: { family: 'cnn', filters: [16, 32], kernelSize: 3, dense: 64 },
  'char-transformer': { family: 'char-transformer', layers: 2, dModel: 64, heads: 2, context: 64 },
};

export function ArchFields({ path, legend }: { path: string; legend: string }) {
  const family = useField(join(path, 'family'));
  const { setValue } = useSpecForm();
  const familyId = `spec-${join(path, 'family').replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={familyId}>Architecture</label>
          <select
            id={familyId}
            value={typeof family.value === 'string' ? family.value : ''}
            onChange={(e) => setValue(path, FAMILY_DEFAULTS[e.target.value])}
            aria-invalid={family.errors.length > 0 || undefined}
          >
            {typeof family.value === 'string' ? null : <option value="">choose…</option>}
            <option value="mlp">MLP</option>
            <option value="cnn">CNN</option>
            <option value="char-transformer">Character transformer</option>
          </select>
          {family.errors.length > 0 ? <p className="field-error">{family.errors.join('; ')}</p> : null}
        </div>
        {family.value === 'mlp' ? (
          <>
            <NumberListField path={join(path, 'hidden')} label="Hidden layer widths" />
            <SelectField path={join(path, 'activation')} label="Activation" options={['relu', 'gelu', 'tanh']} />
            <NumberField path={join(path, 'dropout')} label="Dropout" />
          </>
        ) : null}
        {family.value === 'cnn' ? (
          <>
            <NumberListField path={join(path, 'filters')} label="Filters per conv layer" />
            <NumberField path={join(path, 'kernelSize')} label="Kernel size" step="1" />
            <NumberField path={join(path, 'dense')} label="Dense width" step="1" />
            <NumberField path={join(path, 'dropout')} label="Dropout" />
          </>
        ) : null}
        {family.value === 'char-transformer' ? (
          <>
            <NumberField path={join(path, 'layers')} label="Layers" step="1" />
            <NumberField path={join(path, 'dModel')} label="Model width (dModel)" step="1" />
            <NumberField path={join(path, 'heads')} label="Attention heads" step="1" />
            <NumberField path={join(path, 'context')} label="Context (characters)" step="1" />
            <NumberField path={join(path, 'dropout')} label="Dropout" />
          </>
        ) : null}
      </div>
    </fieldset>
  );
}

/** A model to start from: one already in the registry, or a recipe the job trains first. */
export function ModelSourceFields({
  path,
  legend,
  models,
  withDataset = false,
}: {
  path: string;
  legend: string;
  models: readonly Artifact[];
  withDataset?: boolean;
}) {
  const type = useField(join(path, 'type'));
  const { setValue } = useSpecForm();
  const typeId = `spec-${join(path, 'type').replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={typeId}>Source</label>
        <select
          id={typeId}
          value={typeof type.value === 'string' ? type.value : ''}
          onChange={(e) =>
            setValue(
              path,
              e.target.value === 'registered'
                ? { type: 'registered', modelId: models[0]?.id }
                : { type: 'recipe', arch: { family: 'mlp', hidden: [128] }, train: { epochs: 1 } },
            )
          }
        >
          <option value="recipe">Train from a recipe</option>
          <option value="registered">A model in the registry</option>
        </select>
      </div>
      {type.value === 'registered' ? (
        <SelectField
          path={join(path, 'modelId')}
          label="Model"
          options={models.map((m) => ({ value: m.id, label: `${m.name} (${m.id.slice(0, 16)}…)` }))}
          hint={models.length === 0 ? 'the registry has no models yet; train one from a recipe' : undefined}
        />
      ) : (
        <>
          <ArchFields path={join(path, 'arch')} legend="Architecture" />
          <TrainFields path={join(path, 'train')} legend="Training" />
          {withDataset ? <DatasetFields path={join(path, 'dataset')} legend="Training data (empty: the job's data set)" /> : null}
        </>
      )}
    </fieldset>
  );
}

export function CommonFields() {
  return (
    <fieldset>
      <legend>Job</legend>
      <div className="form-grid">
        <TextField path="name" label="Name" hint="optional; shown in lists" />
        <SelectField path="device" label="Device" options={['cpu', 'gpu']} />
      </div>
    </fieldset>
  );
}

export { CheckboxField };
