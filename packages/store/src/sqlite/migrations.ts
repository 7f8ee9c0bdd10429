// Numbered schema migrations; each runs once, in order, recorded in the `migrations` table.
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'jobs, events, artifacts, scorecards, tokens',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        status TEXT NOT NULL,
        device TEXT NOT NULL,
        progress TEXT,
        error TEXT,
        retry_of TEXT,
        idempotency_key TEXT UNIQUE,
        scorecard_id TEXT,
        cost_usd REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
      CREATE INDEX jobs_status_created ON jobs (status, created_at DESC, id DESC);
      CREATE INDEX jobs_kind_created ON jobs (kind, created_at DESC, id DESC);

      CREATE TABLE events (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        time TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        job_id TEXT,
        parent_ids TEXT NOT NULL,
        role TEXT,
        family TEXT,
        quantization TEXT,
        params INTEGER,
        size_bytes INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        backend TEXT,
        metrics TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX artifacts_created ON artifacts (created_at DESC, id DESC);
      CREATE INDEX artifacts_job ON artifacts (job_id);

      CREATE TABLE scorecards (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        body TEXT NOT NULL,
        published_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX scorecards_created ON scorecards (created_at DESC, id DESC);
      CREATE INDEX scorecards_job ON scorecards (job_id, created_at DESC);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      );
    `,
  },
];
