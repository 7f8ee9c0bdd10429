// Text the CLI prints: job tables and details, and scorecards as text; figures are formatted by @distillery/report.
import {
  formatDuration as formatDurationIn,
  formatUsd,
  SCORECARD_CANDIDATE_HEADER,
  scorecardCandidateRows,
  textTable,
} from '@distillery/report';
import type { Job, Scorecard } from '@distillery/schemas';

/** The CLI prints durations compactly ("3m05s"): they share columns with ids and counts. */
export const formatDuration = (seconds: number): string => formatDurationIn(seconds, 'compact');

export const table = textTable;

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

