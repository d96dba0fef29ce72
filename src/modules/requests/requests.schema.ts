import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { household } from '../registry/registry.schema.ts';

/** The kinds of change a requester may ask for (issue 4, part 5: pemutakhiran mandiri). */
export const changeRequestTypes = [
  'birth',
  'death',
  'move_in',
  'move_out',
  'household_split',
  'household_merge',
  'new_household',
  'correction',
  'recipient_challenge',
] as const;
export type ChangeRequestType = (typeof changeRequestTypes)[number];

/** submitted → verifying (a reviewer took it) → approved | rejected. A missed deadline is `overdue_since`. */
export const changeRequestStatuses = ['submitted', 'verifying', 'approved', 'rejected'] as const;
export type ChangeRequestStatus = (typeof changeRequestStatuses)[number];

/**
 * Where a request came from: the kelurahan desk (an operator on the resident's behalf), self-service, or a field
 * visit the supervisor approved that found a newcomer (the desk then checks the documents).
 */
export const changeRequestChannels = ['desk', 'self_service', 'field_verification'] as const;

/**
 * One change request with its life cycle. It is routed by `kelurahan_code` (the household's, or the proposed
 * household's) to that kelurahan's reviewers; past `due_at` it is marked overdue and escalated to the kecamatan.
 * `cycle` is the monthly update cycle it belongs to (requests after the cut-off day go to the next one).
 */
export const changeRequest = pgTable(
  'change_request',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** What the requester quotes to check the status; random, not guessable from the id. */
    trackingCode: text('tracking_code').notNull().unique(),
    /** Made by the client form: the same form submitted twice gives the first request back. */
    clientId: uuid('client_id').unique(),
    type: text('type', { enum: changeRequestTypes }).notNull(),
    channel: text('channel', { enum: changeRequestChannels }).notNull(),
    status: text('status', { enum: changeRequestStatuses }).notNull().default('submitted'),
    householdId: bigint('household_id', { mode: 'number' }).references(() => household.id),
    kelurahanCode: text('kelurahan_code').notNull(),
    requesterUserId: integer('requester_user_id').references(() => appUser.id),
    /** The resident who asked (self-service: identified by NIK and KK number; desk: as told to the operator). */
    requesterNik: text('requester_nik'),
    requesterName: text('requester_name'),
    payload: jsonb('payload').notNull(),
    /** `[{ evidenceId, kind }]`: the documents given, by kind (akta kelahiran, surat pindah, …). */
    evidence: jsonb('evidence')
      .notNull()
      .default(sql`'[]'::jsonb`),
    cycle: text('cycle').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    overdueSince: timestamp('overdue_since', { withTimezone: true }),
    reviewerId: integer('reviewer_id').references(() => appUser.id),
    verifyingSince: timestamp('verifying_since', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => appUser.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** What approval did to the registry (household ids and versions), for the requester and the auditor. */
    result: jsonb('result'),
  },
  (t) => [
    index('change_request_area_idx').on(t.kelurahanCode, t.status),
    index('change_request_due_idx').on(t.status, t.dueAt),
    index('change_request_household_idx').on(t.householdId),
    check('change_request_cycle_format', sql`${t.cycle} ~ '^\\d{4}-\\d{2}$'`),
  ],
);

/** Settings an administrator may change at run time (deadlines, the monthly cut-off day), as JSON by key. */
export const appSetting = pgTable('app_setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: integer('updated_by').references(() => appUser.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
