/** The API contracts of priority locations: an explainable score per kelurahan under named weightings. */
import { z } from '@hono/zod-openapi';

const weightingCode = z.string().regex(/^[a-z0-9_]{1,40}$/, 'a weighting code');

export const WeightingSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string(),
    isDefault: z.boolean(),
    weights: z.object({
      extremePoor: z.number(),
      desil14: z.number(),
      coverageGap: z.number(),
      housing: z.number(),
    }),
  })
  .openapi('PriorityWeighting');
export type Weighting = z.infer<typeof WeightingSchema>;

const weight = z
  .number()
  .min(0)
  .max(1)
  .refine((w) => Math.abs(w * 10_000 - Math.round(w * 10_000)) < 1e-6, 'at most 4 decimals');

/** A weighting as the secretariat saves it: the four weights are non-negative and sum to exactly 1. */
export const WeightingBody = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    description: z.string().trim().max(500).default(''),
    weights: z.strictObject({ extremePoor: weight, desil14: weight, coverageGap: weight, housing: weight }),
  })
  .refine(
    ({ weights: w }) =>
      Math.round(w.extremePoor * 10_000) +
        Math.round(w.desil14 * 10_000) +
        Math.round(w.coverageGap * 10_000) +
        Math.round(w.housing * 10_000) ===
      10_000,
    { path: ['weights'], message: 'The four weights must sum to 1.' },
  )
  .openapi('PriorityWeightingInput');
export type WeightingInput = z.infer<typeof WeightingBody>;

export const WeightingParams = z.object({ code: weightingCode });

export const WeightingListSchema = z
  .object({ items: z.array(WeightingSchema) })
  .openapi('PriorityWeightingList');

export const PriorityQuery = z.object({
  a: weightingCode.optional().openapi({ description: 'Weighting A (default: the default weighting)' }),
  b: weightingCode
    .optional()
    .openapi({ description: 'Weighting B to compare with (default: another weighting)' }),
  kota: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, 'a kota code such as 31.72')
    .optional()
    .openapi({ description: 'Only kelurahan of this kota (ranks stay province-wide)' }),
});

/** One number per component of the score. */
const perComponent = z.object({
  extremePoor: z.number(),
  desil14: z.number(),
  coverageGap: z.number(),
  housing: z.number(),
});

const Breakdown = perComponent.openapi('PriorityBreakdown', {
  description: 'Weighted contributions (weight × normalised component × 100); they sum to the score exactly',
});

const Ranked = z.object({ score: z.number(), rank: z.number().int(), breakdown: Breakdown });

export const PriorityLocationSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    isPriorityKecamatan: z.boolean(),
    households: z.number().int(),
    components: perComponent.openapi('PriorityShares', {
      description: 'Raw shares of the kelurahan’s active households (0..1) before normalisation',
    }),
    a: Ranked,
    b: Ranked,
    rankChange: z
      .number()
      .int()
      .openapi({ description: 'Rank under A minus rank under B (positive: B ranks higher)' }),
  })
  .openapi('PriorityLocation');
export type PriorityLocation = z.infer<typeof PriorityLocationSchema>;

export const PriorityResultSchema = z
  .object({
    a: WeightingSchema,
    b: WeightingSchema,
    normalisation: z.string(),
    computedAt: z.string().nullable().openapi({
      description:
        'When the counts behind the scores were last refreshed by a welfare or targeting recompute (null: never)',
    }),
    priorityKecamatan: z.array(z.object({ code: z.string(), name: z.string(), kotaName: z.string() })),
    items: z.array(PriorityLocationSchema),
  })
  .openapi('PriorityResult');
export type PriorityResult = z.infer<typeof PriorityResultSchema>;
