import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.service.ts';
import { runDeduplication, type DedupResult } from './dedup.service.ts';

const payload = z
  .object({
    personIds: z.array(z.number().int().positive()).optional(),
    startedBy: z.number().int().nullable().optional(),
  })
  .strict();

/** The background job behind `tepat dedup` and POST /dedup/runs. */
export const dedupRunJob: JobDefinition<z.infer<typeof payload>, DedupResult> = {
  name: 'dedup.run',
  payload,
  // One transaction: a failure leaves nothing half done, and running again repeats the same work.
  maxAttempts: 1,
  run: (ctx, p) =>
    runDeduplication(ctx.database.db, {
      personIds: p.personIds,
      startedBy: p.startedBy ?? null,
      progress: (done, total, message) => ctx.progress(done, total, message),
    }),
};
