import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { region } from '../regions/regions.schema.ts';

/**
 * Enumerations of the socio-economic variables, after the Regsosek/DTSEN forms (domain brief §3.3).
 * Stored as text; the API validates against these lists.
 */
export const enums = {
  tenure: ['own', 'contract', 'rent', 'free', 'official', 'other'],
  floorMaterial: ['ceramic', 'tile_terrazzo', 'cement', 'wood_quality', 'wood_cheap_bamboo', 'earth'],
  wallMaterial: ['brick_concrete', 'plaster_bamboo_wire', 'wood', 'bamboo_thatch', 'other'],
  roofMaterial: ['concrete', 'tile', 'metal_zinc', 'asbestos', 'wood_thatch', 'other'],
  waterSource: ['bottled', 'piped', 'pump_well', 'protected_well', 'unprotected_well', 'rain_other'],
  lightingSource: ['pln_metered', 'pln_unmetered', 'non_pln', 'none'],
  cookingFuel: ['electricity', 'lpg_large', 'lpg_3kg', 'kerosene', 'wood_charcoal', 'none'],
  toiletFacility: ['own_with_septic', 'own_no_septic', 'shared', 'public', 'none'],
  sex: ['M', 'F'],
  relationship: [
    'head',
    'spouse',
    'child',
    'child_in_law',
    'grandchild',
    'parent',
    'parent_in_law',
    'other_relative',
    'other',
  ],
  education: ['none', 'sd_incomplete', 'sd', 'smp', 'sma', 'smk', 'diploma', 'bachelor', 'postgraduate'],
  occupation: [
    'not_working',
    'student',
    'housekeeping',
    'farmer_fisher',
    'labourer',
    'informal_trader',
    'driver',
    'private_employee',
    'entrepreneur',
    'civil_servant',
    'military_police',
    'bumn_employee',
    'retired',
  ],
  disability: ['none', 'physical', 'visual', 'hearing', 'intellectual', 'mental', 'multiple'],
  schoolEnrolment: ['not_yet', 'enrolled', 'not_enrolled', 'dropped_out', 'completed'],
  maritalStatus: ['single', 'married', 'divorced', 'widowed'],
} as const;

/** Columns every registry record carries: when it was created, where it came from, and per-field provenance. */
function provenanceColumns() {
  return {
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Where the record as a whole came from (e.g. `synthetic-seed`, `dtsen-import`, `field-verification`). */
    source: text('source').notNull(),
    /** Per-field provenance: `{ field: { source, actorId, at } }`; fields absent here carry `source` and the start of the first version. */
    provenance: jsonb('provenance')
      .notNull()
      .default(sql`'{}'::jsonb`),
  };
}

/** A household (keluarga) identified by its family card (KK) number, placed at its domicile. */
export const household = pgTable(
  'household',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kkNumber: text('kk_number').notNull(),
    kelurahanCode: text('kelurahan_code')
      .notNull()
      .references(() => region.code),
    rw: text('rw').notNull(),
    rt: text('rt').notNull(),
    address: text('address').notNull(),
    status: text('status', { enum: ['active', 'inactive', 'merged'] })
      .notNull()
      .default('active'),
    // Housing (Regsosek housing block)
    tenure: text('tenure').notNull(),
    floorAreaM2: numeric('floor_area_m2').notNull(),
    floorMaterial: text('floor_material').notNull(),
    wallMaterial: text('wall_material').notNull(),
    roofMaterial: text('roof_material').notNull(),
    waterSource: text('water_source').notNull(),
    lightingSource: text('lighting_source').notNull(),
    electricityVa: integer('electricity_va'),
    cookingFuel: text('cooking_fuel').notNull(),
    toiletFacility: text('toilet_facility').notNull(),
    // Assets (Regsosek asset block)
    hasRefrigerator: boolean('has_refrigerator').notNull(),
    hasAirConditioner: boolean('has_air_conditioner').notNull(),
    hasMotorcycle: boolean('has_motorcycle').notNull(),
    hasCar: boolean('has_car').notNull(),
    hasComputer: boolean('has_computer').notNull(),
    hasGold: boolean('has_gold').notNull(),
    hasLand: boolean('has_land').notNull(),
    /** Tax value (NJOP) of property owned, Rp; a Jakarta exclusion rule uses > Rp1 billion. */
    propertyNjop: numeric('property_njop'),
    // Versioning and provenance
    version: integer('version').notNull().default(1),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull().defaultNow(),
    ...provenanceColumns(),
  },
  (t) => [
    uniqueIndex('household_kk_number_uq').on(t.kkNumber),
    index('household_kelurahan_idx').on(t.kelurahanCode),
  ],
);

/** A person identified by NIK. NIK is not unique here: duplicates exist until deduplication resolves them. */
export const person = pgTable(
  'person',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    nik: text('nik').notNull(),
    name: text('name').notNull(),
    sex: text('sex', { enum: enums.sex }).notNull(),
    birthDate: date('birth_date').notNull(),
    birthPlace: text('birth_place'),
    /** Kemendagri code of the KTP (identity card) address; may lie outside Jakarta (newcomers). */
    ktpRegionCode: text('ktp_region_code'),
    maritalStatus: text('marital_status').notNull(),
    education: text('education').notNull(),
    occupation: text('occupation').notNull(),
    disability: text('disability').notNull().default('none'),
    chronicIllness: boolean('chronic_illness').notNull().default(false),
    schoolEnrolment: text('school_enrolment').notNull(),
    status: text('status', { enum: ['active', 'deceased', 'moved_out', 'merged'] })
      .notNull()
      .default('active'),
    ...provenanceColumns(),
  },
  (t) => [
    index('person_nik_idx').on(t.nik),
    index('person_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

/** Membership of a person in a household over time, with their relationship to the head. */
export const householdMember = pgTable(
  'household_member',
  {
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    relationship: text('relationship').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    /** Position on the family card, for a stable display order. */
    position: smallint('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.personId, t.startDate] }),
    index('household_member_person_idx').on(t.personId),
  ],
);

/**
 * Version history: every change to a household stores the state it replaced (household, members and their
 * person records) as a snapshot, so any household can be read as it was at any instant.
 */
export const householdVersion = pgTable(
  'household_version',
  {
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    version: integer('version').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    snapshot: jsonb('snapshot').notNull(),
    /** Who replaced this version, from which source, and why. */
    changedBy: integer('changed_by'),
    changeSource: text('change_source').notNull(),
    changeReason: text('change_reason'),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.version] })],
);
