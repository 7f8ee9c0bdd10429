// The CLI's process: its output streams, environment and working directory (the one place the CLI reads process.env).
import type { CliIo } from './io.js';

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
