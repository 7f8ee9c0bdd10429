// The command line without an API: generated help, and usage errors that name the bad flag or argument (exit 2).
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (out += t), isTTY: false },
    stderr: { write: (t: string) => (err += t) },
    // Nothing listens here: a test that reached the API would fail with exit 1, not 2.
    env: { DISTILLERY_API_URL: 'http://127.0.0.1:9', DISTILLERY_DATA_DIR: '/nonexistent' },
    cwd: '/',
  });
  return { code, out, err };
}

describe('distillery help', () => {
  it('lists every command with --help or help (exit 0), and on stderr with exit 2 when no command is given', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['submit', 'estimate', 'presets', 'list', 'get', 'watch', 'cancel', 'retry', 'scorecard', 'token', 'upload'])
      expect(help.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.out).toContain('Exit codes: 0 success; 1 the job failed');
    expect((await cli('help')).out).toBe(help.out);
    const bare = await cli();
    expect(bare).toMatchObject({ code: 2, out: '' });
    expect(bare.err).toContain('Usage: distillery [options] [command]');
  });

  it('gives each command its own options', async () => {
    const list = await cli('list', '--help');
    expect(list.code).toBe(0);
    expect(list.out).toContain('--status <status>  only jobs in this status (queued, running, succeeded,');
    expect(list.out).toContain('--limit <n>        how many, 1 to 200 (default: 20)');
    expect((await cli('help', 'scorecard')).out).toContain('distillery scorecard <jobId> --svg > chart.svg');
  });
});

describe('usage errors', () => {
  it('name the flag, the argument or the command, with exit 2 and a pointer to --help', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], "error: unknown command 'frobnicate'"],
      [['list', '--status', 'done'], '--status must be one of queued, running, succeeded, failed, cancelled (got "done")'],
      [['list', '--kind', 'train'], '--kind must be one of distill, lora, quantize, benchmark, pipeline (got "train")'],
      [['list', '--limit', '500'], '--limit must be a whole number from 1 to 200'],
      [['list', '--bogus'], "error: unknown option '--bogus'"],
      [['get'], "error: missing required argument 'jobId'"],
      [['cancel', 'a', 'b'], "error: too many arguments for 'cancel'"],
      [['scorecard', 'job_x', '--svg', '--md'], "error: option '--md' cannot be used with option '--svg'"],
      [['upload', 'rows.csv'], 'cannot tell the kind of "rows.csv" from its extension: pass --kind'],
      [['upload', 'rows.jsonl', '--kind', 'table'], '--kind must be one of classification, text (got "table")'],
      [['submit'], '"submit" takes one spec file (.json, .yaml) or --preset NAME'],
      [['estimate', 'spec.yaml', '--preset', 'mnist-distill'], 'give either a spec file or --preset, not both'],
      [['submit', '--preset', 'no-such-preset'], 'unknown preset "no-such-preset" (known: mnist-distill'],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await cli(...argv);
      expect({ argv, code }).toEqual({ argv, code: 2 });
      expect(err).toContain(message);
    }
    expect((await cli('get', 'a', 'b')).err).toContain('(run "distillery --help" for usage)');
  });

  it('accepts --url and --token before or after the command', async () => {
    const before = await cli('--url', 'http://127.0.0.1:9/', 'get', 'job_000000000000000000000000');
    const after = await cli('get', 'job_000000000000000000000000', '--url', 'http://127.0.0.1:9/', '--token', 't');
    for (const r of [before, after]) {
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: cannot reach the API at http:\/\/127\.0\.0\.1:9\/: /);
    }
  });
});
