// Text the CLI prints: job tables and details, durations, money, and scorecards as text or Markdown.
import {
  formatBytes,
  formatUsd,
  SCORECARD_CANDIDATE_HEADER,
  scorecardCandidateRows,
  scorecardMarkdown,
  type Job,
  type Scorecard,
} from '@distillery/schemas';

// Money, sizes and the scorecard Markdown live in schemas so the API, CLI and console share one implementation.
export { formatBytes, formatUsd };

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Left-aligned columns separated by two spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function progressText(job: Job): string {
  const p = job.progress;
  if (!p || p.total === 0) return '';
  return `${p.stage ? `${p.stage} ` : ''}${p.step}/${p.total}`;
}

export function formatJobTable(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'no jobs';
  return table(
    ['ID', 'KIND', 'STATUS', 'CREATED', 'PROGRESS', 'NAME'],
    jobs.map((j) => [
      j.id,
      j.kind,
      j.status,
      j.createdAt.replace('T', ' ').slice(0, 19),
      progressText(j),
      j.name,
    ]),
  );
}

export function formatJobDetail(job: Job): string {
  const rows: [string, string | null][] = [
    ['id', job.id],
    ['name', job.name],
    ['kind', job.kind],
    ['status', job.status],
    ['device', job.device],
    ['progress', progressText(job) || null],
    ['error', job.error],
    ['retry of', job.retryOf],
    ['idempotency key', job.idempotencyKey],
    ['scorecard', job.scorecardId],
    ['cost', job.costUsd === null ? null : formatUsd(job.costUsd)],
    ['created', job.createdAt],
    ['started', job.startedAt],
    ['finished', job.finishedAt],
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== null && r[1] !== '')
    .map(([k, v]) => `${`${k}:`.padEnd(17)}${v}`)
    .join('\n');
}

export function formatScorecardText(card: Scorecard): string {
  return [
    `${card.title}  (${card.id}${card.published ? ', published' : ''})`,
    card.headline,
    // The headline often is the verdict; print it once.
    ...(card.verdict.summary === card.headline ? [] : [`verdict: ${card.verdict.summary}`]),
    '',
    table([...SCORECARD_CANDIDATE_HEADER], scorecardCandidateRows(card)),
    '* on the Pareto frontier of quality against inference cost',
    '',
    `cost: estimated ${formatUsd(card.provenance.estimatedCostUsd)}, measured ${formatUsd(card.provenance.measuredCostUsd)}`,
  ].join('\n');
}

export const formatScorecardMarkdown = scorecardMarkdown;
