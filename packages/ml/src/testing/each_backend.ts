// Runs a vitest suite once per TensorFlow.js backend that loads here, and reports the others as skipped with why.
import { beforeAll, describe, it } from 'vitest';
import type { Backend } from '@distillery/schemas';
import { BACKEND_PREFERENCE, listLoadableBackends, probeBackend, type BackendInfo, type BackendProbe } from '../backends.js';

let probes: Promise<BackendProbe[]> | null = null;

/** Probed once per test file (module instance), at collection time, so skipped suites can say why. */
async function probeAll(): Promise<BackendProbe[]> {
  probes ??= listLoadableBackends();
  return probes;
}

/**
 * `describeEachBackend('matMul', (backend) => { it(...) })` declares one suite per backend: loadable ones run
 * with that backend active (set in beforeAll), the others are `describe.skip`ped with the reason in their title.
 * Backends can be narrowed with `only`.
 */
export async function describeEachBackend(
  name: string,
  fn: (backend: BackendInfo) => void,
  opts: { only?: readonly Backend[] } = {},
): Promise<void> {
  const all = await probeAll();
  for (const backendName of BACKEND_PREFERENCE) {
    if (opts.only && !opts.only.includes(backendName)) continue;
    const probe = all.find((p) => p.name === backendName);
    if (!probe || !probe.loadable) {
      const reason = probe && !probe.loadable ? probe.reason : 'not probed';
      describe.skip(`${name} [${backendName}] — skipped: ${reason}`, () => {
        it('runs on this backend', () => undefined);
      });
      continue;
    }
    const info = probe.info;
    describe(`${name} [${backendName}]`, () => {
      beforeAll(async () => {
        const active = await probeBackend(backendName);
        if (!active.loadable) throw new Error(`backend ${backendName} stopped loading: ${active.reason}`);
      });
      fn(info);
    });
  }
}
