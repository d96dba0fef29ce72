import { dedupRunJob } from './modules/dedup/dedup.jobs.ts';
import { importRunJob } from './modules/imports/imports.jobs.ts';
import type { JobRunner } from './modules/jobs/jobs.service.ts';
import { syntheticSeedJob } from './modules/synthetic/synthetic.jobs.ts';
import { targetingRecomputeJob } from './modules/targeting/targeting.jobs.ts';
import { welfareRecomputeJob } from './modules/welfare/welfare.jobs.ts';

/** Registers every background job definition of every module. */
export function registerJobs(runner: JobRunner): void {
  runner.register(welfareRecomputeJob);
  runner.register(syntheticSeedJob);
  runner.register(targetingRecomputeJob);
  runner.register(dedupRunJob);
  runner.register(importRunJob);
}
