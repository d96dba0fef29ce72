import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const importModes = ['valid-only', 'all-or-nothing'] as const;
export type ImportMode = (typeof importModes)[number];

export const importStatuses = ['staging', 'staged', 'applying', 'completed', 'rejected', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/**
 * One import of a DTSEN-style extract: staged once, then applied in batches of whole households. `cursor` is the
 * last KK number applied (units are applied in KK order), so a killed process resumes after it.
 */
export const importRun = pgTable('import_run', {
  id: serial('id').primaryKey(),
  /** Source name; registry rows carry `import:<name>` as their source. */
  name: text('name').notNull(),
  extractDate: date('extract_date').notNull(),
  mode: text('mode', { enum: importModes }).notNull(),
  status: text('status', { enum: importStatuses }).notNull().default('staging'),
  householdFile: text('household_file').notNull(),
  personFile: text('person_file').notNull(),
  /** Scope the run may write: a region code prefix (kota_tkpk) or null (whole province). */
  areaCode: text('area_code'),
  counts: jsonb('counts')
    .notNull()
    .default(sql`'{}'::jsonb`),
  cursor: text('cursor'),
  batchesDone: integer('batches_done').notNull().default(0),
  error: text('error'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * One problem found in a staged row: the file, the row as the user sees it, the column, value and reason.
 *
 * Neither this table nor import_unit has a foreign key to import_run (migration 0027): a run's rows are written in
 * one statement right after its run row, runs are never deleted, and the key's check — a lookup and row lock of the
 * same run for every inserted row — took half the time of classifying 369 thousand households.
 */
export const importError = pgTable(
  'import_error',
  {
    runId: integer('run_id').notNull(),
    file: text('file', { enum: ['household', 'person'] }).notNull(),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    value: text('value'),
    reason: text('reason').notNull(),
  },
  (t) => [index('import_error_run_idx').on(t.runId, t.file, t.row)],
);

/**
 * The households of a run and what the run does with each: `new`, `changed`, `unchanged`, `stale` (older than
 * the registry), `held` (an invalid row in valid-only mode). Applied in KK order.
 */
export const importUnit = pgTable(
  'import_unit',
  {
    runId: integer('run_id').notNull(),
    kkNumber: text('kk_number').notNull(),
    action: text('action', { enum: ['new', 'changed', 'unchanged', 'stale', 'held'] }).notNull(),
    householdId: integer('household_id'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.kkNumber] })],
);

const stageText = (name: string) => text(name);

/**
 * Household rows of a run, trimmed and normalised, with the errors their own checks found; `row` is the row
 * number the user sees. The staging tables are UNLOGGED (migration 0026): a database crash empties them, and a
 * run whose staged rows are gone fails with a clear message instead of applying half a file.
 */
export const importHouseholdStage = pgTable(
  'import_household_stage',
  {
    runId: integer('run_id').notNull(),
    row: integer('row').notNull(),
    kkNumber: stageText('kk_number'),
    kelurahanCode: stageText('kelurahan_code'),
    rw: stageText('rw'),
    rt: stageText('rt'),
    address: stageText('address'),
    tenure: stageText('tenure'),
    floorAreaM2: stageText('floor_area_m2'),
    floorMaterial: stageText('floor_material'),
    wallMaterial: stageText('wall_material'),
    roofMaterial: stageText('roof_material'),
    waterSource: stageText('water_source'),
    lightingSource: stageText('lighting_source'),
    electricityVa: stageText('electricity_va'),
    cookingFuel: stageText('cooking_fuel'),
    toiletFacility: stageText('toilet_facility'),
    hasRefrigerator: stageText('has_refrigerator'),
    hasAirConditioner: stageText('has_air_conditioner'),
    hasMotorcycle: stageText('has_motorcycle'),
    hasCar: stageText('has_car'),
    hasComputer: stageText('has_computer'),
    hasGold: stageText('has_gold'),
    hasLand: stageText('has_land'),
    propertyNjop: stageText('property_njop'),
    /** The row's own errors, `[header, value, reason][]` (imports.rows.ts); null when it has none. */
    errors: jsonb('errors'),
  },
  (t) => [index('import_household_stage_kk_idx').on(t.runId, t.kkNumber)],
);

/** Person rows of a run, as the household rows. */
export const importPersonStage = pgTable(
  'import_person_stage',
  {
    runId: integer('run_id').notNull(),
    row: integer('row').notNull(),
    kkNumber: stageText('kk_number'),
    nik: stageText('nik'),
    name: stageText('name'),
    sex: stageText('sex'),
    birthDate: stageText('birth_date'),
    birthPlace: stageText('birth_place'),
    ktpRegionCode: stageText('ktp_region_code'),
    maritalStatus: stageText('marital_status'),
    education: stageText('education'),
    occupation: stageText('occupation'),
    disability: stageText('disability'),
    chronicIllness: stageText('chronic_illness'),
    schoolEnrolment: stageText('school_enrolment'),
    relationship: stageText('relationship'),
    position: stageText('position'),
    errors: jsonb('errors'),
  },
  (t) => [index('import_person_stage_kk_idx').on(t.runId, t.kkNumber)],
);
