import type { JobDefinition } from '../jobs/jobs.service.ts';
import { refreshRegionStats } from '../regions/statistics.service.ts';
import { seedOptionsSchema, seedPopulation, type SeedOptions, type SeedResult } from './synthetic.service.ts';

/** The background job behind `tepat seed` (and the first-start demo): generates and loads a population. */
export const syntheticSeedJob: JobDefinition<SeedOptions, SeedResult> = {
  name: 'synthetic.seed',
  payload: seedOptionsSchema.strict(),
  // The load is one transaction, so a failure leaves nothing behind; the failures that remain (regions missing,
  // a population already loaded) would fail again, so the operator re-runs rather than the runner retrying.
  maxAttempts: 1,
  run: async (ctx, payload) => {
    const result = await seedPopulation(ctx.database, payload, (done, total, message) =>
      ctx.progress(done, total, message),
    );
    // The area figures (households, persons per region) follow the new registry at once; desil come with the ranking.
    await refreshRegionStats(ctx.database.db);
    return result;
  },
};
