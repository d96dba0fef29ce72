import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const findingKinds = ['inclusion', 'exclusion', 'overlap'] as const;
export type FindingKind = (typeof findingKinds)[number];

/** One targeting recompute: when, at which reference date, on which welfare snapshot, how long each phase took. */
export const targetingRun = pgTable('targeting_run', {
  id: serial('id').primaryKey(),
  referenceDate: date('reference_date').notNull(),
  snapshotId: integer('snapshot_id'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** Per phase: milliseconds; per program: eligible count and rule version. */
  stats: jsonb('stats'),
});

/**
 * The eligible sets of every program with an active rule, as of the last recompute (or the last change of a
 * household): one row per eligible unit — a person, or a household (person id 0) — listing the programs it is
 * eligible for. One row per unit rather than per (program, unit) keeps the recompute's write to a third of the
 * rows; `eligibleSetRows` (targeting.recompute.repository.ts) reads it as (program, unit) rows. Derived data,
 * rebuilt wholesale, so no keys or foreign keys (as household_welfare).
 */
export const eligibleUnit = pgTable(
  'eligible_unit',
  {
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    /** 0 for household programs (so unit keys compare with `=`). */
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    kelurahanCode: text('kelurahan_code').notNull(),
    /** Codes of the programs the unit is eligible for, in code order. */
    programs: text('programs').array().notNull(),
  },
  (t) => [index('eligible_unit_household_idx').on(t.householdId)],
);

/**
 * Where targeting fails: inclusion errors (enrolled, not eligible), exclusion errors (eligible, not enrolled and
 * not covered by another program of the same purpose) and overlaps (one unit twice in the same purpose group, or
 * one program by two providers). Derived, rebuilt by the recompute and per household on change.
 */
export const targetingFinding = pgTable(
  'targeting_finding',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: findingKinds }).notNull(),
    /** The program for inclusion and exclusion errors; null for overlaps (see `programs`). */
    programCode: text('program_code'),
    purposeGroup: text('purpose_group').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    /** The person for person-level findings; null when the household is the unit. */
    personId: bigint('person_id', { mode: 'number' }),
    kelurahanCode: text('kelurahan_code').notNull(),
    /** Programs and providers involved (overlaps), with the desil seen. */
    programs: text('programs').array().notNull(),
    providers: text('providers').array().notNull(),
    desil: smallint('desil'),
  },
  (t) => [
    index('targeting_finding_kind_idx').on(t.kind, t.kelurahanCode),
    index('targeting_finding_household_idx').on(t.householdId),
  ],
);

/** Per program and kelurahan: eligible, enrolled, errors and overlaps, and desil-1 coverage. */
export const targetingRollup = pgTable(
  'targeting_rollup',
  {
    programCode: text('program_code').notNull(),
    kelurahanCode: text('kelurahan_code').notNull(),
    eligible: integer('eligible').notNull(),
    enrolled: integer('enrolled').notNull(),
    inclusionErrors: integer('inclusion_errors').notNull(),
    exclusionErrors: integer('exclusion_errors').notNull(),
    overlaps: integer('overlaps').notNull(),
    /** Eligible units in desil-1 households, and how many of them are enrolled. */
    eligibleDesil1: integer('eligible_desil1').notNull(),
    enrolledDesil1: integer('enrolled_desil1').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programCode, t.kelurahanCode] })],
);

/** Households by kelurahan × desil × pillar, and how many of them any program of the pillar reaches. */
export const coverageRollup = pgTable(
  'coverage_rollup',
  {
    kelurahanCode: text('kelurahan_code').notNull(),
    /** 0 for households without a desil (unranked). */
    desil: smallint('desil').notNull(),
    pillar: smallint('pillar').notNull(),
    households: integer('households').notNull(),
    covered: integer('covered').notNull(),
    extremePoor: integer('extreme_poor').notNull(),
    extremePoorCovered: integer('extreme_poor_covered').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kelurahanCode, t.desil, t.pillar] })],
);
