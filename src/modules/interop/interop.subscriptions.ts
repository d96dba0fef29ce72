/**
 * Notifications (issue 6, parts 4 and 5): each subscription reads the change feed from its own cursor, and what
 * it matches becomes one `notify` message in the outbox, in the transaction that moves the cursor (so an event
 * is queued once). The delivery worker POSTs outbox messages to the client's callback and retries failures with
 * exponential back-off (2^attempts seconds); after `maxAttempts` a message is marked failed.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { RegistrySigner, SignedParts } from './dci.signature.ts';
import { feedHorizon, readFeed, type FeedCursor, type FeedEvent } from './interop.feed.ts';
import { dciOutbox, dciSubscription } from './interop.schema.ts';

export const maxAttempts = 6;
/** Events per notify message. */
const batchSize = 500;

/** The feed position every committed event is at or before: a new subscription starts here. */
export async function feedHeadCursor(db: Db): Promise<FeedCursor> {
  const horizon = await feedHorizon(db);
  const [row] = await queryRows<{ txid: string | null; id: string | null }>(
    db,
    sql`SELECT txid::text AS txid, id::text AS id FROM registry_event WHERE txid < ${horizon}::bigint
      ORDER BY txid DESC, id DESC LIMIT 1`,
  );
  return row?.txid ? { txid: Number(row.txid), id: Number(row.id) } : { txid: 0, id: 0 };
}

/** The notify message of some feed events for a subscription (NotifyEventRequest in its envelope). */
export function notifyMessage(subscriptionCode: string, events: readonly FeedEvent[]) {
  return {
    header: {
      version: '1.0.0',
      message_id: randomUUID(),
      message_ts: new Date().toISOString(),
      action: 'notify' as const,
      status: 'succ' as const,
      total_count: events.length,
      completed_count: events.length,
      sender_id: 'tepat.jakarta',
      is_msg_encrypted: false,
      meta: { subscription_code: subscriptionCode },
    },
    message: {
      transaction_id: randomUUID(),
      notify_event: events.map((e) => ({
        reference_id: String(e.eventId),
        timestamp: e.occurredAt,
        data: {
          version: '1.0.0',
          reg_type: 'ns:org:RegistryType:Social',
          reg_event_type: e.type,
          reg_record_type: 'Group',
          reg_records: {
            '@type': 'Group' as const,
            group_identifier: [{ identifier_type: 'HOUSEHOLD_ID', identifier_value: String(e.householdId) }],
            version: e.version,
            kelurahan_code: e.kelurahanCode,
            previous_kelurahan_code: e.previousKelurahanCode,
            occurred_at: e.occurredAt,
            cursor: e.cursor,
          },
        },
      })),
    },
  };
}

/**
 * Queues the notify messages of every live subscription: one message per subscription per batch of new events.
 * Loops over subscriptions (few), not over events. Returns the number of messages queued.
 */
export async function dispatchNotifications(db: Db): Promise<number> {
  const subscriptions = await db
    .select({ id: dciSubscription.id })
    .from(dciSubscription)
    .where(eq(dciSubscription.status, 'subscribe'))
    .orderBy(asc(dciSubscription.id));
  let queued = 0;
  for (const { id } of subscriptions) {
    queued += await db.transaction(async (tx) => {
      // The row lock makes two dispatchers take turns on a subscription: an event is queued once.
      const [s] = await tx.select().from(dciSubscription).where(eq(dciSubscription.id, id)).for('update');
      if (!s || s.status !== 'subscribe') return 0;
      const { events, next } = await readFeed(
        tx,
        s.regionCode,
        { txid: s.cursorTxid, id: s.cursorId },
        batchSize,
        s.eventTypes,
      );
      if (events.length === 0) return 0;
      await tx.insert(dciOutbox).values({
        clientId: s.clientId,
        subscriptionId: s.id,
        url: s.callbackUrl,
        payload: notifyMessage(s.code, events),
      });
      await tx
        .update(dciSubscription)
        .set({ cursorTxid: next.txid, cursorId: next.id })
        .where(eq(dciSubscription.id, s.id));
      return 1;
    });
  }
  return queued;
}

/** Queues one message (an on-search answer) for a client's callback. */
export async function enqueueMessage(db: Db, clientId: number, url: string, payload: unknown): Promise<void> {
  await db.insert(dciOutbox).values({ clientId, url, payload });
}

export type Poster = (url: string, body: string) => Promise<{ ok: boolean; status: number }>;

const httpPost: Poster = async (url, body) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { ok: response.ok, status: response.status };
};

/** How long a claimed message is leased to one worker before another may try it. */
const leaseSeconds = 60;

/**
 * Delivers due outbox messages (up to `limit`): POST, then delivered, or retried later, or failed after
 * `maxAttempts`. One statement claims the due rows (SKIP LOCKED, and a lease: their next attempt moves a minute
 * on), so concurrent workers never send the same message at once; the POSTs run outside any transaction. Each
 * message is signed by `signer` as it is sent, so its signature is fresh on every attempt.
 */
export async function deliverOutbox(
  db: Db,
  signer: RegistrySigner,
  post: Poster = httpPost,
  limit = 50,
): Promise<{ delivered: number; failed: number; retried: number }> {
  const claimed = await queryRows<{ id: string; url: string; payload: unknown; attempts: number }>(
    db,
    sql`UPDATE dci_outbox SET next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
      WHERE id IN (SELECT id FROM dci_outbox WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, url, payload, attempts`,
  );
  const outcomes = await Promise.all(
    claimed.map(async (row) => {
      try {
        const result = await post(row.url, JSON.stringify(signer.sign(row.payload as SignedParts)));
        return { row, error: result.ok ? null : `HTTP ${result.status}` };
      } catch (e) {
        return { row, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  const results = outcomes.map(({ row, error }) => ({
    id: Number(row.id),
    attempts: row.attempts + 1,
    error: error?.slice(0, 500) ?? null,
  }));
  if (results.length > 0)
    await db.execute(sql`UPDATE dci_outbox o SET attempts = r.attempts, last_error = r.error,
        status = CASE WHEN r.error IS NULL THEN 'delivered' WHEN r.attempts >= ${maxAttempts} THEN 'failed' ELSE 'pending' END,
        delivered_at = CASE WHEN r.error IS NULL THEN now() END,
        next_attempt_at = now() + make_interval(secs => power(2, r.attempts)::int)
      FROM jsonb_to_recordset(${JSON.stringify(results)}::jsonb) AS r(id bigint, attempts int, error text)
      WHERE o.id = r.id`);
  const delivered = results.filter((r) => r.error === null).length;
  const failed = results.filter((r) => r.error !== null && r.attempts >= maxAttempts).length;
  return { delivered, failed, retried: results.length - delivered - failed };
}

/**
 * Runs dispatch and delivery every `everyMs` in the server process (one round at a time); returns a stop function.
 * Errors are logged and the next round tries again: the outbox keeps what was not delivered.
 */
export function startNotifyWorker(
  db: Db,
  signer: RegistrySigner,
  logger: { error: (o: object, m: string) => void },
  everyMs = 5_000,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchNotifications(db)
      .then(() => deliverOutbox(db, signer))
      .catch((err: unknown) => logger.error({ err }, 'notify worker round failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
