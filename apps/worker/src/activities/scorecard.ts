// The last step of every job: price each candidate, assemble the scorecard, store it and report its headline.
import { inferenceCostPerMillionUsd, trainingCostUsd } from '@distillery/ml';
import { planJob, type JobActivities } from '@distillery/workflows';
import { priceTableForJob } from '../pricing.js';
import { assembleScorecard } from '../scorecard/assemble.js';
import type { ActivityDeps } from './deps.js';

export function scorecardActivities(deps: ActivityDeps): Pick<JobActivities, 'buildScorecard'> {
  return {
    async buildScorecard(input) {
      const { spec } = input;
      const plan = planJob(spec);
      const device = spec.device;
      const priceTable = priceTableForJob(deps.priceTable, device, plan);
      const costs = input.candidates.map((c, i) => ({
        trainingCostUsd: trainingCostUsd(c.trainingDeviceSeconds, device, priceTable),
        inferenceCostPerMillionUsd: inferenceCostPerMillionUsd(input.measurements[i]!.throughputPerSec, device, priceTable),
      }));
      const deviceSeconds = Object.values(input.wallSeconds).reduce((sum, s) => sum + s, 0);
      const measuredCostUsd = trainingCostUsd(deviceSeconds, device, priceTable);
      const body = assembleScorecard({
        jobId: input.jobId,
        spec,
        createdAt: new Date().toISOString(),
        candidates: input.candidates,
        measurements: input.measurements,
        costs,
        priceTable,
        device,
        codeVersion: deps.codeVersion,
        title: plan.title,
        seed: plan.seed,
        maxRelativeDrop: plan.maxRelativeDrop,
        wallSeconds: input.wallSeconds,
        estimatedCostUsd: input.estimatedCostUsd,
        measuredCostUsd,
      });
      const scorecard = await deps.store.putScorecard(body);
      await deps.store.appendEvent(input.jobId, {
        type: 'log',
        stage: 'scorecard',
        metrics: { measuredCostUsd, estimatedCostUsd: input.estimatedCostUsd, deviceSeconds },
        message: `scorecard ${scorecard.id}: ${body.headline}`.slice(0, 4000),
      });
      return { scorecardId: scorecard.id, costUsd: measuredCostUsd, headline: body.headline };
    },
  };
}
