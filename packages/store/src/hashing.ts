// Content hashes: canonical JSON for scorecards, a stable digest over a folder's files for artifacts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every depth, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export interface FileEntry {
  /** Path relative to the folder, always with "/" separators. */
  relativePath: string;
  sizeBytes: number;
}

/** Every regular file under `dir`, sorted by relative path (the stable order the digest uses). */
export async function listFiles(dir: string): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(childRel);
      else if (entry.isFile())
        out.push({ relativePath: childRel, sizeBytes: (await stat(path.join(dir, childRel))).size });
    }
  }
  await walk('');
  return out.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

/**
 * sha256 over each file's relative path, size and bytes, in path order: renaming or editing any file
 * changes the digest, and the same files always give the same digest wherever they sit on disk.
 */
export async function hashDirectory(
  dir: string,
): Promise<{ digest: string; files: FileEntry[]; sizeBytes: number }> {
  const files = await listFiles(dir);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for (const file of files) {
    hash.update(`${file.relativePath}\0${file.sizeBytes}\0`);
    for await (const chunk of createReadStream(path.join(dir, file.relativePath)))
      hash.update(chunk as Buffer);
    sizeBytes += file.sizeBytes;
  }
  return { digest: hash.digest('hex'), files, sizeBytes };
}
