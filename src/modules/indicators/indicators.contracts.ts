import { z } from '@hono/zod-openapi';
import { regionCodePattern } from '../regions/region-codes.ts';
import { regionLevels } from '../regions/regions.schema.ts';
import { indicatorDirections, indicatorKinds } from './indicators.data.ts';

export const RegionQuery = z
  .string()
  .regex(regionCodePattern, 'must be a Kemendagri region code')
  .openapi({ example: '31.72' });

export const IndicatorCodeParam = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,49}$/, 'must be an indicator code such as p0')
    .openapi({ example: 'p0' }),
});

export const IndicatorSchema = z
  .object({
    code: z.string(),
    nameId: z.string(),
    nameEn: z.string(),
    unit: z.string(),
    direction: z.enum(indicatorDirections),
    kind: z.enum(indicatorKinds),
    source: z.string(),
  })
  .openapi('Indicator');

export const SeriesPointSchema = z
  .object({
    period: z.string(),
    value: z.number().nullable(),
    numerator: z.number().int().nullable(),
    denominator: z.number().int().nullable(),
    snapshotId: z.number().int().nullable(),
    source: z.string().nullable(),
    confidence: z.string().nullable(),
  })
  .openapi('IndicatorSeriesPoint');

export const SeriesSchema = z
  .object({ indicator: IndicatorSchema, region: z.string(), points: z.array(SeriesPointSchema) })
  .openapi('IndicatorSeries');

export const AreaValuesQuery = z.object({
  region: RegionQuery.optional(),
  level: z.enum(regionLevels).optional(),
});

export const AreaValuesSchema = z
  .object({
    region: z.string(),
    snapshotId: z.number().int().nullable(),
    areas: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        level: z.enum(regionLevels),
        values: z.record(z.string(), z.number().nullable()),
      }),
    ),
  })
  .openapi('IndicatorAreaValues');

export const TargetSchema = z
  .object({
    indicatorCode: z.string(),
    regionCode: z.string(),
    year: z.number().int(),
    valueMin: z.number(),
    valueMax: z.number(),
    baselineYear: z.number().int(),
    name: z.string(),
    source: z.string(),
    updatedBy: z.number().int().nullable(),
    updatedAt: z.string(),
  })
  .openapi('IndicatorTarget');

export const TargetParams = IndicatorCodeParam.extend({
  region: RegionQuery,
  year: z.coerce.number().int().min(2000).max(2100).openapi({ example: 2029 }),
});

export const TargetBody = z
  .object({
    valueMin: z.number().finite(),
    valueMax: z.number().finite(),
    baselineYear: z.number().int().min(2000).max(2100),
    name: z.string().trim().min(1).max(200),
    source: z.string().trim().min(1).max(1000),
  })
  .strict()
  .refine((b) => b.valueMax >= b.valueMin, { path: ['valueMax'], message: 'must not be below valueMin' })
  .openapi('IndicatorTargetInput');
export type TargetBody = z.infer<typeof TargetBody>;

export const TrajectoryQuery = z.object({
  region: RegionQuery.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const TrajectorySchema = z
  .object({
    indicator: IndicatorSchema,
    region: z.string(),
    target: TargetSchema.nullable(),
    baseline: z.number().nullable(),
    years: z.array(
      z.object({
        year: z.number().int(),
        actual: z.number().nullable(),
        actualPeriod: z.string().nullable(),
        pathLow: z.number().nullable(),
        pathHigh: z.number().nullable(),
        gapLow: z.number().nullable(),
        gapHigh: z.number().nullable(),
        onTrack: z.boolean().nullable(),
      }),
    ),
    points: z.array(SeriesPointSchema),
  })
  .openapi('IndicatorTrajectory');

const GraduationCounts = {
  households: z.number().int(),
  inDesil14: z.number().int(),
  graduated: z.number().int(),
  reentered: z.number().int(),
  leftExtremePoverty: z.number().int(),
};

export const GraduationSchema = z
  .object({
    region: z.string(),
    cohorts: z.array(
      z.object({
        cohortSnapshotId: z.number().int(),
        cohortDate: z.string(),
        /** Households of the cohort in its first snapshot. */
        size: z.number().int(),
        /** Households of the cohort in the latest snapshot they were ranked in, and in desil 1–4 there. */
        latest: z.object({
          snapshotId: z.number().int(),
          households: z.number().int(),
          inDesil14: z.number().int(),
        }),
        graduated: z.number().int(),
        reentered: z.number().int(),
        leftExtremePoverty: z.number().int(),
        snapshots: z.array(
          z.object({ snapshotId: z.number().int(), snapshotDate: z.string(), ...GraduationCounts }),
        ),
      }),
    ),
  })
  .openapi('GraduationByCohort');

export const HouseholdIdParam = z.object({ id: z.coerce.number().int().positive().openapi({ example: 1 }) });
export const PurposeQuery = z.object({
  purpose: z.string().trim().min(3).max(200).default('graduation monitoring'),
});

export const HouseholdTrajectorySchema = z
  .object({
    household: z.object({
      id: z.number().int(),
      kkNumber: z.string(),
      kelurahanCode: z.string(),
      status: z.string(),
      exited: z.boolean(),
    }),
    path: z.array(
      z.object({
        snapshotId: z.number().int(),
        snapshotDate: z.string(),
        desil: z.number().int(),
        isExtremePoor: z.boolean(),
        score: z.number(),
        event: z.enum(['entered', 'graduated', 'reentered', 'left_extreme_poverty']).nullable(),
      }),
    ),
    programs: z.array(
      z.object({
        programCode: z.string(),
        programName: z.string(),
        pillar: z.number().int(),
        personId: z.number().int().nullable(),
        provider: z.string(),
        startDate: z.string(),
        endDate: z.string().nullable(),
        status: z.string(),
      }),
    ),
  })
  .openapi('HouseholdTrajectory');

export const FreshnessSchema = z
  .object({
    region: z.string(),
    summary: z.object({
      kelurahan: z.number().int(),
      households: z.number().int(),
      verifiedHouseholds: z.number().int(),
      /** Kelurahan never verified, or whose last verification is older than 180 days. */
      staleKelurahan: z.number().int(),
      medianDaysSinceVerification: z.number().nullable(),
      campaignAssigned: z.number().int(),
      campaignVerified: z.number().int(),
      campaignShare: z.number().nullable(),
    }),
    kelurahan: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        households: z.number().int(),
        verifiedHouseholds: z.number().int(),
        lastVerifiedAt: z.string().nullable(),
        daysSinceVerification: z.number().int().nullable(),
        campaignId: z.number().int().nullable(),
        campaignName: z.string().nullable(),
        campaignAssigned: z.number().int(),
        campaignVerified: z.number().int(),
        campaignShare: z.number().nullable(),
        refreshedAt: z.string(),
      }),
    ),
  })
  .openapi('DataFreshness');

export const DashboardTargetingSchema = z
  .object({
    region: z.string(),
    areas: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        level: z.enum(regionLevels),
        eligible: z.number().int(),
        enrolled: z.number().int(),
        inclusionErrors: z.number().int(),
        exclusionErrors: z.number().int(),
        overlaps: z.number().int(),
        inclusionRate: z.number().nullable(),
        exclusionRate: z.number().nullable(),
        desil1Households: z.number().int(),
        /** Share (0–1) of desil-1 households reached by each pillar, keyed by pillar. */
        desil1Coverage: z.record(z.string(), z.number().nullable()),
      }),
    ),
  })
  .openapi('DashboardTargeting');
