// API tokens: the secret is shown once at creation; only its sha256 is stored.
import type { TokenInfo } from '@distillery/schemas';
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.js';
import { sha256Hex } from '../hashing.js';
import type { Db } from './database.js';

interface TokenRow {
  id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Touching last_used_at on every request would turn each read into a write; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const TOKEN_SECRET_PREFIX = 'dst_';

export function newTokenSecret(): string {
  return TOKEN_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

function toInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export function tokensRepo(db: Db) {
  const byHash = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE secret_hash = ?');
  const byId = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?');

  return {
    /** `secret` seeds a known token (DISTILLERY_ADMIN_TOKEN); otherwise a random `dst_` secret is made. */
    async createToken(
      name: string,
      secret: string = newTokenSecret(),
    ): Promise<{ token: TokenInfo; secret: string }> {
      if (secret.length < 16) throw new RangeError('a token secret must be at least 16 characters');
      const id = `tok_${randomBytes(8).toString('hex')}`;
      try {
        db.prepare('INSERT INTO tokens (id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)').run(
          id,
          name,
          sha256Hex(secret),
          new Date().toISOString(),
        );
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
          throw new ConflictError('a token with this secret already exists');
        }
        throw err;
      }
      return { token: toInfo(byId.get(id)!), secret };
    },

    async verifyToken(secret: string): Promise<TokenInfo | null> {
      const row = byHash.get(sha256Hex(secret));
      if (!row || row.revoked_at) return null;
      const now = new Date();
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) {
        row.last_used_at = now.toISOString();
        db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(row.last_used_at, row.id);
      }
      return toInfo(row);
    },

    async revokeToken(id: string): Promise<TokenInfo> {
      db.prepare('UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(
        new Date().toISOString(),
        id,
      );
      const row = byId.get(id);
      if (!row) throw new NotFoundError('token', id);
      return toInfo(row);
    },

    async listTokens(): Promise<TokenInfo[]> {
      return (db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as TokenRow[]).map(toInfo);
    },
  };
}
