'use client';
// The fields of each job kind, laid out as the JobSpec union in @distillery/schemas defines them.
import { QUANT_SCHEMES, type Artifact, type JobKind } from '@distillery/schemas';
import { getAtPath } from '../../lib/spec-paths';
import { CheckboxField, CheckboxGroupField, NumberField, NumberListField } from './fields';
import { useSpecForm } from './form-context';
import { ArchFields, CommonFields, DatasetFields, ModelSourceFields, TrainFields } from './groups';

type Models = readonly Artifact[];

function BenchmarkFields({ models }: { models: Models }) {
  const { draft, setValue } = useSpecForm();
  const sources = Array.isArray(draft.models) ? (draft.models as unknown[]) : [];
  return (
    <>
      <CommonFields />
      {sources.map((_, index) => (
        <div key={index}>
          <ModelSourceFields path={`models.${index}`} legend={`Model ${index + 1}`} models={models} withDataset />
          {sources.length > 1 ? (
            <button
              type="button"
              onClick={() =>
                setValue(
                  'models',
                  sources.filter((__, i) => i !== index),
                )
              }
            >
              Remove model {index + 1}
            </button>
          ) : null}
        </div>
      ))}
      <p>
        <button
          type="button"
          onClick={() => setValue('models', [...sources, { type: 'recipe', arch: { family: 'mlp', hidden: [64] }, train: { epochs: 1 } }])}
        >
          Add a model
        </button>
      </p>
      <DatasetFields path="dataset" legend="Evaluation data" />
      <fieldset>
        <legend>Measurement</legend>
        <div className="form-grid">
          <NumberListField path="batchSizes" label="Batch sizes" />
          <NumberField path="latencyIterations" label="Latency iterations" step="1" />
          <NumberField path="pricePerHourUsd" label="Price per device-hour (USD)" hint="empty: the price table's rate" />
        </div>
      </fieldset>
    </>
  );
}

function DistillFields({ models }: { models: Models }) {
  return (
    <>
      <CommonFields />
      <ModelSourceFields path="teacher" legend="Teacher" models={models} />
      <ArchFields path="student" legend="Student" />
      <DatasetFields path="dataset" legend="Data" />
      <fieldset>
        <legend>Distillation</legend>
        <div className="form-grid">
          <NumberField path="temperature" label="Temperature" />
          <NumberField path="alpha" label="Alpha (weight of the soft loss)" />
          <NumberField path="qualityBudget.maxRelativeDrop" label="Quality budget (max relative drop)" />
          <CheckboxField path="cacheTeacherLogits" label="Cache teacher logits" defaultChecked />
        </div>
      </fieldset>
      <TrainFields path="train" legend="Student training" />
    </>
  );
}

function LoraFields({ models }: { models: Models }) {
  return (
    <>
      <CommonFields />
      <ModelSourceFields path="base" legend="Base model" models={models} />
      <DatasetFields path="dataset" legend="Adaptation data" />
      <fieldset>
        <legend>LoRA</legend>
        <div className="form-grid">
          <NumberField path="rank" label="Rank" step="1" />
          <NumberField path="alpha" label="Alpha" />
        </div>
      </fieldset>
      <TrainFields path="train" legend="Adapter training" />
    </>
  );
}

function QuantizeFields({ models }: { models: Models }) {
  return (
    <>
      <CommonFields />
      <ModelSourceFields path="model" legend="Model to quantize" models={models} withDataset />
      <fieldset>
        <legend>Quantization</legend>
        <CheckboxGroupField path="schemes" label="Schemes" options={QUANT_SCHEMES} />
        <div className="form-grid">
          <CheckboxField path="accuracyAware" label="Accuracy-aware (per-layer choice)" defaultChecked />
          <NumberField path="tolerance" label="Tolerance (max relative drop)" />
        </div>
      </fieldset>
      <DatasetFields path="calibration" legend="Calibration data" />
    </>
  );
}

function PipelineFields({ models }: { models: Models }) {
  const { draft, setValue } = useSpecForm();
  const hasLora = getAtPath(draft, 'lora') !== undefined;
  const hasQuantize = getAtPath(draft, 'quantize') !== undefined;
  return (
    <>
      <CommonFields />
      <DatasetFields path="dataset" legend="Data" />
      <ModelSourceFields path="teacher" legend="Teacher" models={models} />
      <ArchFields path="student.arch" legend="Student" />
      <fieldset>
        <legend>Distillation</legend>
        <div className="form-grid">
          <NumberField path="student.temperature" label="Temperature" />
          <NumberField path="student.alpha" label="Alpha (weight of the soft loss)" />
          <NumberField path="qualityBudget.maxRelativeDrop" label="Quality budget (max relative drop)" />
        </div>
      </fieldset>
      <TrainFields path="student.train" legend="Student training" />
      <div className="field inline">
        <input
          id="pipeline-lora"
          type="checkbox"
          checked={hasLora}
          onChange={(e) => setValue('lora', e.target.checked ? { dataset: { name: 'moby-dick' }, rank: 8, train: { epochs: 1 } } : undefined)}
        />
        <label htmlFor="pipeline-lora">Add a LoRA step</label>
      </div>
      {hasLora ? (
        <>
          <DatasetFields path="lora.dataset" legend="LoRA data" />
          <fieldset>
            <legend>LoRA</legend>
            <div className="form-grid">
              <NumberField path="lora.rank" label="Rank" step="1" />
              <NumberField path="lora.alpha" label="Alpha" />
            </div>
          </fieldset>
          <TrainFields path="lora.train" legend="LoRA training" />
        </>
      ) : null}
      <div className="field inline">
        <input
          id="pipeline-quantize"
          type="checkbox"
          checked={hasQuantize}
          onChange={(e) => setValue('quantize', e.target.checked ? { schemes: ['float16', 'uint8'] } : undefined)}
        />
        <label htmlFor="pipeline-quantize">Add a quantization step</label>
      </div>
      {hasQuantize ? (
        <fieldset>
          <legend>Quantization</legend>
          <CheckboxGroupField path="quantize.schemes" label="Schemes" options={QUANT_SCHEMES} />
          <NumberField path="quantize.tolerance" label="Tolerance (max relative drop)" />
        </fieldset>
      ) : null}
    </>
  );
}

export function KindFields({ kind, models }: { kind: JobKind; models: Models }) {
  switch (kind) {
    case 'benchmark':
      return <BenchmarkFields models={models} />;
    case 'distill':
      return <DistillFields models={models} />;
    case 'lora':
      return <LoraFields models={models} />;
    case 'quantize':
      return <QuantizeFields models={models} />;
    case 'pipeline':
      return <PipelineFields models={models} />;
  }
}
