// The `distillery` command: parses the arguments (commander, see program.ts) and runs one command. Returns the exit code.
import { CommanderError } from 'commander';
import { processIo } from './env.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { UnknownPresetError } from './presets.js';
import { buildProgram } from './program.js';
import { SpecFileError } from './spec-file.js';

const HELP_HINT = '(run "distillery --help" for usage)';

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for is a success; help shown because no command was given, and every parse error, are bad usage.
      // Commander has already written the message, naming the flag or argument, and the hint.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\n${HELP_HINT}\n`);
      return EXIT.usage;
    }
    if (err instanceof SpecFileError || err instanceof UnknownPresetError) {
      io.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
