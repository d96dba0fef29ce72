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
import { household } from '../registry/registry.schema.ts';

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

/** A household's score, desil and extreme-poverty flag in one snapshot. */
export const householdWelfare = pgTable(
  'household_welfare',
  {
    snapshotId: integer('snapshot_id')
      .notNull()
      .references(() => welfareSnapshot.id, { onDelete: 'cascade' }),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
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
