/** The API contracts of plans (RPKD / RAT), activities, quarterly progress and realisation. */
import { z } from '@hono/zod-openapi';
import { indicatorKinds, planKinds, planStatuses } from './plans.schema.ts';

const regionCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'a Kemendagri code such as 31.72 or 31.72.01.1001');
const tierCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}(\.\d{2})?)?$/, 'a province, kota or kecamatan code such as 31 or 31.72');
const year = z.number().int().min(2000).max(2100);
const id = z.coerce.number().int().positive().max(2_147_483_647);
/** Rupiah amounts: non-negative, stored with two decimals. */
const rupiah = z.number().min(0).max(1e15);
const quantity = z.number().min(0).max(1e15);

export const PlanIdParam = z.object({ id });
export const ActivityParam = z.object({ id, activityId: id });

export const CreatePlanBody = z
  .strictObject({
    kind: z.enum(planKinds),
    title: z.string().trim().min(3).max(300),
    regionCode: tierCode.openapi({ description: 'The tier: province, kota or kecamatan code' }),
    yearFrom: year.openapi({ description: 'RAT: its year; RPKD: the first of its five years' }),
    parentPlanId: z.number().int().positive().optional().openapi({
      description: 'RAT only: the RPKD it implements (same region, covering the year)',
    }),
  })
  .openapi('CreatePlan');
export type CreatePlanInput = z.infer<typeof CreatePlanBody>;

export const UpdatePlanBody = z
  .strictObject({ title: z.string().trim().min(3).max(300) })
  .openapi('UpdatePlan');

const IndicatorInput = z.strictObject({
  kind: z.enum(indicatorKinds),
  indicatorCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an indicator code such as P0 or KJP_RECIPIENTS'),
  unit: z.string().trim().min(1).max(40),
  targets: z
    .array(z.strictObject({ year, target: quantity }))
    .min(1)
    .max(10)
    .openapi({ description: 'Target per year' }),
});

export const ActivityBody = z
  .strictObject({
    title: z.string().trim().min(3).max(300),
    responsibleAgency: z
      .string()
      .trim()
      .regex(/^[A-Z0-9_]{2,40}$/, 'an agency code such as DINSOS'),
    programCode: z.string().trim().min(1).max(64).optional(),
    pillar: z.number().int().min(1).max(4),
    budgetYear: year,
    budget: rupiah.openapi({ description: 'Pagu in rupiah' }),
    priorityLocations: z.array(regionCode).max(100).default([]),
    indicators: z.array(IndicatorInput).max(20).default([]),
  })
  .refine((b) => b.indicators.filter((i) => i.kind === 'output').length <= 1, {
    message: 'an activity has at most one output indicator',
    path: ['indicators'],
  })
  .openapi('PlanActivityInput');
export type ActivityInput = z.infer<typeof ActivityBody>;

export const planActions = ['submit', 'review', 'return', 'approve'] as const;
export type PlanAction = (typeof planActions)[number];

export const TransitionBody = z
  .strictObject({
    action: z.enum(planActions),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((b) => b.action !== 'return' || b.note !== undefined, {
    message: 'a returned plan needs a note',
    path: ['note'],
  })
  .openapi('PlanTransition');

export const ProgressBody = z
  .strictObject({
    year,
    quarter: z.number().int().min(1).max(4),
    budgetRealised: rupiah.openapi({ description: 'Rupiah spent in this quarter alone' }),
    outputAchieved: quantity.openapi({ description: 'Output achieved in this quarter alone' }),
    note: z.string().trim().max(2000).optional(),
    issues: z.string().trim().max(2000).optional(),
  })
  .openapi('PlanProgressInput');
export type ProgressInput = z.infer<typeof ProgressBody>;

export const PlanListQuery = z.object({
  kind: z.enum(planKinds).optional(),
  status: z.enum(planStatuses).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const realisationGroupings = ['agency', 'program', 'area', 'activity'] as const;
export type RealisationGroupBy = (typeof realisationGroupings)[number];

export const RealisationQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4).default(4),
  regionCode: regionCode.optional(),
  groupBy: z.enum(realisationGroupings).default('agency'),
});

export const PlanSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(planKinds),
    title: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    ownerAgency: z.string(),
    yearFrom: z.number().int(),
    yearTo: z.number().int(),
    parentPlanId: z.number().int().nullable(),
    status: z.enum(planStatuses),
    returnNote: z.string().nullable(),
    createdBy: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    activityCount: z.number().int(),
    budgetTotal: z.number().openapi({ description: 'Sum of the activities’ pagu, rupiah' }),
  })
  .openapi('Plan');
export type Plan = z.infer<typeof PlanSchema>;

const IndicatorSchema = z.object({
  kind: z.enum(indicatorKinds),
  indicatorCode: z.string(),
  unit: z.string(),
  targets: z.array(z.object({ year: z.number().int(), target: z.number() })),
});

const ProgressSchema = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  budgetRealised: z.number(),
  outputAchieved: z.number(),
  note: z.string().nullable(),
  issues: z.string().nullable(),
  filedBy: z.number().int(),
  filedByName: z.string(),
  filedAt: z.string(),
  revisions: z.number().int().openapi({ description: 'Earlier filings of this quarter kept in history' }),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const ActivitySchema = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    title: z.string(),
    responsibleAgency: z.string(),
    programCode: z.string().nullable(),
    programName: z.string().nullable(),
    pillar: z.number().int(),
    budgetYear: z.number().int(),
    budget: z.number(),
    priorityLocations: z.array(z.string()),
    indicators: z.array(IndicatorSchema),
    progress: z.array(ProgressSchema),
  })
  .openapi('PlanActivity');
export type Activity = z.infer<typeof ActivitySchema>;

const HistorySchema = z.object({
  fromStatus: z.enum(planStatuses).nullable(),
  toStatus: z.enum(planStatuses),
  note: z.string().nullable(),
  actedBy: z.number().int(),
  actedByName: z.string(),
  actedAt: z.string(),
});

export const PlanDetailSchema = PlanSchema.extend({
  activities: z.array(ActivitySchema),
  history: z.array(HistorySchema),
  allowedActions: z
    .array(z.enum(['edit', 'file_progress', ...planActions]))
    .openapi({ description: 'What the caller may do with this plan now' }),
}).openapi('PlanDetail');
export type PlanDetail = z.infer<typeof PlanDetailSchema>;

export const PlanListSchema = z.object({ items: z.array(PlanSchema) }).openapi('PlanList');

export const RealisationRowSchema = z.object({
  key: z
    .string()
    .nullable()
    .openapi({ description: 'Agency code, program code, region code or activity id' }),
  label: z.string(),
  activities: z.number().int(),
  budget: z.number().openapi({ description: 'Pagu, rupiah' }),
  realised: z.number().openapi({ description: 'Budget realised Q1 up to the quarter, rupiah' }),
  budgetPercent: z.number().nullable(),
  outputTarget: z
    .number()
    .nullable()
    .openapi({ description: 'Activity rows only: the year’s output target' }),
  outputAchieved: z
    .number()
    .nullable()
    .openapi({ description: 'Activity rows only: achieved up to the quarter' }),
  unit: z.string().nullable(),
  outputPercent: z.number().nullable().openapi({
    description:
      'Activity: achieved / target × 100; groups: the mean of their activities’ percentages (units differ)',
  }),
});
export type RealisationRow = z.infer<typeof RealisationRowSchema>;

export const RealisationSchema = z
  .object({
    year: z.number().int(),
    quarter: z.number().int(),
    regionCode: z.string(),
    groupBy: z.enum(realisationGroupings),
    rows: z.array(RealisationRowSchema),
    total: RealisationRowSchema,
  })
  .openapi('PlanRealisation');
export type Realisation = z.infer<typeof RealisationSchema>;
