import type { JobRunner } from './modules/jobs/jobs.service.ts';

/** Registers every background job definition of every module. */
export function registerJobs(_runner: JobRunner): void {}
