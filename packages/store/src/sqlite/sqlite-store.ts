// The SQLite implementation of Store: one file under the data dir, shared by the API and worker processes.
import path from 'node:path';
import { NotFoundError } from '../errors.js';
import { listFiles } from '../hashing.js';
import type { ArtifactFile, Store } from '../store.js';
import { artifactsRepo } from './artifacts-repo.js';
import { openDatabase } from './database.js';
import { eventsRepo } from './events-repo.js';
import { jobsRepo } from './jobs-repo.js';
import { scorecardsRepo } from './scorecards-repo.js';
import { tokensRepo } from './tokens-repo.js';

export interface SqliteStoreOptions {
  /** Folder holding distillery.db and artifacts/; created if missing. */
  dataDir: string;
}

export function createSqliteStore({ dataDir }: SqliteStoreOptions): Store {
  const root = path.resolve(dataDir);
  const { db, file } = openDatabase(root);
  const artifacts = artifactsRepo(db, path.join(root, 'artifacts'));

  return {
    ...jobsRepo(db),
    ...eventsRepo(db),
    ...artifacts,
    ...scorecardsRepo(db),
    ...tokensRepo(db),

    async listArtifactFiles(id: string): Promise<ArtifactFile[]> {
      if (!(await artifacts.getArtifact(id))) throw new NotFoundError('artifact', id);
      const files = await listFiles(artifacts.artifactDir(id));
      return files.map((f) => ({ path: f.relativePath, sizeBytes: f.sizeBytes }));
    },

    async health() {
      try {
        const row = db.prepare<[], { ok: number }>('SELECT 1 AS ok').get();
        const mode = db.pragma('journal_mode', { simple: true }) as string;
        return { ok: row?.ok === 1, detail: `sqlite ${file} (journal ${mode})` };
      } catch (err) {
        return { ok: false, detail: `sqlite ${file}: ${(err as Error).message}` };
      }
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
