import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { household } from '../registry/registry.schema.ts';

/** What the officer found at the address (issue 4, part 2). */
export const visitOutcomes = ['found', 'moved', 'not_found', 'member_deceased'] as const;
export const submissionStatuses = ['pending', 'approved', 'rejected'] as const;
/**
 * How a stored change stands against the registry and other pending submissions (field.merge.ts): `clean` —
 * nobody else changed the field since the officer's base version; `conflict` — someone else did (in the registry,
 * or in another officer's pending submission), so a reviewer must choose.
 */
export const changeStates = ['clean', 'conflict'] as const;

/**
 * One field-verification visit as the phone sent it. `client_id` is made on the phone, so a retried upload never
 * creates a second row; `base_version` is the household version the officer started from. Nothing reaches the
 * registry before a supervisor approves (issue 4, part 4).
 */
export const fieldSubmission = pgTable(
  'field_submission',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    clientId: uuid('client_id').notNull(),
    officerId: integer('officer_id')
      .notNull()
      .references(() => appUser.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    baseVersion: integer('base_version').notNull(),
    outcome: text('outcome', { enum: visitOutcomes }).notNull(),
    notes: text('notes'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    accuracyM: real('accuracy_m'),
    /** When the officer saved the visit on the phone (its clock), and when the server received it. */
    capturedAt: timestamp('captured_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: submissionStatuses }).notNull().default('pending'),
    /** Proposed values the registry already held on arrival (not stored as changes). */
    unchangedCount: integer('unchanged_count').notNull().default(0),
    /** The submission exactly as received (evidence). */
    payload: jsonb('payload').notNull(),
    reviewedBy: integer('reviewed_by').references(() => appUser.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
  },
  (t) => [
    uniqueIndex('field_submission_client_key').on(t.clientId),
    index('field_submission_household_idx').on(t.householdId),
    index('field_submission_officer_idx').on(t.officerId, t.receivedAt),
    index('field_submission_pending_idx')
      .on(t.householdId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * One proposed field change of a submission, keyed as the registry's version diff keys fields: a household
 * field by name, `members.<personId>.<field>` for a member, `members.<personId>` for a member leaving, and
 * `members.new.<ref>` for a member added. Base, current and proposed values are kept for the reviewer.
 */
export const fieldChange = pgTable(
  'field_change',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    submissionId: bigint('submission_id', { mode: 'number' })
      .notNull()
      .references(() => fieldSubmission.id, { onDelete: 'cascade' }),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    key: text('key').notNull(),
    baseValue: jsonb('base_value'),
    currentValue: jsonb('current_value'),
    proposedValue: jsonb('proposed_value').notNull(),
    state: text('state', { enum: changeStates }).notNull(),
  },
  (t) => [
    uniqueIndex('field_change_submission_key').on(t.submissionId, t.key),
    index('field_change_household_key_idx').on(t.householdId, t.key),
    check('field_change_state_check', sql`${t.state} IN ('clean', 'conflict')`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** Kinds of evidence files accepted, by their content (magic bytes), not their name. */
export const evidenceTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;

/**
 * A photo or document backing a field visit or a change request, kept in the database: no file path is ever
 * derived from what the uploader sent, and it is backed up with the registry it supports.
 */
export const evidenceFile = pgTable(
  'evidence_file',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The household it is about; none for a proposed new household (then `kelurahan_code` scopes it). */
    householdId: bigint('household_id', { mode: 'number' }).references(() => household.id),
    kelurahanCode: text('kelurahan_code'),
    /** The signed-in uploader; none for a resident's self-service request. */
    uploadedBy: integer('uploaded_by').references(() => appUser.id),
    contentType: text('content_type', { enum: evidenceTypes }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** The uploader's file name, reduced to a safe display name (never used to store or find the file). */
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evidence_file_household_idx').on(t.householdId)],
);
