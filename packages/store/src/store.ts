// The persistence interface every backend implements (SQLite now, PostgreSQL later). All methods are async.
import type {
  Artifact,
  ArtifactKind,
  Job,
  JobEvent,
  JobEventInput,
  JobKind,
  JobSpec,
  JobStatus,
  ModelRole,
  Scorecard,
  ScorecardBody,
  TokenInfo,
} from '@distillery/schemas';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NewJob {
  id: string;
  spec: JobSpec;
  idempotencyKey?: string | null;
  retryOf?: string | null;
}

export type JobPatch = Partial<
  Pick<Job, 'status' | 'progress' | 'error' | 'scorecardId' | 'costUsd' | 'startedAt' | 'finishedAt'>
>;

export interface NewArtifact {
  kind: ArtifactKind;
  name: string;
  jobId?: string | null;
  parentIds?: string[];
  role?: ModelRole | null;
  family?: string | null;
  quantization?: string | null;
  params?: number | null;
  backend?: Artifact['backend'];
  metrics?: Record<string, number>;
}

export interface ArtifactFile {
  path: string;
  sizeBytes: number;
}

export interface Store {
  /** Records a job as `queued`. Throws ConflictError if the id or idempotency key exists. */
  createJob(job: NewJob): Promise<Job>;
  getJob(id: string): Promise<Job | null>;
  getJobByIdempotencyKey(key: string): Promise<Job | null>;
  listJobs(q: {
    limit: number;
    cursor?: string | null;
    status?: JobStatus;
    kind?: JobKind;
  }): Promise<Page<Job>>;
  /** Applies the patch and returns the updated job; NotFoundError if absent. */
  updateJob(id: string, patch: JobPatch): Promise<Job>;
  /**
   * Applies the patch only while the job's status is one of `fromStatuses` (checked and written atomically);
   * returns null when the status had moved on. NotFoundError if absent.
   */
  transitionJob(id: string, fromStatuses: readonly JobStatus[], patch: JobPatch): Promise<Job | null>;
  /** Removes a job that never started (used when Temporal refused it, so nothing is half-recorded). */
  deleteJob(id: string): Promise<void>;

  appendEvent(jobId: string, event: JobEventInput): Promise<JobEvent>;
  listEvents(jobId: string, afterSeq: number, limit?: number): Promise<JobEvent[]>;

  /** Hashes the files in `srcDir`, moves them under the artifact root and records the entry (idempotent by hash). */
  importArtifact(meta: NewArtifact, srcDir: string): Promise<Artifact>;
  getArtifact(id: string): Promise<Artifact | null>;
  /** Absolute folder holding the artifact's files (model.json + weight shards for models). */
  artifactDir(id: string): string;
  /** The artifact's files (relative paths with "/"), sorted; NotFoundError if the artifact is unknown. */
  listArtifactFiles(id: string): Promise<ArtifactFile[]>;
  listArtifacts(q: {
    limit: number;
    cursor?: string | null;
    jobId?: string;
    kind?: ArtifactKind;
  }): Promise<Page<Artifact>>;

  /** Stores a scorecard addressed by the hash of its body; storing the same body twice returns the same one. */
  putScorecard(body: ScorecardBody): Promise<Scorecard>;
  getScorecard(id: string): Promise<Scorecard | null>;
  getScorecardByJob(jobId: string): Promise<Scorecard | null>;
  listScorecards(q: {
    limit: number;
    cursor?: string | null;
    publishedOnly?: boolean;
  }): Promise<Page<Scorecard>>;
  publishScorecard(id: string): Promise<Scorecard>;

  /**
   * Returns the secret once; only its hash is stored. `secret` seeds a known secret (DISTILLERY_ADMIN_TOKEN),
   * otherwise a random `dst_` + 32 bytes base64url one is made.
   */
  createToken(name: string, secret?: string): Promise<{ token: TokenInfo; secret: string }>;
  verifyToken(secret: string): Promise<TokenInfo | null>;
  revokeToken(id: string): Promise<TokenInfo>;
  listTokens(): Promise<TokenInfo[]>;

  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
