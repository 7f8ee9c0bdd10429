// scorecards: list, get, getByJob, publish. Published scorecards are readable without a token.
import { JobIdInput, ListScorecardsInput, ScorecardIdInput } from '@distillery/schemas';
import { NotFoundError } from '@distillery/store';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';

/** True when the request carries a valid token; public reads of published scorecards do not need one. */
async function isAuthenticated(ctx: Context): Promise<boolean> {
  return ctx.token !== null && (await ctx.store.verifyToken(ctx.token)) !== null;
}

const needsToken = (what: string) =>
  new TRPCError({ code: 'UNAUTHORIZED', message: `a bearer token is required to read ${what}` });

export const scorecardsRouter = router({
  /** Without a token only published scorecards are listed (publishedOnly must be true). */
  list: publicProcedure.input(ListScorecardsInput).query(async ({ ctx, input }) => {
    if (!input.publishedOnly && !(await isAuthenticated(ctx))) throw needsToken('unpublished scorecards');
    return ctx.store.listScorecards(input);
  }),

  get: publicProcedure.input(ScorecardIdInput).query(async ({ ctx, input }) => {
    const card = await ctx.store.getScorecard(input.id);
    if (card?.published) return card;
    if (!(await isAuthenticated(ctx))) throw needsToken('an unpublished scorecard');
    if (!card) throw new NotFoundError('scorecard', input.id);
    return card;
  }),

  getByJob: authedProcedure.input(JobIdInput).query(async ({ ctx, input }) => {
    const card = await ctx.store.getScorecardByJob(input.id);
    if (!card) throw new NotFoundError('scorecard for job', input.id);
    return card;
  }),

  /** Makes a scorecard public; its content, addressed by hash, can never change afterwards. */
  publish: authedProcedure
    .input(ScorecardIdInput)
    .mutation(({ ctx, input }) => ctx.store.publishScorecard(input.id)),
});
