// Runs the PyTorch twin (bench/pytorch_mlp.py) under Debian's /usr/bin/python3 and reads its one-line JSON result.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PytorchResult {
  stepsPerSec: number;
  steps: number;
  threads: number;
  torch: string;
  finalLoss: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Debian's python3-torch installs for /usr/bin/python3, not the pyenv python3 that may come first on PATH. */
export const SYSTEM_PYTHON = process.env.DISTILLERY_BENCH_PYTHON ?? '/usr/bin/python3';

export async function runPytorchMlp(opts: { mnistDir: string; steps: number; warmup: number; batch: number; seed: number }): Promise<PytorchResult> {
  const args = [
    path.join(here, 'pytorch_mlp.py'),
    '--mnist-dir',
    opts.mnistDir,
    '--steps',
    String(opts.steps),
    '--warmup',
    String(opts.warmup),
    '--batch',
    String(opts.batch),
    '--seed',
    String(opts.seed),
  ];
  const child = spawn(SYSTEM_PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`${SYSTEM_PYTHON} pytorch_mlp.py exited with ${code}: ${stderr.trim().slice(-800)}`);
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as PytorchResult;
}
