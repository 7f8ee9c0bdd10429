// Scorecards, addressed by the hash of their canonical JSON body: the same body is always the same scorecard.
import type { Scorecard, ScorecardBody } from '@distillery/schemas';
import { NotFoundError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../hashing.js';
import type { Page } from '../store.js';
import type { Db } from './database.js';
import { paginate } from './paginate.js';

interface ScorecardRow {
  id: string;
  job_id: string;
  body: string;
  published_at: string | null;
  created_at: string;
}

export const SCORECARD_ID_HEX_LENGTH = 24;

export function scorecardIdFor(body: ScorecardBody): string {
  return `sc_${sha256Hex(canonicalJson(body)).slice(0, SCORECARD_ID_HEX_LENGTH)}`;
}

function toScorecard(row: ScorecardRow): Scorecard {
  const body = JSON.parse(row.body) as ScorecardBody;
  return { ...body, id: row.id, published: row.published_at !== null, publishedAt: row.published_at };
}

export function scorecardsRepo(db: Db) {
  const byId = db.prepare<[string], ScorecardRow>('SELECT * FROM scorecards WHERE id = ?');

  return {
    async putScorecard(body: ScorecardBody): Promise<Scorecard> {
      const id = scorecardIdFor(body);
      // The body never changes once stored: a second put of the same content is a no-op.
      db.prepare('INSERT OR IGNORE INTO scorecards (id, job_id, body, created_at) VALUES (?, ?, ?, ?)').run(
        id,
        body.jobId,
        canonicalJson(body),
        new Date().toISOString(),
      );
      return toScorecard(byId.get(id)!);
    },

    async getScorecard(id: string): Promise<Scorecard | null> {
      const row = byId.get(id);
      return row ? toScorecard(row) : null;
    },

    async getScorecardByJob(jobId: string): Promise<Scorecard | null> {
      const row = db
        .prepare<[string], ScorecardRow>(
          'SELECT * FROM scorecards WHERE job_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
        )
        .get(jobId);
      return row ? toScorecard(row) : null;
    },

    async listScorecards(q: {
      limit: number;
      cursor?: string | null;
      publishedOnly?: boolean;
    }): Promise<Page<Scorecard>> {
      const where = q.publishedOnly ? ['published_at IS NOT NULL'] : [];
      return paginate<ScorecardRow, Scorecard>(
        db,
        { table: 'scorecards', where, params: [], limit: q.limit, cursor: q.cursor },
        toScorecard,
      );
    },

    async publishScorecard(id: string): Promise<Scorecard> {
      db.prepare('UPDATE scorecards SET published_at = COALESCE(published_at, ?) WHERE id = ?').run(
        new Date().toISOString(),
        id,
      );
      const row = byId.get(id);
      if (!row) throw new NotFoundError('scorecard', id);
      return toScorecard(row);
    },
  };
}
