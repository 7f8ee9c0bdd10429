// Reuse of the float32 buffers that native kernels write their outputs into.
//
// A transformer training step allocates and drops hundreds of megabytes of kernel outputs. Left to the garbage
// collector, every step paid ~50 full V8 mark-compacts triggered by "external memory pressure" plus the page faults
// of touching freshly mapped memory: more time than the kernels themselves. The pool hands a disposed tensor's buffer
// to the next kernel output of the same length instead.
//
// A buffer is recycled only while nothing outside the backend can still see it:
// - readSync/read (dataSync, data, arraySync, bufferSync) hand the array itself to the caller, so a buffer that was
//   ever read is never recycled;
// - a tfjs cpu kernel may register an input's array, or a subarray of it, as its output (Slice does); a buffer that
//   backs more than one tensor is never recycled either.

import os from 'node:os';

/** Arrays below this length are left to V8, which allocates small buffers cheaply. */
const MIN_POOLED_LENGTH = 1 << 14;

/**
 * How many bytes of freed buffers to keep: `poolMb` megabytes, else a quarter of the machine's memory. The pool never
 * holds more than the process's peak of live outputs (it refills only from freed ones), so the cap only matters when
 * that peak is large: a 4-layer width-256 transformer at batch 32 keeps about 2.6 GB.
 */
export function poolCapacityBytes(poolMb?: number): number {
  if (poolMb === undefined) return Math.floor(os.totalmem() / 4);
  if (!Number.isFinite(poolMb) || poolMb < 0) throw new Error(`the native buffer pool must be a number of megabytes >= 0, got ${poolMb}`);
  return Math.floor(poolMb * 1024 * 1024);
}

export interface PoolStats {
  /** Outputs served from a recycled buffer. */
  hits: number;
  /** Outputs that needed a new buffer. */
  misses: number;
  /** Bytes held for reuse now. */
  pooledBytes: number;
}

export class Float32Pool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Buffers this pool handed out that may come back: owner array by ArrayBuffer, with how many tensors hold it. */
  private readonly handedOut = new WeakMap<ArrayBufferLike, { array: Float32Array; holders: number }>();
  private pooledBytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly capacityBytes = poolCapacityBytes()) {}

  /** A buffer of `length` floats with arbitrary contents, for an output the kernel overwrites in full. */
  take(length: number): Float32Array {
    if (length < MIN_POOLED_LENGTH || this.capacityBytes === 0) return uninitialized(length);
    const recycled = this.free.get(length)?.pop();
    if (recycled !== undefined) {
      this.hits++;
      this.pooledBytes -= recycled.byteLength;
      this.handedOut.set(recycled.buffer, { array: recycled, holders: 0 });
      return recycled;
    }
    this.misses++;
    const array = uninitialized(length);
    this.handedOut.set(array.buffer, { array, holders: 0 });
    return array;
  }

  /** Called when the backend stores `values` for a tensor: a second holder, or a view, pins the buffer for good. */
  registered(values: unknown): void {
    if (!ArrayBuffer.isView(values)) return;
    const entry = this.handedOut.get(values.buffer);
    if (entry === undefined) return;
    entry.holders++;
    if (values !== entry.array || entry.holders > 1) this.handedOut.delete(values.buffer);
  }

  /** Called when `values` leave the backend (read by a caller): never recycle them. */
  exposed(values: unknown): void {
    if (ArrayBuffer.isView(values)) this.handedOut.delete(values.buffer);
  }

  /** Called when the tensor holding `values` is freed: keep the buffer for the next output of its length. */
  released(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const entry = this.handedOut.get(values.buffer);
    if (entry === undefined || entry.array !== values) return;
    this.handedOut.delete(values.buffer);
    if (this.pooledBytes + values.byteLength > this.capacityBytes) return;
    const list = this.free.get(values.length);
    if (list === undefined) this.free.set(values.length, [values]);
    else list.push(values);
    this.pooledBytes += values.byteLength;
  }

  stats(): PoolStats {
    return { hits: this.hits, misses: this.misses, pooledBytes: this.pooledBytes };
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}

/** Without zero-filling: zeroing (and the page faults of touching new memory) cost as much as the kernels. */
function uninitialized(length: number): Float32Array {
  const bytes = Buffer.allocUnsafeSlow(length * Float32Array.BYTES_PER_ELEMENT);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}
