// models: the registry of trained, distilled, adapted and quantized models (artifacts of kind "model").
import { ListModelsInput, ModelIdInput } from '@distillery/schemas';
import { NotFoundError } from '@distillery/store';
import { authedProcedure, router } from '../trpc.js';

export const modelsRouter = router({
  list: authedProcedure
    .input(ListModelsInput)
    .query(({ ctx, input }) => ctx.store.listArtifacts({ ...input, kind: 'model' })),

  /** The model's registry entry and its files, each downloadable at GET /models/<id>/<path>. */
  get: authedProcedure.input(ModelIdInput).query(async ({ ctx, input }) => {
    const model = await ctx.store.getArtifact(input.id);
    if (!model || model.kind !== 'model') throw new NotFoundError('model', input.id);
    const files = await ctx.store.listArtifactFiles(model.id);
    return { ...model, files };
  }),
});
