import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { program } from '../programs/programs.schema.ts';
import { household, person } from '../registry/registry.schema.ts';

export const providerKinds = ['agency', 'partner'] as const;
export type ProviderKind = (typeof providerKinds)[number];
export const enrolmentStatuses = ['active', 'suspended', 'ended'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];
export const uploadFormats = ['csv', 'xlsx'] as const;
export const uploadModes = ['all_or_nothing', 'valid_only'] as const;
export type UploadMode = (typeof uploadModes)[number];
export const uploadStatuses = ['loaded', 'partially_loaded', 'rejected'] as const;

/** One row of an upload's error report: where (line of the file, column) and why. */
export interface UploadRowError {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** A beneficiary-list upload by an agency or partner, with its row-level report (issue 3, part 3). */
export const beneficiaryUpload = pgTable('beneficiary_upload', {
  id: serial('id').primaryKey(),
  programCode: text('program_code')
    .notNull()
    .references(() => program.code),
  provider: text('provider').notNull(),
  providerKind: text('provider_kind', { enum: providerKinds }).notNull(),
  fileName: text('file_name').notNull(),
  format: text('format', { enum: uploadFormats }).notNull(),
  mode: text('mode', { enum: uploadModes }).notNull(),
  status: text('status', { enum: uploadStatuses }).notNull(),
  rowsTotal: integer('rows_total').notNull(),
  rowsValid: integer('rows_valid').notNull(),
  rowsLoaded: integer('rows_loaded').notNull(),
  /** Every bad row: line, column, value, reason. */
  errors: jsonb('errors').$type<UploadRowError[]>().notNull(),
  /** Well-formed NIKs (or KK numbers) not found in the registry, with their lines. */
  unmatched: jsonb('unmatched').$type<{ line: number; value: string }[]>().notNull(),
  createdBy: integer('created_by').references(() => appUser.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The cross-agency ledger: who is enrolled in which program by which agency or partner. The unit is a person
 * (person programs) or a household (household programs, `person_id` null). One open enrolment per program,
 * provider and unit; the same unit enrolled by two providers is an overlap the targeting views report.
 */
export const enrolment = pgTable(
  'enrolment',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    programCode: text('program_code')
      .notNull()
      .references(() => program.code),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    personId: bigint('person_id', { mode: 'number' }).references(() => person.id),
    /** Agency code (DINSOS, DISDIK…) or partner organisation (BAZNAS…). */
    provider: text('provider').notNull(),
    providerKind: text('provider_kind', { enum: providerKinds }).notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    status: text('status', { enum: enrolmentStatuses }).notNull().default('active'),
    uploadId: integer('upload_id').references(() => beneficiaryUpload.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enrolment_open_key')
      .on(t.programCode, t.provider, t.householdId, sql`coalesce(${t.personId}, 0)`)
      .where(sql`${t.status} <> 'ended'`),
    index('enrolment_household_idx').on(t.householdId),
    index('enrolment_person_idx').on(t.personId),
    check('enrolment_dates_check', sql`${t.endDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
  ],
);

/** What was delivered to an enrolment in a period (a month's cash, a training, a food package). */
export const delivery = pgTable(
  'delivery',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    enrolmentId: bigint('enrolment_id', { mode: 'number' })
      .notNull()
      .references(() => enrolment.id, { onDelete: 'cascade' }),
    /** First day of the period delivered for. */
    period: date('period').notNull(),
    /** Rupiah, for cash benefits. */
    amount: bigint('amount', { mode: 'number' }),
    /** What was given, for in-kind benefits and services. */
    service: text('service'),
    deliveredOn: date('delivered_on'),
    verifiedOn: date('verified_on'),
    verifiedBy: integer('verified_by').references(() => appUser.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('delivery_period_key').on(t.enrolmentId, t.period)],
);
