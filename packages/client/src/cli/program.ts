// The `distillery` command tree (commander): every command with its own arguments, options and generated help.
import { scorecardMarkdown, scorecardSvg } from '@distillery/report';
import { JobKindSchema, JobStatus, UploadKind, type JobSpec } from '@distillery/schemas';
import { TRPCClientError } from '@trpc/client';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDistilleryClient, type DistilleryClient } from '../client.js';
import { describeError } from '../errors.js';
import { uploadDataset, UploadRefusedError } from '../upload.js';
import { resolveConnection, type Connection } from './config.js';
import { formatEstimate } from './estimate-format.js';
import { followJob } from './follow.js';
import { formatJobDetail, formatJobTable, formatScorecardText, table } from './format.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { listPresets, presetSpec } from './presets.js';
import { loadSpecFile } from './spec-file.js';
import { uploadKindOf } from './upload-args.js';

/** Options every command takes: where the API is and who is asking. */
interface ConnectionOptions {
  url?: string;
  token?: string;
}

/** What an action gets: the connection, a client on it, and where to write. */
interface CommandContext {
  conn: Connection;
  client: DistilleryClient;
  io: CliIo;
}

/** Receives the exit code an action ends with; commander itself only reports usage errors (thrown, exitOverride). */
type ExitSink = (code: number) => void;

const EXIT_CODES_HELP = `
Connection: --url defaults to $DISTILLERY_API_URL, else http://localhost:4000; --token to $DISTILLERY_TOKEN, else the
admin token in <$DISTILLERY_DATA_DIR or the repo's .data>/admin-token.

Exit codes: 0 success; 1 the job failed or was cancelled, or the API refused; 2 bad usage, a bad spec file or a data
file the API refused.`;

/** An option value that must be one of a zod enum's options; the error names the flag and the choices. */
function oneOf<T extends string>(flag: string, values: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${flag} must be one of ${values.join(', ')} (got "${value}")`);
    return value as T;
  };
}

function pageLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw new InvalidArgumentError('--limit must be a whole number from 1 to 200');
  return limit;
}

/** What the API said, with a hint where the fix is the user's (a token) or the API is not there at all. */
function apiErrorText(err: Error & { data?: unknown }, conn: Connection): string {
  const code = (err.data as { code?: string } | undefined)?.code;
  if (!code) return `cannot reach the API at ${conn.url}: ${err.message}`;
  const text = describeError(err);
  return code === 'UNAUTHORIZED' ? `${text}\n  (token from ${conn.tokenSource}; set DISTILLERY_TOKEN or pass --token)` : text;
}

function write(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The spec a command works on: one spec file, or a preset by name. */
async function specFrom(file: string | undefined, preset: string | undefined, command: string): Promise<JobSpec> {
  if (preset !== undefined) {
    if (file !== undefined) throw new UsageError('give either a spec file or --preset, not both');
    return presetSpec(preset);
  }
  if (file === undefined) throw new UsageError(`"${command}" takes one spec file (.json, .yaml) or --preset NAME`);
  return loadSpecFile(file);
}

/** Uploads a data file and prints the dataset name for a spec (stdout), with what was stored (stderr). */
async function upload(ctx: CommandContext, file: string, kindFlag: UploadKind | undefined, json: boolean): Promise<number> {
  const { conn, io } = ctx;
  const kind = uploadKindOf(file, kindFlag);
  let body: Buffer;
  try {
    body = await readFile(path.resolve(io.cwd, file));
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let result;
  try {
    result = await uploadDataset({ url: conn.url, token: conn.token, kind, name: path.basename(file), body });
  } catch (err) {
    if (err instanceof UploadRefusedError) {
      const problems = err.problems.filter((p) => !err.message.endsWith(p.message)).map((p) => `  ${p.message}`);
      const hint = err.status === 401 ? [`  (token from ${conn.tokenSource}; set DISTILLERY_TOKEN or pass --token)`] : [];
      io.stderr.write(`error: ${[err.message, ...problems, ...hint].join('\n')}\n`);
      // A file the API found bad is the user's to fix, like a bad spec file.
      return err.status === 400 ? EXIT.usage : EXIT.apiError;
    }
    if (err instanceof TypeError) {
      io.stderr.write(`error: cannot reach the API at ${conn.url}: ${err.message}\n`);
      return EXIT.apiError;
    }
    throw err;
  }
  if (json) write(io, JSON.stringify(result, null, 2));
  else {
    write(io, result.dataset);
    const size =
      result.rows !== undefined
        ? `${result.rows} rows, classes ${(result.classNames ?? []).join(', ')}`
        : `${result.characters ?? 0} characters`;
    io.stderr.write(
      `uploaded ${path.basename(file)} as ${kind} (${size}, ${result.bytes} bytes); use it as dataset.name in a spec\n`,
    );
  }
  return EXIT.ok;
}

/** Builds the program; actions report their exit code through `onExit`. */
export function buildProgram(io: CliIo, onExit: ExitSink): Command {
  const program = new Command('distillery')
    .description('Submit and follow Distillery jobs; read their scorecards.')
    .option('--url <url>', 'API base URL')
    .option('--token <token>', 'bearer token')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run "distillery --help" for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const command = (name: string) => program.command(name);
  /** Wraps an action: resolves the connection when it runs (so --help never reads the token file), maps API refusals. */
  const run =
    <A extends unknown[]>(action: (ctx: CommandContext, ...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      const conn = resolveConnection(program.opts<ConnectionOptions>(), io.env, io.cwd);
      const client = createDistilleryClient({ url: conn.url, token: conn.token });
      try {
        onExit(await action({ conn, client, io }, ...args));
      } catch (err) {
        if (!(err instanceof TRPCClientError)) throw err;
        io.stderr.write(`error: ${apiErrorText(err, conn)}\n`);
        onExit(EXIT.apiError);
      }
    };

  command('submit')
    .description('submit a job spec (or a preset); prints the job id')
    .argument('[spec]', 'spec file, .json or .yaml')
    .option('--preset <name>', 'submit a ready-made spec (see "distillery presets")')
    .option('--wait', 'follow the job until it ends; exit 1 if it fails')
    .option('--idempotency-key <key>', 'resubmitting with the same key returns the same job')
    .option('--json', 'print the job as JSON')
    .action(
      run(async ({ client }, file: string | undefined, opts: { preset?: string; wait?: boolean; idempotencyKey?: string; json?: boolean }) => {
        const spec = await specFrom(file, opts.preset, 'submit');
        const job = await client.jobs.submit.mutate({ spec, idempotencyKey: opts.idempotencyKey });
        write(io, opts.json ? JSON.stringify(job, null, 2) : job.id);
        return opts.wait ? followJob(client, job.id, io) : EXIT.ok;
      }),
    );

  command('estimate')
    .description("a worker's pre-run estimate of a spec's device time and cost; submits nothing")
    .argument('[spec]', 'spec file, .json or .yaml')
    .option('--preset <name>', 'estimate a ready-made spec')
    .option('--json', 'print the estimate as JSON')
    .action(
      run(async ({ client }, file: string | undefined, opts: { preset?: string; json?: boolean }) => {
        const estimate = await client.jobs.estimate.query({ spec: await specFrom(file, opts.preset, 'estimate') });
        write(io, opts.json ? JSON.stringify(estimate, null, 2) : formatEstimate(estimate));
        return EXIT.ok;
      }),
    );

  command('presets')
    .description('list the presets')
    .action(() => {
      const presets = listPresets();
      write(io, presets.length ? table(['NAME', 'KIND', 'TITLE'], presets.map((p) => [p.name, p.spec.kind, p.title])) : 'no presets');
      onExit(EXIT.ok);
    });

  command('list')
    .description('list jobs, newest first')
    .addOption(new Option('--status <status>', `only jobs in this status (${JobStatus.options.join(', ')})`).argParser(oneOf('--status', JobStatus.options)))
    .addOption(new Option('--kind <kind>', `only jobs of this kind (${JobKindSchema.options.join(', ')})`).argParser(oneOf('--kind', JobKindSchema.options)))
    .addOption(new Option('--limit <n>', 'how many, 1 to 200').argParser(pageLimit).default(20))
    .option('--cursor <cursor>', 'the next page, as the previous page printed it')
    .option('--json', 'print the page as JSON')
    .action(
      run(async ({ client }, opts: { status?: JobStatus; kind?: JobSpec['kind']; limit: number; cursor?: string; json?: boolean }) => {
        const page = await client.jobs.list.query({ limit: opts.limit, cursor: opts.cursor, status: opts.status, kind: opts.kind });
        if (opts.json) write(io, JSON.stringify(page, null, 2));
        else write(io, formatJobTable(page.items) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''));
        return EXIT.ok;
      }),
    );

  command('get')
    .description('show a job')
    .argument('<jobId>')
    .option('--json', 'print the job as JSON')
    .action(
      run(async ({ client }, id: string, opts: { json?: boolean }) => {
        const job = await client.jobs.get.query({ id });
        write(io, opts.json ? JSON.stringify(job, null, 2) : formatJobDetail(job));
        return EXIT.ok;
      }),
    );

  command('watch')
    .description("follow a job's progress until it ends; exit 1 if it fails or is cancelled")
    .argument('<jobId>')
    .action(run(async ({ client }, id: string) => followJob(client, id, io)));

  command('cancel')
    .description('cancel a job')
    .argument('<jobId>')
    .action(
      run(async ({ client }, id: string) => {
        const job = await client.jobs.cancel.mutate({ id });
        write(io, `${job.id} ${job.status === 'cancelled' ? 'cancelled' : `cancellation requested (status ${job.status})`}`);
        return EXIT.ok;
      }),
    );

  command('retry')
    .description('submit a failed or cancelled job again; prints the new job id')
    .argument('<jobId>')
    .option('--wait', 'follow the new job until it ends')
    .action(
      run(async ({ client }, id: string, opts: { wait?: boolean }) => {
        const job = await client.jobs.retry.mutate({ id });
        write(io, job.id);
        return opts.wait ? followJob(client, job.id, io) : EXIT.ok;
      }),
    );

  command('scorecard')
    .description("show a job's scorecard: a table, the whole JSON, Markdown, or an SVG Pareto chart")
    .argument('<jobId>')
    .addOption(new Option('--json', 'print the scorecard as JSON').conflicts(['md', 'svg']))
    .addOption(new Option('--md', 'print a Markdown report').conflicts(['json', 'svg']))
    .addOption(new Option('--svg', 'print the Pareto chart as SVG').conflicts(['json', 'md']))
    .addHelpText('after', '\nExample: distillery scorecard <jobId> --svg > chart.svg')
    .action(
      run(async ({ client }, id: string, opts: { json?: boolean; md?: boolean; svg?: boolean }) => {
        const card = await client.scorecards.getByJob.query({ id });
        const render = opts.json
          ? JSON.stringify(card, null, 2)
          : opts.md
            ? scorecardMarkdown(card)
            : opts.svg
              ? scorecardSvg(card)
              : formatScorecardText(card);
        write(io, render);
        return EXIT.ok;
      }),
    );

  const token = command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token (its secret is shown once)')
    .argument('<name...>', 'a name to recognise it by')
    .action(
      run(async ({ client }, names: string[]) => {
        const { token: created, secret } = await client.tokens.create.mutate({ name: names.join(' ') });
        write(io, `created token ${created.id} "${created.name}"; its secret is shown only now:\n${secret}`);
        return EXIT.ok;
      }),
    );

  command('upload')
    .description(
      'upload your own data (JSONL {text,label} or {features,label} rows, or plain text for a language model);\nprints upload:<id> for a spec\'s dataset.name',
    )
    .argument('<file>', '.jsonl (classification) or .txt (text)')
    .addOption(new Option('--kind <kind>', `what the file holds (${UploadKind.options.join(', ')}); default from the extension`).argParser(oneOf('--kind', UploadKind.options)))
    .option('--json', 'print what was stored as JSON')
    .action(run(async (ctx, file: string, opts: { kind?: UploadKind; json?: boolean }) => upload(ctx, file, opts.kind, opts.json === true)));

  return program;
}
