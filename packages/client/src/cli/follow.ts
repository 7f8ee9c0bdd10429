// Follows a job to its end with a live progress bar, then prints the outcome and the scorecard headline.
import type { Job } from '@distillery/schemas';
import type { DistilleryClient } from '../client.js';
import { waitForJob } from '../wait.js';
import { formatDuration } from './format.js';
import { EXIT, type CliIo } from './io.js';
import { ProgressTracker, renderProgressBar } from './progress.js';

/** Non-TTY output (logs, CI) gets a line per stage change or per 10% instead of a redrawn bar. */
export async function followJob(client: DistilleryClient, jobId: string, io: CliIo): Promise<number> {
  const tracker = new ProgressTracker();
  const tty = io.stdout.isTTY === true;
  let barShown = false;
  let lastPrinted = { stage: '', decile: -1 };
  const started = Date.now();
  // Fails fast (unknown id, bad token, API down) before opening a stream that would keep reconnecting.
  await client.jobs.get.query({ id: jobId });

  const clearBar = () => {
    if (tty && barShown) io.stdout.write('\r\x1b[2K');
    barShown = false;
  };

  const job: Job = await waitForJob(client, jobId, (event) => {
    const state = tracker.apply(event);
    if (event.type === 'status' || event.type === 'log' || event.type === 'artifact') {
      clearBar();
      const text =
        event.type === 'status'
          ? `status ${event.status ?? '?'}${event.message ? `: ${event.message}` : ''}`
          : event.type === 'artifact'
            ? `artifact ${event.artifactId ?? ''}${event.message ? ` ${event.message}` : ''}`
            : (event.message ?? '');
      io.stdout.write(`${text}\n`);
    }
    if (event.type !== 'progress') return;
    if (tty) {
      io.stdout.write(`\r\x1b[2K${renderProgressBar(state)}`);
      barShown = true;
      return;
    }
    const decile = state.total > 0 ? Math.floor((10 * state.step) / state.total) : 0;
    if (state.stage !== lastPrinted.stage || decile !== lastPrinted.decile) {
      lastPrinted = { stage: state.stage ?? '', decile };
      io.stdout.write(`${renderProgressBar(state)}\n`);
    }
  });
  clearBar();

  const wall = formatDuration((Date.now() - started) / 1000);
  io.stdout.write(`job ${job.id} ${job.status} after ${wall}${job.error ? `: ${job.error}` : ''}\n`);
  if (job.status === 'succeeded') {
    const card = await client.scorecards.getByJob.query({ id: job.id }).catch(() => null);
    if (card) io.stdout.write(`scorecard ${card.id}: ${card.headline}\n`);
    return EXIT.ok;
  }
  return EXIT.jobFailed;
}
