// Job events: appended with a per-job monotonic seq, read back in order for streaming.
import type { JobEvent, JobEventInput } from '@distillery/schemas';
import { NotFoundError } from '../errors.js';
import type { Db } from './database.js';

interface EventRow {
  job_id: string;
  seq: number;
  type: string;
  time: string;
  body: string;
}

function toEvent(row: EventRow): JobEvent {
  const body = JSON.parse(row.body) as Omit<JobEvent, 'jobId' | 'seq' | 'type' | 'time'>;
  return { ...body, jobId: row.job_id, seq: row.seq, type: row.type as JobEvent['type'], time: row.time };
}

export function eventsRepo(db: Db) {
  const jobExists = db.prepare<[string], { id: string }>('SELECT id FROM jobs WHERE id = ?');
  const nextSeq = db.prepare<[string], { next: number }>(
    'SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM events WHERE job_id = ?',
  );
  const insert = db.prepare('INSERT INTO events (job_id, seq, type, time, body) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare<[string, number, number], EventRow>(
    'SELECT * FROM events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );

  // IMMEDIATE takes the write lock before reading MAX(seq), so the API and the worker never pick the same seq.
  const append = db.transaction((jobId: string, event: JobEventInput): JobEvent => {
    if (!jobExists.get(jobId)) throw new NotFoundError('job', jobId);
    const seq = nextSeq.get(jobId)!.next;
    const { type, time, ...rest } = event;
    const at = time ?? new Date().toISOString();
    insert.run(jobId, seq, type, at, JSON.stringify(rest));
    return { ...rest, jobId, seq, type, time: at };
  });

  return {
    async appendEvent(jobId: string, event: JobEventInput): Promise<JobEvent> {
      return append.immediate(jobId, event);
    },
    async listEvents(jobId: string, afterSeq: number, limit = 1000): Promise<JobEvent[]> {
      return list.all(jobId, afterSeq, limit).map(toEvent);
    },
  };
}
