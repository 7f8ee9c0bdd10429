// GET /health: the state of the store and of Temporal; 503 when either is down.
import type { ServerResponse } from 'node:http';
import type { ContextDeps } from '@distillery/api';
import { sendJson } from './json.js';

export interface HealthReport {
  ok: boolean;
  store: { ok: boolean; detail: string };
  temporal: { ok: boolean; detail: string };
}

export async function checkHealth({ store, temporal }: ContextDeps): Promise<HealthReport> {
  const [storeHealth, temporalHealth] = await Promise.all([store.health(), temporal.health()]);
  return { ok: storeHealth.ok && temporalHealth.ok, store: storeHealth, temporal: temporalHealth };
}

export async function handleHealth(deps: ContextDeps, res: ServerResponse): Promise<void> {
  const report = await checkHealth(deps);
  sendJson(res, report.ok ? 200 : 503, report);
}
