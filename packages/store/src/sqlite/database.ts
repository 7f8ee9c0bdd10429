// Opens the SQLite file shared by the API and worker processes: WAL, busy timeout, migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

export function openDatabase(
  dataDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { db: Db; file: string } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'distillery.db');
  const db = new Database(file);
  // WAL lets the API read while the worker writes events into the same file.
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return { db, file };
}

/** Applies pending migrations inside one write transaction, so two processes starting together migrate once. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const apply = db.transaction(() => {
    const done = new Set(
      (db.prepare('SELECT id FROM migrations').all() as { id: number }[]).map((r) => r.id),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        m.id,
        m.name,
        new Date().toISOString(),
      );
      applied.push(m.id);
    }
    return applied;
  });
  return apply.immediate();
}
