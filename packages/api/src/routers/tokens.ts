// tokens: create (the secret is returned once), list, revoke.
import { CreateTokenInput, TokenIdInput } from '@distillery/schemas';
import { PreconditionFailedError } from '../errors.js';
import { authedProcedure, router } from '../trpc.js';

export const tokensRouter = router({
  /** The only time the secret is ever shown; the store keeps its hash. */
  create: authedProcedure
    .input(CreateTokenInput)
    .mutation(({ ctx, input }) => ctx.store.createToken(input.name)),

  list: authedProcedure.query(({ ctx }) => ctx.store.listTokens()),

  revoke: authedProcedure.input(TokenIdInput).mutation(async ({ ctx, input }) => {
    const active = (await ctx.store.listTokens()).filter((t) => t.revokedAt === null);
    // Revoking the last active token would lock everyone out: no first-run token is made while tokens exist.
    if (active.length === 1 && active[0]?.id === input.id) {
      throw new PreconditionFailedError('refusing to revoke the last active token; create another one first');
    }
    return ctx.store.revokeToken(input.id);
  }),
});
