// Data-set hashes: sha256 over the source bytes, then over the parameters that select and split them.
import { createHash } from 'node:crypto';

/** Source-bytes digest, computed once per source and combined with split parameters by `datasetHash`. */
export function sha256Hex(parts: Iterable<Uint8Array | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** sha256(sourceDigest ‖ canonical JSON of params): two loads agree on the hash iff they agree on data and split. */
export function datasetHash(sourceDigest: string, params: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))));
  return sha256Hex([sourceDigest, '\n', canonical]);
}
