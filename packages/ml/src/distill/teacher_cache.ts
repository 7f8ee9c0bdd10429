// Teacher logits cached on disk once: a float32 file with a small JSON header, read back row by row in chunks.
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MAGIC = 'DTLG';
const FORMAT = 'distillery-teacher-logits';
const VERSION = 1;
/** Bytes before the JSON header: the magic and the header length (uint32 LE). */
const PREAMBLE_BYTES = 8;

export interface TeacherLogitsHeader {
  format: typeof FORMAT;
  version: typeof VERSION;
  dtype: 'float32';
  /** [rows, ...rowShape], e.g. [60000, 10] or [windows, context, vocab]. */
  shape: number[];
  /** Caller's provenance (teacher id, data hash, …), so a stale cache can be recognised. */
  meta: Record<string, unknown>;
}

/** Inputs without materialising them as one tensor: `data` holds `shape[0]` rows, row-major. */
export interface InputRows {
  data: Float32Array | Int32Array;
  /** [rows, ...inputShape] */
  shape: number[];
}

function rowsOf(x: tf.Tensor | InputRows): number {
  return x.shape[0] ?? 0;
}

function sliceRows(x: tf.Tensor | InputRows, start: number, count: number): tf.Tensor {
  if (x instanceof tf.Tensor) return tf.slice(x, start, count);
  const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const values = x.data.subarray(start * rowSize, (start + count) * rowSize);
  return tf.tensor(values, [count, ...x.shape.slice(1)], x.data instanceof Int32Array ? 'int32' : 'float32');
}

function encodeHeader(header: TeacherLogitsHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad with spaces so the float32 data starts 4-byte aligned.
  const padded = Buffer.alloc(Math.ceil((PREAMBLE_BYTES + json.length) / 4) * 4 - PREAMBLE_BYTES, ' ');
  json.copy(padded);
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(MAGIC, 0, 'ascii');
  preamble.writeUInt32LE(padded.length, 4);
  return Buffer.concat([preamble, padded]);
}

/**
 * Runs `teacher` over `x` in batches (inference mode) and writes the logits to `file` as float32 rows behind a
 * JSON header, through a temporary file and a rename so a crash never leaves a truncated cache behind.
 */
export async function cacheTeacherLogits(
  teacher: tf.LayersModel,
  x: tf.Tensor | InputRows,
  file: string,
  opts: { batchSize?: number; meta?: Record<string, unknown> } = {},
): Promise<TeacherLogitsHeader> {
  const batchSize = opts.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize: must be a positive integer, got ${batchSize}`);
  const rows = rowsOf(x);
  if (rows < 1) throw new Error('x: no rows to compute teacher logits for');
  const outputShape = (teacher.outputs[0]?.shape ?? []).slice(1);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w');
  let header: TeacherLogitsHeader | null = null;
  try {
    let offset = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      const logits = tf.tidy(() => teacher.predict(sliceRows(x, start, count)) as tf.Tensor);
      const values = (await logits.data()) as Float32Array;
      const rowShape = logits.shape.slice(1);
      logits.dispose();
      if (header === null) {
        // The real per-row shape (None dims of the output resolved by the first batch).
        if (rowShape.length !== outputShape.length) throw new Error(`teacher output rank changed: [${rowShape.join(',')}]`);
        header = { format: FORMAT, version: VERSION, dtype: 'float32', shape: [rows, ...rowShape], meta: opts.meta ?? {} };
        const encoded = encodeHeader(header);
        await handle.write(encoded, 0, encoded.length, 0);
        offset = encoded.length;
      }
      const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      await handle.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
    }
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  if (header === null) throw new Error('x: no rows to compute teacher logits for');
  return header;
}

function parseHeader(bytes: Buffer, file: string): { header: TeacherLogitsHeader; dataOffset: number } {
  if (bytes.length < PREAMBLE_BYTES || bytes.toString('ascii', 0, 4) !== MAGIC) throw new Error(`${file}: not a teacher-logits cache`);
  const headerLength = bytes.readUInt32LE(4);
  if (bytes.length < PREAMBLE_BYTES + headerLength) throw new Error(`${file}: header truncated`);
  const header = JSON.parse(bytes.toString('utf8', PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength).trimEnd()) as TeacherLogitsHeader;
  if (header.format !== FORMAT || header.version !== VERSION || header.dtype !== 'float32') {
    throw new Error(`${file}: unsupported teacher-logits cache (${header.format} v${header.version} ${header.dtype})`);
  }
  return { header, dataOffset: PREAMBLE_BYTES + headerLength };
}

/** Random access to a cache without loading it: each call reads only the requested rows from disk. */
export interface TeacherLogitsReader {
  header: TeacherLogitsHeader;
  rows: number;
  /** Floats per row (product of shape[1..]). */
  rowSize: number;
  /** Rows at `indices`, in that order, as one [indices.length, ...rowShape] float32 tensor. */
  rowsTensor(indices: ArrayLike<number>): tf.Tensor;
  readRows(indices: ArrayLike<number>): Float32Array;
  close(): void;
}

/** Opens a cache for chunked reads (consecutive indices are read in one call). Close it when done. */
export async function openTeacherLogits(file: string): Promise<TeacherLogitsReader> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const preamble = Buffer.alloc(PREAMBLE_BYTES);
    await handle.read(preamble, 0, PREAMBLE_BYTES, 0);
    const headerLength = preamble.toString('ascii', 0, 4) === MAGIC ? preamble.readUInt32LE(4) : 0;
    head = Buffer.alloc(PREAMBLE_BYTES + headerLength);
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const { header, dataOffset } = parseHeader(head, file);
  const [rows = 0, ...rowShape] = header.shape;
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const fd = openSync(file, 'r');
  const rowBytes = rowSize * 4;
  const readRows = (indices: ArrayLike<number>): Float32Array => {
    const out = new Float32Array(indices.length * rowSize);
    const target = Buffer.from(out.buffer);
    for (let i = 0; i < indices.length; ) {
      const first = indices[i] as number;
      if (!(Number.isInteger(first) && first >= 0 && first < rows)) throw new Error(`row ${first} is outside the cache (0..${rows - 1})`);
      let run = 1;
      while (i + run < indices.length && indices[i + run] === first + run && first + run < rows) run++;
      const wanted = run * rowBytes;
      const got = readSync(fd, target, i * rowBytes, wanted, dataOffset + first * rowBytes);
      if (got !== wanted) throw new Error(`${file}: truncated at row ${first}`);
      i += run;
    }
    return out;
  };
  return {
    header,
    rows,
    rowSize,
    readRows,
    rowsTensor: (indices) => tf.tensor(readRows(indices), [indices.length, ...rowShape], 'float32'),
    close: () => closeSync(fd),
  };
}

/** The whole cache in memory: fine for classification (60,000 × 10 floats is 2.4 MB). */
export async function loadTeacherLogits(file: string): Promise<{ header: TeacherLogitsHeader; data: Float32Array }> {
  const bytes = await readFile(file);
  const { header, dataOffset } = parseHeader(bytes, file);
  const count = header.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== dataOffset + count * 4) throw new Error(`${file}: expected ${count} floats, found ${(bytes.length - dataOffset) / 4}`);
  const data = new Float32Array(count);
  Buffer.from(data.buffer).set(bytes.subarray(dataOffset));
  return { header, data };
}
