// Content-addressed artifacts: files under <dataDir>/artifacts/<id>/, metadata in the artifacts table.
import type { Artifact, ArtifactKind } from '@distillery/schemas';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashDirectory } from '../hashing.js';
import type { NewArtifact, Page } from '../store.js';
import type { Db } from './database.js';
import { paginate } from './paginate.js';

interface ArtifactRow {
  id: string;
  kind: string;
  name: string;
  job_id: string | null;
  parent_ids: string;
  role: string | null;
  family: string | null;
  quantization: string | null;
  params: number | null;
  size_bytes: number;
  content_hash: string;
  backend: string | null;
  metrics: string;
  created_at: string;
}

export const ARTIFACT_ID_HEX_LENGTH = 24;

function toArtifact(row: ArtifactRow): Artifact {
  return {
    id: row.id,
    kind: row.kind as ArtifactKind,
    name: row.name,
    jobId: row.job_id,
    parentIds: JSON.parse(row.parent_ids) as string[],
    role: row.role as Artifact['role'],
    family: row.family,
    quantization: row.quantization,
    params: row.params,
    sizeBytes: row.size_bytes,
    contentHash: row.content_hash,
    backend: row.backend as Artifact['backend'],
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    createdAt: row.created_at,
  };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Moves `srcDir` to `destDir`; across file systems falls back to copy then delete. */
async function moveDir(srcDir: string, destDir: string): Promise<void> {
  try {
    await rename(srcDir, destDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(srcDir, destDir, { recursive: true });
    await rm(srcDir, { recursive: true, force: true });
  }
}

export function artifactsRepo(db: Db, root: string) {
  const byId = db.prepare<[string], ArtifactRow>('SELECT * FROM artifacts WHERE id = ?');
  const artifactDir = (id: string): string => path.join(root, id);

  return {
    artifactDir,

    async importArtifact(meta: NewArtifact, srcDir: string): Promise<Artifact> {
      const { digest, files, sizeBytes } = await hashDirectory(srcDir);
      if (files.length === 0) throw new RangeError(`artifact folder ${srcDir} holds no files`);
      const id = `art_${digest.slice(0, ARTIFACT_ID_HEX_LENGTH)}`;
      const dest = artifactDir(id);
      await mkdir(root, { recursive: true });
      if (await exists(dest)) {
        await rm(srcDir, { recursive: true, force: true });
      } else {
        // Stage next to the destination, then rename: readers never see a half-copied folder.
        const staging = path.join(root, `.staging-${randomBytes(6).toString('hex')}`);
        await moveDir(srcDir, staging);
        try {
          await rename(staging, dest);
        } catch (err) {
          // Another process imported the same content meanwhile: theirs is identical, drop ours.
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
          await rm(staging, { recursive: true, force: true });
        }
      }
      db.prepare(
        `INSERT OR IGNORE INTO artifacts
           (id, kind, name, job_id, parent_ids, role, family, quantization, params, size_bytes, content_hash, backend, metrics, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        meta.kind,
        meta.name,
        meta.jobId ?? null,
        JSON.stringify(meta.parentIds ?? []),
        meta.role ?? null,
        meta.family ?? null,
        meta.quantization ?? null,
        meta.params ?? null,
        sizeBytes,
        digest,
        meta.backend ?? null,
        JSON.stringify(meta.metrics ?? {}),
        new Date().toISOString(),
      );
      return toArtifact(byId.get(id)!);
    },

    async getArtifact(id: string): Promise<Artifact | null> {
      const row = byId.get(id);
      return row ? toArtifact(row) : null;
    },

    async listArtifacts(q: {
      limit: number;
      cursor?: string | null;
      jobId?: string;
      kind?: ArtifactKind;
    }): Promise<Page<Artifact>> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.jobId) {
        where.push('job_id = ?');
        params.push(q.jobId);
      }
      if (q.kind) {
        where.push('kind = ?');
        params.push(q.kind);
      }
      return paginate<ArtifactRow, Artifact>(
        db,
        { table: 'artifacts', where, params, limit: q.limit, cursor: q.cursor },
        toArtifact,
      );
    },
  };
}
