import { z } from '@hono/zod-openapi';
import type { JobDefinition } from '../jobs/jobs.service.ts';
import { recomputeTargeting, type TargetingRecomputeResult } from './targeting.recompute.ts';

/** Payload of a targeting recompute: the reference date ages are computed at (today in Jakarta by default). */
export const TargetingRecomputePayload = z
  .object({ referenceDate: z.iso.date().optional().openapi({ example: '2026-11-23' }) })
  .strict()
  .openapi('TargetingRecomputeRequest');
export type TargetingRecomputePayload = z.infer<typeof TargetingRecomputePayload>;

/** Eligibility, errors, overlaps and rollups of every program as one job, with progress per program. */
export const targetingRecomputeJob: JobDefinition<TargetingRecomputePayload, TargetingRecomputeResult> = {
  name: 'targeting.recompute',
  payload: TargetingRecomputePayload,
  // One transaction: a failed attempt leaves the previous figures, so a retry is safe.
  maxAttempts: 2,
  run: (ctx, payload) =>
    recomputeTargeting(ctx.database.db, {
      ...payload,
      onProgress: (done, total, message) => ctx.progress(done, total, message),
    }),
};
