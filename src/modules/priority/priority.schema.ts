import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  integer,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The components of the priority score, in breakdown order. */
export const priorityComponents = ['extremePoor', 'desil14', 'coverageGap', 'housing'] as const;
export type PriorityComponent = (typeof priorityComponents)[number];

/**
 * A named weighting of the priority-location score: one weight per component (non-negative, summing to 1), so
 * the weights are data an administrator can change or add to. Exactly one weighting is the default.
 */
export const priorityWeighting = pgTable(
  'priority_weighting',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    extremePoor: numeric('w_extreme_poor').notNull(),
    desil14: numeric('w_desil14').notNull(),
    coverageGap: numeric('w_coverage_gap').notNull(),
    housing: numeric('w_housing').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (t) => [
    uniqueIndex('priority_weighting_code_uq').on(t.code),
    uniqueIndex('priority_weighting_default_uq')
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
    check(
      'priority_weighting_weights_check',
      sql`${t.extremePoor} >= 0 AND ${t.desil14} >= 0 AND ${t.coverageGap} >= 0 AND ${t.housing} >= 0
        AND ${t.extremePoor} + ${t.desil14} + ${t.coverageGap} + ${t.housing} = 1`,
    ),
  ],
);

/**
 * The counts behind each kelurahan's priority components, precomputed set-based by `refreshPriorityComponents`
 * after every welfare recompute and at the end of every targeting recompute, so the ranking reads ~270 rows
 * instead of scanning the registry. Derived data, rebuilt whole: no foreign keys. Aggregates only.
 */
export const priorityComponent = pgTable('priority_component', {
  kelurahanCode: text('kelurahan_code').primaryKey(),
  /** The welfare snapshot the desil and extreme-poverty counts come from (null: none yet). */
  snapshotId: integer('snapshot_id'),
  /** Active households. */
  households: integer('households').notNull(),
  extremePoor: integer('extreme_poor').notNull(),
  desil14: integer('desil14').notNull(),
  deprivedHousing: integer('deprived_housing').notNull(),
  /** Desil 1–4 household × pillar pairs (coverage_rollup) and those no program of the pillar reaches. */
  coverageSlots: integer('coverage_slots').notNull(),
  coverageUncovered: integer('coverage_uncovered').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});
