// Lookups every model step starts with: a registered model the spec names, and where uploaded data sets live.
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { fieldPath, type Artifact, type FailureDetails } from '@distillery/schemas';
import type { ActivityDeps } from './deps.js';

/** User uploads live beside the database, as the API stores them. */
export function uploadsDirOf(deps: ActivityDeps): string {
  return path.join(deps.dataDir, 'uploads');
}

function modelNotFound(message: string, field: string[] | null): ApplicationFailure {
  const details: FailureDetails = { kind: 'not-found', ...(field === null ? {} : { field }) };
  return ApplicationFailure.create({ message, type: details.kind, nonRetryable: true, details: [details] });
}

/**
 * The stored model `modelId`, or a non-retryable `not-found` failure. `label` starts the message as users read it
 * (`teacher.modelId`); `field` is the spec path the failure details carry, null when no spec field names the model.
 */
export async function requireModel(deps: ActivityDeps, modelId: string, label: string, field: string[] | null = fieldPath(label)): Promise<Artifact> {
  const artifact = await deps.store.getArtifact(modelId);
  if (!artifact) throw modelNotFound(`${label}: model ${modelId} is not in the registry`, field);
  if (artifact.kind !== 'model') throw modelNotFound(`${label}: artifact ${modelId} is a ${artifact.kind}, not a model`, field);
  return artifact;
}
