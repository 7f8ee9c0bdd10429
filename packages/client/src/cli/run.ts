// The `distillery` command: parses arguments and runs one command against the API. Returns the exit code.
import { scorecardMarkdown, scorecardSvg } from '@distillery/report';
import { JobKindSchema, JobStatus, type JobSpec } from '@distillery/schemas';
import { TRPCClientError } from '@trpc/client';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDistilleryClient, type DistilleryClient } from '../client.js';
import { describeError } from '../errors.js';
import { resolveConnection, type Connection } from './config.js';
import { formatEstimate } from './estimate-format.js';
import { followJob } from './follow.js';
import {
  formatJobDetail,
  formatJobTable,
  formatScorecardText,
  table,
} from './format.js';
import { EXIT, processIo, UsageError, type CliIo } from './io.js';
import { listPresets, presetSpec, UnknownPresetError } from './presets.js';
import { loadSpecFile, SpecFileError } from './spec-file.js';
import { uploadDataset, UploadRefusedError } from '../upload.js';
import { uploadArgs } from './upload-args.js';
import { USAGE } from './usage.js';

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  wait: { type: 'boolean' },
  'idempotency-key': { type: 'string' },
  preset: { type: 'string' },
  status: { type: 'string' },
  kind: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  json: { type: 'boolean' },
  md: { type: 'boolean' },
  svg: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function oneId(positionals: string[], command: string): string {
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError(`"${command}" takes exactly one job id`);
  return id;
}

function enumFlag<T extends string>(
  value: string | undefined,
  flag: string,
  schema: { options: readonly T[] },
): T | undefined {
  if (value === undefined) return undefined;
  if (!(schema.options as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${schema.options.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function write(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The spec a command works on: one spec file, or a preset by name. */
async function specFrom(flags: Flags, positionals: string[], command: string): Promise<JobSpec> {
  if (flags.preset) {
    if (positionals.length) throw new UsageError('give either a spec file or --preset, not both');
    return presetSpec(flags.preset);
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length)
    throw new UsageError(`"${command}" takes one spec file (.json, .yaml) or --preset NAME`);
  return loadSpecFile(file);
}

async function submit(
  client: DistilleryClient,
  flags: Flags,
  positionals: string[],
  io: CliIo,
): Promise<number> {
  const spec = await specFrom(flags, positionals, 'submit');
  const job = await client.jobs.submit.mutate({ spec, idempotencyKey: flags['idempotency-key'] });
  write(io, flags.json ? JSON.stringify(job, null, 2) : job.id);
  return flags.wait ? followJob(client, job.id, io) : EXIT.ok;
}

/** Uploads a data file and prints the dataset name for a spec (stdout), with what was stored (stderr). */
async function upload(flags: Flags, positionals: string[], conn: Connection, io: CliIo): Promise<number> {
  const { file, kind } = uploadArgs(positionals, flags.kind);
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
  if (flags.json) write(io, JSON.stringify(result, null, 2));
  else {
    write(io, result.dataset);
    const size = result.rows !== undefined ? `${result.rows} rows, classes ${(result.classNames ?? []).join(', ')}` : `${result.characters ?? 0} characters`;
    io.stderr.write(`uploaded ${path.basename(file)} as ${kind} (${size}, ${result.bytes} bytes); use it as dataset.name in a spec\n`);
  }
  return EXIT.ok;
}

async function runCommand(
  command: string,
  rest: string[],
  flags: Flags,
  conn: Connection,
  io: CliIo,
): Promise<number> {
  const client = createDistilleryClient({ url: conn.url, token: conn.token });
  switch (command) {
    case 'upload':
      return upload(flags, rest, conn, io);
    case 'submit':
      return submit(client, flags, rest, io);
    case 'estimate': {
      const estimate = await client.jobs.estimate.query({ spec: await specFrom(flags, rest, command) });
      write(io, flags.json ? JSON.stringify(estimate, null, 2) : formatEstimate(estimate));
      return EXIT.ok;
    }
    case 'presets': {
      const presets = listPresets();
      write(
        io,
        presets.length
          ? table(
              ['NAME', 'KIND', 'TITLE'],
              presets.map((p) => [p.name, p.spec.kind, p.title]),
            )
          : 'no presets',
      );
      return EXIT.ok;
    }
    case 'list': {
      const limit = flags.limit === undefined ? 20 : Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new UsageError('--limit must be a whole number from 1 to 200');
      const page = await client.jobs.list.query({
        limit,
        cursor: flags.cursor,
        status: enumFlag(flags.status, 'status', JobStatus),
        kind: enumFlag(flags.kind, 'kind', JobKindSchema),
      });
      if (flags.json) write(io, JSON.stringify(page, null, 2));
      else
        write(
          io,
          formatJobTable(page.items) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''),
        );
      return EXIT.ok;
    }
    case 'get': {
      const job = await client.jobs.get.query({ id: oneId(rest, command) });
      write(io, flags.json ? JSON.stringify(job, null, 2) : formatJobDetail(job));
      return EXIT.ok;
    }
    case 'watch':
      return followJob(client, oneId(rest, command), io);
    case 'cancel': {
      const job = await client.jobs.cancel.mutate({ id: oneId(rest, command) });
      write(
        io,
        `${job.id} ${job.status === 'cancelled' ? 'cancelled' : `cancellation requested (status ${job.status})`}`,
      );
      return EXIT.ok;
    }
    case 'retry': {
      const job = await client.jobs.retry.mutate({ id: oneId(rest, command) });
      write(io, job.id);
      return flags.wait ? followJob(client, job.id, io) : EXIT.ok;
    }
    case 'scorecard': {
      if ([flags.json, flags.md, flags.svg].filter(Boolean).length > 1)
        throw new UsageError('choose one of --json, --md and --svg');
      const card = await client.scorecards.getByJob.query({ id: oneId(rest, command) });
      write(
        io,
        flags.json
          ? JSON.stringify(card, null, 2)
          : flags.md
            ? scorecardMarkdown(card)
            : flags.svg
              ? scorecardSvg(card)
              : formatScorecardText(card),
      );
      return EXIT.ok;
    }
    case 'token': {
      const [sub, ...names] = rest;
      if (sub !== 'create' || names.length === 0)
        throw new UsageError('usage: distillery token create <name>');
      const { token, secret } = await client.tokens.create.mutate({ name: names.join(' ') });
      write(io, `created token ${token.id} "${token.name}"; its secret is shown only now:\n${secret}`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const { values: flags, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (flags.help || !command || command === 'help') {
      write(io, USAGE);
      return command || flags.help ? EXIT.ok : EXIT.usage;
    }
    const conn = resolveConnection({ url: flags.url, token: flags.token }, io.env, io.cwd);
    try {
      return await runCommand(command, rest, flags, conn, io);
    } catch (err) {
      if (!(err instanceof TRPCClientError)) throw err;
      const code = (err.data as { code?: string } | undefined)?.code;
      let text = describeError(err);
      if (code === 'UNAUTHORIZED')
        text += `\n  (token from ${conn.tokenSource}; set DISTILLERY_TOKEN or pass --token)`;
      if (!code) text = `cannot reach the API at ${conn.url}: ${err.message}`;
      io.stderr.write(`error: ${text}\n`);
      return EXIT.apiError;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\nrun "distillery --help" for usage\n`);
      return EXIT.usage;
    }
    if (err instanceof SpecFileError || err instanceof UnknownPresetError) {
      io.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
