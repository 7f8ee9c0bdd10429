// Persistence for jobs, events, artifacts, scorecards and tokens; SQLite by default.
export type { ArtifactFile, JobPatch, NewArtifact, NewJob, Page, Store } from './store.js';
export { ConflictError, NotFoundError } from './errors.js';
export { InvalidCursorError } from './cursor.js';
export { canonicalJson, hashDirectory, sha256Hex } from './hashing.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { scorecardIdFor } from './sqlite/scorecards-repo.js';
export { newTokenSecret, TOKEN_SECRET_PREFIX } from './sqlite/tokens-repo.js';
