import {
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';

/**
 * Registry indicators per region (every level) and ranking snapshot, precomputed set-based by
 * `refreshIndicatorValues` (after each welfare recompute and at the end of each targeting recompute) so dashboards
 * read rows instead of scanning the registry. Derived data, rebuilt per snapshot: no foreign keys (as region_stat's
 * inputs). Aggregates only: no personal data.
 */
export const indicatorValue = pgTable(
  'indicator_value',
  {
    indicatorCode: text('indicator_code').notNull(),
    regionCode: text('region_code').notNull(),
    snapshotId: integer('snapshot_id').notNull(),
    /** The snapshot's date, so a series reads without a join. */
    period: date('period', { mode: 'string' }).notNull(),
    value: doublePrecision('value'),
    numerator: integer('numerator').notNull(),
    denominator: integer('denominator').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorCode, t.regionCode, t.snapshotId] }),
    index('indicator_value_region_idx').on(t.regionCode, t.snapshotId),
  ],
);

/**
 * Official series that `official_poverty_stat` does not hold (extreme poverty, domain brief §5.3), as published,
 * per indicator, region and period. Loaded with the province (`loadIndicatorData`).
 */
export const officialIndicatorStat = pgTable(
  'official_indicator_stat',
  {
    indicatorCode: text('indicator_code').notNull(),
    regionCode: text('region_code').notNull(),
    /** The Susenas month (first day). */
    period: date('period', { mode: 'string' }).notNull(),
    value: numeric('value').notNull(),
    source: text('source').notNull(),
    confidence: text('confidence', { enum: ['confirmed', 'partial', 'unconfirmed'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.regionCode, t.period] })],
);

/**
 * A target per indicator × area × year: a band (`value_min`..`value_max`) or a point (both equal). The trajectory
 * runs linearly from the actual value of `baseline_year` to the band in `year`. Seeded with the official targets
 * (domain brief §5.4), editable by the TKPK secretariat.
 */
export const indicatorTarget = pgTable(
  'indicator_target',
  {
    indicatorCode: text('indicator_code').notNull(),
    regionCode: text('region_code').notNull(),
    year: smallint('year').notNull(),
    valueMin: doublePrecision('value_min').notNull(),
    valueMax: doublePrecision('value_max').notNull(),
    baselineYear: smallint('baseline_year').notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    updatedBy: integer('updated_by').references(() => appUser.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.regionCode, t.year] })],
);

/**
 * Graduation and re-entry by cohort (the snapshot a household first entered desil 1–4), region (every level, by the
 * household's current kelurahan) and snapshot of the transition. Rebuilt wholesale after each welfare recompute.
 */
export const graduationRollup = pgTable(
  'graduation_rollup',
  {
    regionCode: text('region_code').notNull(),
    cohortSnapshotId: integer('cohort_snapshot_id').notNull(),
    snapshotId: integer('snapshot_id').notNull(),
    /** Households of the cohort ranked in this snapshot. */
    households: integer('households').notNull(),
    /** In desil 1–4 in this snapshot. */
    inDesil14: integer('in_desil_1_4').notNull(),
    /** Desil 1–4 in the previous snapshot and desil ≥ 5 in this one. */
    graduated: integer('graduated').notNull(),
    /** Desil ≥ 5 in the previous snapshot and back in desil 1–4 in this one. */
    reentered: integer('reentered').notNull(),
    /** Extreme poor in the previous snapshot, not in this one. */
    leftExtremePoverty: integer('left_extreme_poverty').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.cohortSnapshotId, t.snapshotId] })],
);

/**
 * Data freshness per kelurahan: the last approved field verification and the progress of the current active
 * campaign there. Refreshed by the recompute job and for a kelurahan when one of its visits is reviewed.
 */
export const kelurahanFreshness = pgTable('kelurahan_freshness', {
  kelurahanCode: text('kelurahan_code').primaryKey(),
  households: integer('households').notNull(),
  /** Active households with at least one approved visit, ever. */
  verifiedHouseholds: integer('verified_households').notNull(),
  /** When the last approved visit of any of its households was captured. */
  lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
  /** The latest active campaign with households assigned here; null when none. */
  campaignId: integer('campaign_id'),
  campaignAssigned: integer('campaign_assigned').notNull().default(0),
  /** Assigned households with a visit received since the campaign's start and approved. */
  campaignVerified: integer('campaign_verified').notNull().default(0),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});
