// What a user sees in the worker's log after initBackend: tfjs's "install our node backend" banner never appears.
// A file of its own, so the cpu backend's first tensor happens here and not in another test before this one.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from './backends.js';

const BANNER = 'Hi, looks like you are running TensorFlow.js in Node.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('initBackend and the console', () => {
  it('leaves no tfjs banner on stderr when the cpu backend makes its first tensor', async () => {
    // Nothing touched the cpu backend yet in this process, so its first-use banner is still due.
    expect(tf.env().getBool('IS_NODE')).toBe(true);
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    await initBackend({ force: 'cpu' });
    const sum = (await tf.tensor1d([1, 2, 3.5]).sum().data())[0];
    expect(sum).toBeCloseTo(6.5, 6);
    const printed = [...warn.mock.calls, ...log.mock.calls].flat().map(String).join('\n');
    expect(printed).not.toContain(BANNER);
    expect(tf.env().getBool('PROD')).toBe(true);
  });

  it('keeps NaN values and tfjs argument errors in production mode', async () => {
    await initBackend({ force: 'cpu' });
    expect(tf.env().getBool('DEBUG')).toBe(false);
    // PROD must not change results or swallow errors: NaN still flows through, a bad shape still throws.
    expect(Number.isNaN((await tf.scalar(Number.NaN).add(1).data())[0])).toBe(true);
    expect(() => tf.tensor2d([1, 2, 3], [2, 2])).toThrow(/shape/i);
  });
});
