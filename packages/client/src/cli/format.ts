// Text the CLI prints: job tables and details, durations, money, and scorecards as text or Markdown.
import type { Job, Scorecard } from '@distillery/schemas';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Dollars with enough digits that tiny per-job costs are not shown as $0.00. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2)}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
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

function qualityText(c: Scorecard['candidates'][number]): string {
  const q = c.quality;
  if (q.metric === 'accuracy') return `${((q.accuracy ?? q.value) * 100).toFixed(2)}% acc`;
  return `${(q.bitsPerChar ?? -q.value).toFixed(3)} bpc`;
}

function candidateRows(card: Scorecard): string[][] {
  return card.candidates.map((c) => [
    `${c.name}${c.modelId === card.baselineId ? ' (baseline)' : ''}${card.paretoFrontier.includes(c.modelId) ? ' *' : ''}`,
    c.role,
    qualityText(c),
    formatBytes(c.sizeBytes),
    `${c.latencyMs.p50.toFixed(2)} / ${c.latencyMs.p99.toFixed(2)} ms`,
    `${Math.round(c.throughputPerSec)}/s`,
    formatUsd(c.inferenceCostPerMillionUsd),
    formatUsd(c.trainingCostUsd),
    c.vsBaseline.headline,
  ]);
}

const CANDIDATE_HEADER = [
  'CANDIDATE',
  'ROLE',
  'QUALITY',
  'SIZE',
  'P50 / P99',
  'THROUGHPUT',
  '$/1M',
  'TRAIN $',
  'VS BASELINE',
];

export function formatScorecardText(card: Scorecard): string {
  return [
    `${card.title}  (${card.id}${card.published ? ', published' : ''})`,
    card.headline,
    // The headline often is the verdict; print it once.
    ...(card.verdict.summary === card.headline ? [] : [`verdict: ${card.verdict.summary}`]),
    '',
    table(CANDIDATE_HEADER, candidateRows(card)),
    '* on the Pareto frontier of quality against inference cost',
    '',
    `cost: estimated ${formatUsd(card.provenance.estimatedCostUsd)}, measured ${formatUsd(card.provenance.measuredCostUsd)}`,
  ].join('\n');
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

export function formatScorecardMarkdown(card: Scorecard): string {
  const p = card.provenance;
  const rows = candidateRows(card);
  return [
    `# ${card.title}`,
    '',
    `**${card.headline}**`,
    '',
    `Verdict (quality budget ${(card.verdict.maxRelativeDrop * 100).toFixed(1)}%): ${card.verdict.summary}`,
    '',
    `| ${CANDIDATE_HEADER.join(' | ')} |`,
    `|${CANDIDATE_HEADER.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
    '',
    '\\* on the Pareto frontier of quality against inference cost.',
    '',
    '## Provenance',
    '',
    `- scorecard: \`${card.id}\`${card.published ? ` (published ${card.publishedAt ?? ''})` : ''}`,
    `- job: \`${card.jobId}\`, ${p.spec.kind}`,
    `- code version: \`${p.codeVersion}\`; backend ${p.backend} on ${p.device} (${p.hardware}); seed ${p.seed}`,
    `- dataset hash: \`${p.datasetHash}\``,
    `- price: ${formatUsd(p.priceTable[p.device].pricePerHourUsd)}/hour (${p.priceTable[p.device].source})`,
    `- cost: estimated ${formatUsd(p.estimatedCostUsd)}, measured ${formatUsd(p.measuredCostUsd)}`,
    '',
  ].join('\n');
}
