import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Scopes an API client may hold. */
export const apiScopes = ['dci:search', 'dci:subscribe', 'feed:read'] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * A machine client of the interoperability API (issue 6, parts 4 and 5): an agency system calling the DCI
 * social-registry endpoints or reading the change feed. Its secret is 32 random bytes shown once; only the
 * SHA-256 of it is stored (a high-entropy random secret needs no slow hash). `region_code` is the area it may read.
 */
export const apiClient = pgTable('api_client', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  regionCode: text('region_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * A client's Ed25519 public keys for DCI message signatures (dci.signature.ts). A client with an active key (not
 * revoked) must sign every DCI request; `key_id` is the middle part of the signature's `kidId`. The key is kept as
 * SPKI PEM. Rotating is adding the new key, then revoking the old one.
 */
export const apiClientKey = pgTable(
  'api_client_key',
  {
    id: serial('id').primaryKey(),
    clientId: integer('client_id')
      .notNull()
      .references(() => apiClient.id),
    keyId: text('key_id').notNull(),
    publicKey: text('public_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_client_key_client_key_uq').on(t.clientId, t.keyId)],
);

/**
 * The registry's change outbox: one row per household registered or changed (new version, status change),
 * written by statement-level triggers on `household` in the transaction of the change, whatever code path made
 * it. `txid` is the writing transaction's id (pg_current_xact_id); the feed orders by (txid, id) and reads only
 * rows of transactions older than the oldest one still running, so a page never skips a row that commits later.
 */
export const registryEvent = pgTable(
  'registry_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txid: bigint('txid', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    eventType: text('event_type', { enum: ['register', 'update'] }).notNull(),
    version: integer('version').notNull(),
    kelurahanCode: text('kelurahan_code').notNull(),
    previousKelurahanCode: text('previous_kelurahan_code'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registry_event_cursor_idx').on(t.txid, t.id)],
);

/** A DCI transaction received (search, subscribe, txn status), its correlation id and the response given. */
export const dciTransaction = pgTable(
  'dci_transaction',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    clientId: integer('client_id')
      .notNull()
      .references(() => apiClient.id),
    transactionId: text('transaction_id').notNull(),
    correlationId: text('correlation_id').notNull(),
    action: text('action').notNull(),
    referenceIds: text('reference_ids').array().notNull(),
    status: text('status', { enum: ['rcvd', 'pdng', 'succ', 'rjct'] }).notNull(),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dci_transaction_correlation_uq').on(t.correlationId),
    index('dci_transaction_client_idx').on(t.clientId, t.transactionId),
  ],
);

/**
 * A client's subscription to register/update events of an area (optionally narrowed by a desil ceiling), with
 * the callback that receives notify messages. `cursor_txid`/`cursor_id` are how far the dispatcher has read the
 * change feed for it: notifications are the feed, filtered and pushed.
 */
export const dciSubscription = pgTable('dci_subscription', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  clientId: integer('client_id')
    .notNull()
    .references(() => apiClient.id),
  regionCode: text('region_code').notNull(),
  eventTypes: text('event_types').array().notNull(),
  callbackUrl: text('callback_url').notNull(),
  cursorTxid: bigint('cursor_txid', { mode: 'number' }).notNull().default(0),
  cursorId: bigint('cursor_id', { mode: 'number' }).notNull().default(0),
  status: text('status', { enum: ['subscribe', 'unsubscribe'] })
    .notNull()
    .default('subscribe'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Messages waiting to be POSTed to a client's callback (notify, on-search), retried with back-off. */
export const dciOutbox = pgTable(
  'dci_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    clientId: integer('client_id')
      .notNull()
      .references(() => apiClient.id),
    subscriptionId: integer('subscription_id').references(() => dciSubscription.id),
    url: text('url').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('dci_outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);
