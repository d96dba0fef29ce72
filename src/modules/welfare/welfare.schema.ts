import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** How well a calibrated model fits its survey sample (in-sample). */
export interface PmtFitStatistics {
  r2: number;
  rmse: number;
  n: number;
  seed: number;
  ridge: number;
}

/**
 * A proxy-means-test model: predicts log per-capita monthly consumption from household variables.
 * Coefficients are data (`coefficients` maps a feature name to its weight), versioned, never edited in place.
 */
export const pmtModel = pgTable('pmt_model', {
  id: serial('id').primaryKey(),
  version: text('version').notNull().unique(),
  description: text('description').notNull(),
  intercept: doublePrecision('intercept').notNull(),
  coefficients: jsonb('coefficients').$type<Record<string, number>>().notNull(),
  /** Extreme-poverty line, Rp per capita per month, compared with the predicted consumption. */
  extremePovertyLine: numeric('extreme_poverty_line').notNull(),
  calibratedFrom: text('calibrated_from').notNull(),
  /** Fit of a calibrated model on its sample: `{ r2, rmse, n, seed, ridge }`; null for hand-set models. */
  fitStatistics: jsonb('fit_statistics').$type<PmtFitStatistics>(),
  isActive: boolean('is_active').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One ranking run: every active household scored by one model on one date. History is kept. */
export const welfareSnapshot = pgTable('welfare_snapshot', {
  id: serial('id').primaryKey(),
  modelId: integer('model_id')
    .notNull()
    .references(() => pmtModel.id),
  snapshotDate: date('snapshot_date').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  householdCount: integer('household_count').notNull(),
  /** Targeting quality against a reference (the synthetic hidden consumption), when one exists. */
  quality: jsonb('quality'),
});

/**
 * A household's score, desil and extreme-poverty flag in one snapshot.
 * No foreign keys here, on purpose: a recompute inserts every household at once, and per-row RI checks
 * (which also lock each household row) took half of a 360 k-household ranking (24 s of 49 s, EXPLAIN ANALYZE
 * on PostgreSQL 15). Integrity holds by construction: rows are written only by the ranking statement, from
 * existing households, in the transaction that creates their snapshot; households and snapshots are never deleted.
 */
export const householdWelfare = pgTable(
  'household_welfare',
  {
    snapshotId: integer('snapshot_id').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    /** Predicted log per-capita consumption. */
    score: doublePrecision('score').notNull(),
    desil: smallint('desil').notNull(),
    isExtremePoor: boolean('is_extreme_poor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.snapshotId, t.householdId] }),
    index('household_welfare_household_idx').on(t.householdId),
  ],
);
