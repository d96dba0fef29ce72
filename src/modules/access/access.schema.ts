import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { region } from '../regions/regions.schema.ts';
import { household } from '../registry/registry.schema.ts';

/** Roles of product.md §2. */
export const roles = [
  'secretariat',
  'kota_tkpk',
  'kecamatan_operator',
  'kelurahan_operator',
  'field_officer',
  'agency',
  'partner',
  'inspector',
] as const;
export type Role = (typeof roles)[number];

export const appUser = pgTable('app_user', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: roles }).notNull(),
  /** The area the user works in (Kemendagri code); scopes nest by code prefix. */
  regionCode: text('region_code')
    .notNull()
    .references(() => region.code),
  /** Agency or partner organisation code, for those roles. */
  organisation: text('organisation'),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions; the cookie carries only a random token whose SHA-256 is stored here. */
export const session = pgTable(
  'session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

/** Login attempts, for rate limiting by username and by client address. */
export const loginAttempt = pgTable(
  'login_attempt',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    clientAddress: text('client_address').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempt_username_at_idx').on(t.username, t.at),
    index('login_attempt_client_at_idx').on(t.clientAddress, t.at),
  ],
);

/** Households assigned to a field officer: the officer's whole scope. */
export const householdAssignment = pgTable(
  'household_assignment',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => household.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.householdId] }),
    index('household_assignment_household_idx').on(t.householdId),
  ],
);
