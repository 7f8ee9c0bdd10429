// Seeded pseudo-random numbers (sfc32) with a serialisable state, so shuffles and samples replay exactly after a resume.

/** The whole generator state: four unsigned 32-bit words. JSON-safe, so it fits in a checkpoint. */
export type RngState = [number, number, number, number];

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Standard normal (Box–Muller; draws two uniforms). */
  nextNormal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T;
  /** A fresh uint32 seed, e.g. for a tfjs initializer that takes its own seed. */
  nextSeed(): number;
  getState(): RngState;
  setState(state: RngState): void;
}

/** splitmix32: spreads a small integer seed over 32 bits so nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function assertState(state: unknown): asserts state is RngState {
  if (
    !Array.isArray(state) ||
    state.length !== 4 ||
    !state.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w <= 0xffffffff)
  ) {
    throw new Error('rng state: must be four unsigned 32-bit integers');
  }
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed: must be an integer in [0, 2^32), got ${seed}`);
  }
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 needs a few rounds to decorrelate from the seed words.
  for (let i = 0; i < 12; i++) nextUint32();

  const rng: Rng = {
    next: () => nextUint32() / 4294967296,
    nextInt(n) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`nextInt: n must be a positive integer, got ${n}`);
      return Math.floor(rng.next() * n);
    },
    nextNormal() {
      const u = 1 - rng.next(); // (0, 1]: log stays finite
      const v = rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const held = items[i];
        items[i] = items[j];
        items[j] = held;
      }
      return items;
    },
    nextSeed: () => nextUint32(),
    getState: () => [a, b, c, d],
    setState(state) {
      assertState(state);
      [a, b, c, d] = state;
    },
  };
  return rng;
}
