import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Ground truth of the synthetic population, kept in its own schema, apart from the registry:
 * nothing in the product reads it except targeting-quality and deduplication scoring.
 */
export const synthetic = pgSchema('synthetic');

export const syntheticRun = synthetic.table('run', {
  id: serial('id').primaryKey(),
  seed: integer('seed').notNull(),
  scale: doublePrecision('scale').notNull(),
  households: integer('households').notNull(),
  persons: integer('persons').notNull(),
  duplicates: integer('duplicates').notNull(),
  parameters: jsonb('parameters').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The hidden "true" per-capita consumption of each synthetic household. */
export const householdTruth = synthetic.table('household_truth', {
  householdId: bigint('household_id', { mode: 'number' }).primaryKey(),
  truePcConsumption: doublePrecision('true_pc_consumption').notNull(),
  /** The kota poverty line applied, Rp per capita per month. */
  povertyLine: doublePrecision('poverty_line').notNull(),
  isPoor: boolean('is_poor').notNull(),
  isExtremePoor: boolean('is_extreme_poor').notNull(),
});

/** Planted duplicate person records and the original each copies. */
export const plantedDuplicate = synthetic.table('planted_duplicate', {
  duplicatePersonId: bigint('duplicate_person_id', { mode: 'number' }).primaryKey(),
  originalPersonId: bigint('original_person_id', { mode: 'number' }).notNull(),
  /** What was altered: `exact` (same NIK and name), `name_typo`, `nik_typo`, `birth_date_typo`. */
  kind: text('kind').notNull(),
});

/**
 * Targeting errors planted by the synthetic enrolment seed: the exact inclusion errors, exclusion errors and
 * overlaps the targeting views must find (and nothing else). `program_code` is null for overlaps, where
 * `purpose_group` names the group; `person_id` is null when the household is the unit.
 */
export const plantedTargetingError = synthetic.table('planted_targeting_error', {
  id: serial('id').primaryKey(),
  kind: text('kind').notNull(),
  programCode: text('program_code'),
  purposeGroup: text('purpose_group').notNull(),
  householdId: bigint('household_id', { mode: 'number' }).notNull(),
  personId: bigint('person_id', { mode: 'number' }),
});
