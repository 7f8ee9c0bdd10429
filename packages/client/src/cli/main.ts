// Process entry of the `distillery` CLI (bin/distillery.js loads it through tsx).
import { processIo } from './env.js';
import { runCli } from './run.js';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('distillery: unexpected error:', err);
    process.exitCode = 1;
  },
);
