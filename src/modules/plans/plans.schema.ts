import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { program } from '../programs/programs.schema.ts';
import { region } from '../regions/regions.schema.ts';

/** RPKD: the five-year regional poverty-reduction plan; RAT: the yearly action plan (rencana aksi tahunan). */
export const planKinds = ['rpkd', 'rat'] as const;
export type PlanKind = (typeof planKinds)[number];

/** draft → submitted → reviewed → approved; `returned` sends it back to the agency with a note (then draft again). */
export const planStatuses = ['draft', 'submitted', 'reviewed', 'approved', 'returned'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const indicatorKinds = ['output', 'outcome'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

/**
 * A plan of one tier (province, kota or kecamatan region) owned by one agency (organisation code). An RPKD covers
 * five years (year_from..year_to); a RAT covers one year and may sit under an RPKD (parent_plan_id).
 */
export const plan = pgTable(
  'plan',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: planKinds }).notNull(),
    title: text('title').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => region.code),
    ownerAgency: text('owner_agency').notNull(),
    yearFrom: integer('year_from').notNull(),
    yearTo: integer('year_to').notNull(),
    parentPlanId: integer('parent_plan_id').references((): AnyPgColumn => plan.id),
    status: text('status', { enum: planStatuses }).notNull().default('draft'),
    /** The reviewer's note when the plan was last returned. */
    returnNote: text('return_note'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('plan_kind_check', sql`${t.kind} IN ('rpkd', 'rat')`),
    check(
      'plan_status_check',
      sql`${t.status} IN ('draft', 'submitted', 'reviewed', 'approved', 'returned')`,
    ),
    check(
      'plan_years_check',
      sql`(${t.kind} = 'rat' AND ${t.yearTo} = ${t.yearFrom}) OR (${t.kind} = 'rpkd' AND ${t.yearTo} = ${t.yearFrom} + 4)`,
    ),
    index('plan_region_idx').on(t.regionCode),
    index('plan_owner_idx').on(t.ownerAgency),
  ],
);

/** Every status transition of a plan: who, when, from, to, and the note (for returns). */
export const planStatusChange = pgTable(
  'plan_status_change',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: planStatuses }),
    toStatus: text('to_status', { enum: planStatuses }).notNull(),
    note: text('note'),
    actedBy: integer('acted_by')
      .notNull()
      .references(() => appUser.id),
    actedAt: timestamp('acted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_status_change_plan_idx').on(t.planId, t.actedAt)],
);

/**
 * An activity of a plan: a responsible agency, optionally a catalogue program, a pillar, a budget line (pagu, Rp) for
 * a year, and priority locations (kecamatan / kelurahan codes). Partners' pledges reference this table.
 */
export const planActivity = pgTable(
  'plan_activity',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    responsibleAgency: text('responsible_agency').notNull(),
    programCode: text('program_code').references(() => program.code),
    pillar: smallint('pillar').notNull(),
    budgetYear: integer('budget_year').notNull(),
    /** Pagu in rupiah. */
    budget: numeric('budget', { precision: 20, scale: 2 }).notNull(),
    priorityLocations: text('priority_locations')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('plan_activity_pillar_check', sql`${t.pillar} between 1 and 4`),
    check('plan_activity_budget_check', sql`${t.budget} >= 0`),
    index('plan_activity_plan_idx').on(t.planId),
    index('plan_activity_agency_idx').on(t.responsibleAgency),
  ],
);

/**
 * An output or outcome indicator of an activity with its target for one year. Indicator codes are text (the
 * indicators module is separate). An activity has at most one output indicator: quarterly progress reports against it.
 */
export const planActivityIndicator = pgTable(
  'plan_activity_indicator',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => planActivity.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: indicatorKinds }).notNull(),
    indicatorCode: text('indicator_code').notNull(),
    unit: text('unit').notNull(),
    year: integer('year').notNull(),
    target: numeric('target', { precision: 20, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.kind, t.indicatorCode, t.year] }),
    check('plan_activity_indicator_kind_check', sql`${t.kind} IN ('output', 'outcome')`),
    uniqueIndex('plan_activity_output_key')
      .on(t.activityId, t.year)
      .where(sql`${t.kind} = 'output'`),
  ],
);

/** Quarterly progress of an activity: one row per activity × year × quarter; amounts are for that quarter alone. */
export const planProgress = pgTable(
  'plan_progress',
  {
    activityId: integer('activity_id')
      .notNull()
      .references(() => planActivity.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    quarter: smallint('quarter').notNull(),
    budgetRealised: numeric('budget_realised', { precision: 20, scale: 2 }).notNull(),
    outputAchieved: numeric('output_achieved', { precision: 20, scale: 4 }).notNull(),
    note: text('note'),
    issues: text('issues'),
    filedBy: integer('filed_by')
      .notNull()
      .references(() => appUser.id),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.year, t.quarter] }),
    check('plan_progress_quarter_check', sql`${t.quarter} between 1 and 4`),
    check('plan_progress_amounts_check', sql`${t.budgetRealised} >= 0 AND ${t.outputAchieved} >= 0`),
  ],
);

/** Earlier versions of a re-filed progress row, kept when a filing is replaced. */
export const planProgressHistory = pgTable(
  'plan_progress_history',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => planActivity.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    quarter: smallint('quarter').notNull(),
    budgetRealised: numeric('budget_realised', { precision: 20, scale: 2 }).notNull(),
    outputAchieved: numeric('output_achieved', { precision: 20, scale: 4 }).notNull(),
    note: text('note'),
    issues: text('issues'),
    filedBy: integer('filed_by')
      .notNull()
      .references(() => appUser.id),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    replacedBy: integer('replaced_by')
      .notNull()
      .references(() => appUser.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_progress_history_key_idx').on(t.activityId, t.year, t.quarter)],
);
