// The scorecard as a Markdown report (served as <id>.md and printed by `distillery scorecard --md`).
import type { Scorecard } from '@distillery/schemas';
import { formatPercent, formatUsd } from './format.js';
import { SCORECARD_CANDIDATE_HEADER, scorecardCandidateRows } from './scorecard-table.js';

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

export function scorecardMarkdown(card: Scorecard): string {
  const p = card.provenance;
  const header = SCORECARD_CANDIDATE_HEADER;
  const price = p.priceTable[p.device];
  return [
    `# ${card.title}`,
    '',
    `**${card.headline}**`,
    '',
    `Verdict (quality budget ${formatPercent(card.verdict.maxRelativeDrop)}): ${card.verdict.summary}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...scorecardCandidateRows(card).map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
    '',
    '\\* on the Pareto frontier of quality against inference cost.',
    '',
    '## Provenance',
    '',
    `- scorecard: \`${card.id}\`${card.published ? ` (published ${card.publishedAt ?? ''})` : ''}`,
    `- job: \`${card.jobId}\`, ${p.spec.kind}`,
    `- code version: \`${p.codeVersion}\`; backend ${p.backend} on ${p.device} (${p.hardware}); seed ${p.seed}`,
    `- dataset hash: \`${p.datasetHash}\``,
    `- price: ${formatUsd(price.pricePerHourUsd)}/hour (${price.source})`,
    `- cost: estimated ${formatUsd(p.estimatedCostUsd)}, measured ${formatUsd(p.measuredCostUsd)}`,
    '',
  ].join('\n');
}
