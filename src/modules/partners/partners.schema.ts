import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { evidenceFile } from '../field/field.schema.ts';
import { delivery, enrolment } from '../ledger/ledger.schema.ts';
import { planActivity } from '../plans/plans.schema.ts';
import { program } from '../programs/programs.schema.ts';
import { household, person } from '../registry/registry.schema.ts';

export const partnerKinds = ['csr', 'ngo', 'zakat', 'university', 'faith_based', 'other'] as const;
export type PartnerKind = (typeof partnerKinds)[number];
export const pledgeStatuses = ['pledged', 'active', 'fulfilled', 'withdrawn'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

/**
 * A partner organisation (CSR, NGO, zakat body, university…). Its `code` is what partner users carry in
 * `app_user.organisation` and what the ledger stores as `enrolment.provider` for what it delivers, so the three
 * agree without a join table (access keeps the organisation as a code; there is no other organisation table).
 */
export const partnerOrganisation = pgTable(
  'partner_organisation',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: partnerKinds }).notNull(),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    /** The pillars (1–4) it works in. */
    pillars: smallint('pillars')
      .array()
      .notNull()
      .default(sql`'{}'::smallint[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('partner_organisation_code_check', sql`${t.code} ~ '^[A-Z0-9_-]{2,32}$'`)],
);

/**
 * What a partner promises: money and/or households reached, in a pillar (and optionally a program), for a plan
 * activity, in some locations, over a period. Its realised value is the sum of its delivery reports.
 */
export const partnerPledge = pgTable(
  'partner_pledge',
  {
    id: serial('id').primaryKey(),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => partnerOrganisation.code),
    pillar: smallint('pillar').notNull(),
    programCode: text('program_code').references(() => program.code),
    planActivityId: integer('plan_activity_id').references(() => planActivity.id),
    /** Region codes (kota, kecamatan or kelurahan) where the pledge applies. */
    locations: text('locations')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Rupiah. */
    amount: bigint('amount', { mode: 'number' }),
    householdsTarget: integer('households_target'),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    status: text('status', { enum: pledgeStatuses }).notNull().default('pledged'),
    note: text('note'),
    createdBy: integer('created_by').references(() => appUser.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('partner_pledge_pillar_check', sql`${t.pillar} between 1 and 4`),
    check('partner_pledge_value_check', sql`${t.amount} IS NOT NULL OR ${t.householdsTarget} IS NOT NULL`),
    check('partner_pledge_amount_check', sql`${t.amount} IS NULL OR ${t.amount} >= 0`),
    check('partner_pledge_target_check', sql`${t.householdsTarget} IS NULL OR ${t.householdsTarget} > 0`),
    check('partner_pledge_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
    index('partner_pledge_organisation_idx').on(t.organisationCode),
  ],
);

/**
 * A household's consent to be served by a partner for a purpose in a pillar: who consented (the head or a member),
 * when, the signed form if uploaded, and its withdrawal. Without an unwithdrawn consent no assignment exists in
 * effect and the partner sees nothing of the household.
 */
export const partnerConsent = pgTable(
  'partner_consent',
  {
    id: serial('id').primaryKey(),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    organisationCode: text('organisation_code')
      .notNull()
      .references(() => partnerOrganisation.code),
    pillar: smallint('pillar').notNull(),
    purpose: text('purpose').notNull(),
    /** The member (head or other current member) who consented. */
    consentingPersonId: bigint('consenting_person_id', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    evidenceFileId: uuid('evidence_file_id').references(() => evidenceFile.id),
    /** A phone number the household gave for the partner to reach it (the registry stores none). */
    contactPhone: text('contact_phone'),
    recordedBy: integer('recorded_by').references(() => appUser.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: integer('withdrawn_by').references(() => appUser.id, { onDelete: 'set null' }),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [
    check('partner_consent_pillar_check', sql`${t.pillar} between 1 and 4`),
    uniqueIndex('partner_consent_open_key')
      .on(t.householdId, t.organisationCode, t.pillar)
      .where(sql`${t.withdrawnAt} IS NULL`),
    index('partner_consent_organisation_idx').on(t.organisationCode),
  ],
);

/** A household assigned to a partner's pledge, under a consent; visible to the partner while both are in effect. */
export const partnerAssignment = pgTable(
  'partner_assignment',
  {
    id: serial('id').primaryKey(),
    pledgeId: integer('pledge_id')
      .notNull()
      .references(() => partnerPledge.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    consentId: integer('consent_id')
      .notNull()
      .references(() => partnerConsent.id),
    assignedBy: integer('assigned_by').references(() => appUser.id, { onDelete: 'set null' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('partner_assignment_open_key')
      .on(t.pledgeId, t.householdId)
      .where(sql`${t.endedAt} IS NULL`),
    index('partner_assignment_household_idx').on(t.householdId),
    index('partner_assignment_consent_idx').on(t.consentId),
  ],
);

/** A partner's report of what it delivered to an assigned household, linked to the ledger rows it produced. */
export const partnerDelivery = pgTable(
  'partner_delivery',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => partnerAssignment.id),
    pledgeId: integer('pledge_id')
      .notNull()
      .references(() => partnerPledge.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    enrolmentId: bigint('enrolment_id', { mode: 'number' })
      .notNull()
      .references(() => enrolment.id),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => delivery.id),
    /** What was given. */
    service: text('service').notNull(),
    deliveredOn: date('delivered_on').notNull(),
    /** Rupiah value of what was given. */
    value: bigint('value', { mode: 'number' }).notNull(),
    reportedBy: integer('reported_by').references(() => appUser.id, { onDelete: 'set null' }),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('partner_delivery_delivery_key').on(t.deliveryId),
    index('partner_delivery_pledge_idx').on(t.pledgeId),
    check('partner_delivery_value_check', sql`${t.value} >= 0`),
  ],
);
