import { z } from '@hono/zod-openapi';
import type { JobDefinition } from '../jobs/jobs.service.ts';
import { recomputeWelfare, type RecomputeResult } from './welfare.service.ts';

/** Payload of a recompute: an optional model version (the active model otherwise) and snapshot date. */
export const RecomputePayload = z
  .object({
    modelVersion: z.string().min(1).max(100).optional().openapi({ example: '2026.1-default' }),
    snapshotDate: z.iso.date().optional().openapi({ example: '2026-03-31' }),
  })
  .strict()
  .openapi('WelfareRecomputeRequest');
export type RecomputePayload = z.infer<typeof RecomputePayload>;

/** The background job behind `tepat recompute` and POST /welfare/recompute; progress is reported by phase. */
export const welfareRecomputeJob: JobDefinition<RecomputePayload, RecomputeResult> = {
  name: 'welfare.recompute',
  payload: RecomputePayload,
  // A failed attempt rolls back its snapshot, so one retry is safe.
  maxAttempts: 2,
  run: (ctx, payload) =>
    recomputeWelfare(ctx.database.db, {
      ...payload,
      onProgress: (done, total, message) => ctx.progress(done, total, message),
    }),
};
