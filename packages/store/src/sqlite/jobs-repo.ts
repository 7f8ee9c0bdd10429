// Jobs table: create, read, list, patch, delete.
import type { Job, JobKind, JobStatus } from '@distillery/schemas';
import { ConflictError, NotFoundError } from '../errors.js';
import type { JobPatch, NewJob, Page } from '../store.js';
import type { Db } from './database.js';
import { paginate } from './paginate.js';

interface JobRow {
  id: string;
  kind: string;
  name: string;
  spec: string;
  status: string;
  device: string;
  progress: string | null;
  error: string | null;
  retry_of: string | null;
  idempotency_key: string | null;
  scorecard_id: string | null;
  cost_usd: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    name: row.name,
    spec: JSON.parse(row.spec) as Job['spec'],
    status: row.status as JobStatus,
    device: row.device as Job['device'],
    progress: row.progress === null ? null : (JSON.parse(row.progress) as Job['progress']),
    error: row.error,
    retryOf: row.retry_of,
    idempotencyKey: row.idempotency_key,
    scorecardId: row.scorecard_id,
    costUsd: row.cost_usd,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Column for each patchable field, and how its value is stored. */
const PATCH_COLUMNS: {
  [K in keyof Required<JobPatch>]: [column: string, encode: (v: JobPatch[K]) => unknown];
} = {
  status: ['status', (v) => v],
  progress: ['progress', (v) => (v == null ? null : JSON.stringify(v))],
  error: ['error', (v) => v ?? null],
  scorecardId: ['scorecard_id', (v) => v ?? null],
  costUsd: ['cost_usd', (v) => v ?? null],
  startedAt: ['started_at', (v) => v ?? null],
  finishedAt: ['finished_at', (v) => v ?? null],
};

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

export function jobsRepo(db: Db) {
  const getRow = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const getByKey = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE idempotency_key = ?');
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, name, spec, status, device, retry_of, idempotency_key, created_at, updated_at)
     VALUES (@id, @kind, @name, @spec, 'queued', @device, @retryOf, @idempotencyKey, @now, @now)`,
  );

  function buildUpdate(id: string, patch: JobPatch, fromStatuses?: readonly JobStatus[]) {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [new Date().toISOString()];
    for (const key of Object.keys(patch) as (keyof JobPatch)[]) {
      if (patch[key] === undefined) continue;
      const [column, encode] = PATCH_COLUMNS[key] as [string, (v: unknown) => unknown];
      sets.push(`${column} = ?`);
      params.push(encode(patch[key]));
    }
    let sql = `UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`;
    params.push(id);
    if (fromStatuses) {
      sql += ` AND status IN (${fromStatuses.map(() => '?').join(', ')})`;
      params.push(...fromStatuses);
    }
    return db.prepare(sql).run(...params).changes;
  }

  return {
    async createJob(job: NewJob): Promise<Job> {
      const now = new Date().toISOString();
      try {
        insert.run({
          id: job.id,
          kind: job.spec.kind,
          name: job.spec.name ?? `${job.spec.kind} ${job.id.slice(4, 12)}`,
          spec: JSON.stringify(job.spec),
          device: job.spec.device,
          retryOf: job.retryOf ?? null,
          idempotencyKey: job.idempotencyKey ?? null,
          now,
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError(`job ${job.id} or its idempotency key already exists`);
        throw err;
      }
      return toJob(getRow.get(job.id)!);
    },

    async getJob(id: string): Promise<Job | null> {
      const row = getRow.get(id);
      return row ? toJob(row) : null;
    },

    async getJobByIdempotencyKey(key: string): Promise<Job | null> {
      const row = getByKey.get(key);
      return row ? toJob(row) : null;
    },

    async listJobs(q: {
      limit: number;
      cursor?: string | null;
      status?: JobStatus;
      kind?: JobKind;
    }): Promise<Page<Job>> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.status) {
        where.push('status = ?');
        params.push(q.status);
      }
      if (q.kind) {
        where.push('kind = ?');
        params.push(q.kind);
      }
      return paginate<JobRow, Job>(
        db,
        { table: 'jobs', where, params, limit: q.limit, cursor: q.cursor },
        toJob,
      );
    },

    async updateJob(id: string, patch: JobPatch): Promise<Job> {
      if (buildUpdate(id, patch) === 0) throw new NotFoundError('job', id);
      return toJob(getRow.get(id)!);
    },

    async transitionJob(
      id: string,
      fromStatuses: readonly JobStatus[],
      patch: JobPatch,
    ): Promise<Job | null> {
      if (fromStatuses.length === 0) return null;
      const changed = buildUpdate(id, patch, fromStatuses);
      if (changed === 0) {
        if (!getRow.get(id)) throw new NotFoundError('job', id);
        return null;
      }
      return toJob(getRow.get(id)!);
    },

    async deleteJob(id: string): Promise<void> {
      db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
    },
  };
}
