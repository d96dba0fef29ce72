import { z } from '@hono/zod-openapi';
import { dedupPairStatuses } from './dedup.schema.ts';

export const PairIdParam = z.object({ id: z.coerce.number().int().positive().openapi({ example: 1 }) });

export const PairListQuery = z.object({
  status: z.enum(dedupPairStatuses).default('review'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const Comparison = z.object({
  nik: z.number().int(),
  name: z.number().int(),
  birthDate: z.number().int(),
  sex: z.number().int(),
  area: z.number().int(),
});

export const PairSummarySchema = z
  .object({
    id: z.number().int(),
    status: z.enum(dedupPairStatuses),
    score: z.number(),
    comparison: Comparison,
    personA: z.object({ id: z.number().int(), name: z.string(), nik: z.string() }),
    personB: z.object({ id: z.number().int(), name: z.string(), nik: z.string() }),
    kelurahanName: z.string().nullable(),
  })
  .openapi('DedupPairSummary');

export const PairListSchema = z
  .object({ items: z.array(PairSummarySchema), total: z.number().int() })
  .openapi('DedupPairList');

const PersonSide = z.object({
  id: z.number().int(),
  nik: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  birthPlace: z.string().nullable(),
  status: z.string(),
  household: z
    .object({
      id: z.number().int(),
      kkNumber: z.string(),
      address: z.string(),
      kelurahanCode: z.string(),
      kelurahanName: z.string(),
      relationship: z.string(),
    })
    .nullable(),
  enrolments: z.array(z.object({ id: z.number().int(), programCode: z.string(), status: z.string() })),
});

export const PairDetailSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(dedupPairStatuses),
    score: z.number(),
    runId: z.number().int(),
    /** Per field: the level of agreement and the weight it added to the score. */
    fields: z.array(z.object({ field: z.string(), level: z.number().int(), weight: z.number().nullable() })),
    thresholds: z.object({ auto: z.number(), review: z.number() }).nullable(),
    personA: PersonSide,
    personB: PersonSide,
    mergeId: z.number().int().nullable(),
  })
  .openapi('DedupPairDetail');

export const DecisionBody = z
  .object({ decision: z.enum(['merge', 'not_duplicate']) })
  .openapi('DedupDecision');

export const RunListSchema = z
  .array(
    z.object({
      id: z.number().int(),
      status: z.string(),
      scope: z.string(),
      personsConsidered: z.number().int(),
      pairsCompared: z.number().int(),
      autoMerged: z.number().int(),
      review: z.number().int(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    }),
  )
  .openapi('DedupRunList');

export type PairDetail = z.infer<typeof PairDetailSchema>;
export type PairList = z.infer<typeof PairListSchema>;
