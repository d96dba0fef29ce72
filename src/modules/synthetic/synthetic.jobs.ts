import type { JobDefinition } from '../jobs/jobs.service.ts';
import { seedOptionsSchema, seedPopulation, type SeedOptions, type SeedResult } from './synthetic.service.ts';

/** The background job behind `tepat seed` (and the first-start demo): generates and loads a population. */
export const syntheticSeedJob: JobDefinition<SeedOptions, SeedResult> = {
  name: 'synthetic.seed',
  payload: seedOptionsSchema.strict(),
  // The load is one transaction, so a failure leaves nothing behind; the failures that remain (regions missing,
  // a population already loaded) would fail again, so the operator re-runs rather than the runner retrying.
  maxAttempts: 1,
  run: (ctx, payload) =>
    seedPopulation(ctx.database, payload, (done, total, message) => ctx.progress(done, total, message)),
};
