import { sql } from 'drizzle-orm';
import { boolean, check, numeric, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

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
