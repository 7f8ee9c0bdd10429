// jobs: submit, list, get, cancel, retry, the pre-run estimate, and the live events subscription (SSE).
import {
  EstimateJobInput,
  JobEventsInput,
  JobIdInput,
  ListJobsInput,
  SubmitJobInput,
} from '@distillery/schemas';
import { tracked, TRPCError } from '@trpc/server';
import { jobEventStream } from '../services/event-stream.js';
import { estimateSpec } from '../services/job-estimate.js';
import { cancelJob, getJobOrThrow, retryJob, submitJob } from '../services/jobs-service.js';
import { authedProcedure, router } from '../trpc.js';

export const jobsRouter = router({
  submit: authedProcedure.input(SubmitJobInput).mutation(({ ctx, input }) => submitJob(ctx, input)),

  /**
   * Device time and cost a spec should take, computed by a worker of its device before anything is recorded.
   * SERVICE_UNAVAILABLE when no worker answers within a few seconds; BAD_REQUEST with field errors for a bad spec.
   */
  estimate: authedProcedure.input(EstimateJobInput).query(({ ctx, input }) => estimateSpec(ctx, input.spec)),

  list: authedProcedure.input(ListJobsInput).query(({ ctx, input }) => ctx.store.listJobs(input)),

  get: authedProcedure.input(JobIdInput).query(({ ctx, input }) => getJobOrThrow(ctx.store, input.id)),

  cancel: authedProcedure.input(JobIdInput).mutation(({ ctx, input }) => cancelJob(ctx, input.id)),

  /** A new job with the same spec, linked to the original by `retryOf`. */
  retry: authedProcedure.input(JobIdInput).mutation(({ ctx, input }) => retryJob(ctx, input.id)),

  /**
   * Every event after `afterSeq` (or after `lastEventId` when the SSE link reconnects), then live ones;
   * ends once the job is terminal and all its events were sent. Each event's SSE id is its seq.
   */
  events: authedProcedure.input(JobEventsInput).subscription(async function* ({ ctx, input, signal }) {
    if (!(await ctx.store.getJob(input.id)))
      throw new TRPCError({ code: 'NOT_FOUND', message: `job ${input.id} not found` });
    const afterSeq = input.lastEventId != null ? Number(input.lastEventId) : input.afterSeq;
    for await (const event of jobEventStream(ctx.store, input.id, afterSeq, { signal })) {
      yield tracked(String(event.seq), event);
    }
  }),
});
