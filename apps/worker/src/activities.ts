// createActivities(deps): every activity the job workflow calls, one module per concern, bound to a store.
import type { JobActivities } from '@distillery/workflows';
import { bookkeepingActivities } from './activities/bookkeeping.js';
import type { ActivityDeps } from './activities/deps.js';
import { estimateActivities } from './activities/estimate.js';
import { modelActivities } from './activities/models.js';
import { scorecardActivities } from './activities/scorecard.js';
import { trainingActivities } from './activities/training.js';

export type { ActivityDeps } from './activities/deps.js';

export function createActivities(deps: ActivityDeps) {
  return {
    ...bookkeepingActivities(deps),
    ...estimateActivities(deps),
    ...modelActivities(deps),
    ...trainingActivities(deps),
    ...scorecardActivities(deps),
  } satisfies JobActivities;
}
