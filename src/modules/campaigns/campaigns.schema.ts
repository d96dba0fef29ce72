import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
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
import { appUser } from '../access/access.schema.ts';
import { household } from '../registry/registry.schema.ts';
import type { CampaignCriteria } from './campaigns.criteria.ts';

export const campaignStatuses = ['draft', 'active', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/**
 * A verification campaign (issue 4, part 1): a purpose, an area (one or more kota, kecamatan or kelurahan codes),
 * a period and criteria (campaigns.criteria.ts) that select the households to visit. Households are assigned to
 * field officers while it is active.
 */
export const verificationCampaign = pgTable(
  'verification_campaign',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    /** Kemendagri codes of the campaign's area; a household is in it when its kelurahan lies in any of them. */
    areaCodes: text('area_codes').array().notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    criteria: jsonb('criteria').$type<CampaignCriteria>().notNull(),
    status: text('status', { enum: campaignStatuses }).notNull().default('draft'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('verification_campaign_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
    check('verification_campaign_status_check', sql`${t.status} IN ('draft', 'active', 'closed')`),
  ],
);

/**
 * A household a campaign gave to a field officer: at most once per campaign. Assigning also grants the officer the
 * household in `household_assignment` (their download and scope), in the same statement.
 */
export const campaignAssignment = pgTable(
  'campaign_assignment',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => verificationCampaign.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    officerId: integer('officer_id')
      .notNull()
      .references(() => appUser.id),
    assignedBy: integer('assigned_by')
      .notNull()
      .references(() => appUser.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.householdId] }),
    index('campaign_assignment_officer_idx').on(t.campaignId, t.officerId),
    index('campaign_assignment_household_idx').on(t.householdId),
  ],
);
