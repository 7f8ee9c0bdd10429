// The PyTorch side of the training benches: a long-lived bench/native/torch_bench.py process that times one model on
// request, so that PyTorch's rounds interleave with ours and both see the same background load.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchModelName } from './training.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'native', 'torch_bench.py');

/** Debian's python3-torch installs for /usr/bin/python3, not the pyenv python3 that may come first on PATH. */
export const SYSTEM_PYTHON = process.env.DISTILLERY_BENCH_PYTHON ?? '/usr/bin/python3';


export interface TorchInfo {
  torch: string;
  threads: number;
  /** OpenBLAS's kernel family in that process (`openblas_get_config`), when torch's BLAS is OpenBLAS. */
  blas: string | null;
}

export interface TorchRun {
  stepsPerSec: number;
  steps: number;
  loss: number;
}

export interface TorchPeer {
  info: TorchInfo;
  run(command: { model: BenchModelName; seconds: number; minSteps: number; warmup: number; vocab?: number }): Promise<TorchRun>;
  sgemm(n: number, repeats: number): Promise<number>;
  close(): void;
}

/**
 * Starts the PyTorch process with `threads` threads. `openblasCoreType` sets OPENBLAS_CORETYPE for it; undefined
 * leaves OpenBLAS to detect the CPU itself, as a plain `python3` would (whatever this process's environment says).
 */
export async function startTorchPeer(opts: { threads: number; openblasCoreType?: string }): Promise<TorchPeer> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  if (opts.openblasCoreType !== undefined) env.OPENBLAS_CORETYPE = opts.openblasCoreType;
  const child = spawn(SYSTEM_PYTHON, [script, String(opts.threads)], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }[] = [];
  lines.on('line', (line) => waiting.shift()?.resolve(JSON.parse(line) as Record<string, unknown>));
  child.on('close', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${SYSTEM_PYTHON} torch_bench.py exited with ${code}: ${stderr.trim()}`));
  });
  child.on('error', (error) => {
    for (const w of waiting.splice(0)) w.reject(error);
  });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => waiting.push({ resolve, reject }));
  const request = (command: object) => {
    const answer = next();
    child.stdin.write(`${JSON.stringify(command)}\n`);
    return answer;
  };
  const ready = await next();
  return {
    info: { torch: String(ready.torch), threads: Number(ready.threads), blas: typeof ready.blas === 'string' ? ready.blas : null },
    async run(command) {
      const result = await request({ op: 'run', ...command });
      return { stepsPerSec: Number(result.stepsPerSec), steps: Number(result.steps), loss: Number(result.loss) };
    },
    async sgemm(n, repeats) {
      return Number((await request({ op: 'sgemm', n, repeats })).gflops);
    },
    close() {
      child.stdin.end();
    },
  };
}
