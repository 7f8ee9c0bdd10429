// The code version a result cites: `git describe` of the checkout, else the worker package's version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function detectCodeVersion(): string {
  try {
    const described = execFileSync('git', ['describe', '--always', '--dirty', '--tags'], {
      cwd: new URL('.', import.meta.url),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString()
      .trim();
    if (described !== '') return `git ${described}`.slice(0, 80);
  } catch {
    // Not a git checkout (an installed package): fall back to the version below.
  }
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `@distillery/worker ${pkg.version ?? 'unknown'}`;
}
