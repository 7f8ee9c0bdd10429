// What the CLI talks to (output streams, environment, working directory; injected so tests capture them) and its exit codes.
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Bad usage: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, jobFailed: 1, apiError: 1, usage: 2 } as const;
