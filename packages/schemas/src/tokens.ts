// API tokens: created once, shown once, stored only as a hash.
import { z } from 'zod';
import { IsoTime } from './common.js';

export const TokenInfo = z.object({
  id: z.string().regex(/^tok_[a-z0-9]{8,40}$/),
  name: z.string().max(120),
  createdAt: IsoTime,
  revokedAt: IsoTime.nullable(),
  lastUsedAt: IsoTime.nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;
export const CreateTokenInput = z.object({ name: z.string().trim().min(1).max(120) });
export const TokenIdInput = z.object({ id: TokenInfo.shape.id });
