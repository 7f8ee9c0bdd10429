// Job ids: derived from the idempotency key when there is one (so a resubmit maps to the same workflow), else random.
import { sha256Hex } from '@distillery/store';
import { randomBytes } from 'node:crypto';

const ID_HEX_LENGTH = 24;

export function jobIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey) return `job_${sha256Hex(`idempotency:${idempotencyKey}`).slice(0, ID_HEX_LENGTH)}`;
  return `job_${randomBytes(ID_HEX_LENGTH / 2).toString('hex')}`;
}
