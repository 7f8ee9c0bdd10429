// The whole API: one router per resource, merged; `AppRouter` is the type the typed client is built from.
import { router } from '../trpc.js';
import { jobsRouter } from './jobs.js';
import { modelsRouter } from './models.js';
import { scorecardsRouter } from './scorecards.js';
import { tokensRouter } from './tokens.js';

export const appRouter = router({
  jobs: jobsRouter,
  scorecards: scorecardsRouter,
  models: modelsRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
