import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Levels of the Kemendagri hierarchy. RW/RT are attributes of a household, not regions. */
export const regionLevels = ['province', 'kota', 'kecamatan', 'kelurahan'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** The Kemendagri administrative hierarchy, dotted codes (`31.71.01.1001`), with BPS codes where known. */
export const region = pgTable(
  'region',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: text('level', { enum: regionLevels }).notNull(),
    name: text('name').notNull(),
    /** BPS code (e.g. kota 31.71 = BPS 3173): the two systems differ, see the domain brief §1.2. */
    bpsCode: text('bps_code'),
    /** Priority kecamatan for poverty reduction (announced by TKPK DKI, 19 Dec 2025). */
    isPriority: boolean('is_priority').notNull().default(false),
  },
  (t) => [index('region_parent_idx').on(t.parentCode), index('region_level_idx').on(t.level)],
);

/** Boundaries are deployment data loaded from GeoJSON (`tepat regions load-boundaries`). */
export const regionBoundary = pgTable('region_boundary', {
  regionCode: text('region_code')
    .primaryKey()
    .references(() => region.code, { onDelete: 'cascade' }),
  /** A GeoJSON geometry (Polygon or MultiPolygon) in [lng, lat]. */
  geometry: jsonb('geometry').notNull(),
  centroidLng: doublePrecision('centroid_lng'),
  centroidLat: doublePrecision('centroid_lat'),
  source: text('source').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Official BPS poverty statistics (Susenas), as published: province and kota series. */
export const officialPovertyStat = pgTable(
  'official_poverty_stat',
  {
    regionCode: text('region_code')
      .notNull()
      .references(() => region.code),
    /** The Susenas reference month: March or September of a year (first day of the month). */
    period: date('period').notNull(),
    poorPersons: numeric('poor_persons'),
    /** P0, headcount rate, percent. */
    p0: numeric('p0'),
    /** Poverty line (garis kemiskinan), Rp per capita per month. */
    povertyLine: numeric('poverty_line'),
    p1: numeric('p1'),
    p2: numeric('p2'),
    source: text('source').notNull(),
    /** `confirmed`, `partial` or `unconfirmed` as labelled in the domain brief. */
    confidence: text('confidence', { enum: ['confirmed', 'partial', 'unconfirmed'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.period] })],
);

/**
 * Registry figures per region for the dashboard, refreshed set-based by `refreshRegionStats` (after seeding and
 * after each welfare recompute). Aggregates only: no personal data.
 */
export const regionStat = pgTable('region_stat', {
  regionCode: text('region_code')
    .primaryKey()
    .references(() => region.code, { onDelete: 'cascade' }),
  /** Active households domiciled in the region. */
  households: integer('households').notNull().default(0),
  /** Current members (no end date) with status `active` of those households. */
  persons: integer('persons').notNull().default(0),
  /** Households per desil 1..10 in the snapshot (index 0 = desil 1). */
  desilCounts: integer('desil_counts').array().notNull(),
  extremePoorHouseholds: integer('extreme_poor_households').notNull().default(0),
  /** The welfare snapshot the desil figures come from; null before the first ranking. */
  snapshotId: integer('snapshot_id'),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});
