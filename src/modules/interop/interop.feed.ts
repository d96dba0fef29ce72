/**
 * The registry change feed (issue 6, part 5): `registry_event` rows (written by triggers on `household` in the
 * transaction of each change) read in (txid, id) order from an opaque cursor, within the client's area.
 *
 * No gaps and no duplicates under concurrent writers: an event's position is (txid, id), txid being the writing
 * transaction's id. A transaction that started earlier can commit later, so reading "everything committed after
 * the cursor" could pass over rows that appear behind it later. The feed therefore first takes a *horizon*: the
 * smallest id of a transaction of this database still running, or, when none is, the next id to be assigned.
 * Then (in a later statement, hence a later snapshot) it returns only rows with txid below the horizon: every
 * transaction below it has ended, so no row can ever appear below it again, and each row is passed exactly once.
 * A long transaction holds the feed back until it ends; it never makes it skip.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { validationError } from '../../http/errors.ts';
import { codeWithin } from '../regions/region-sql.ts';

export interface FeedCursor {
  txid: number;
  id: number;
}

export interface FeedEvent {
  cursor: string;
  eventId: number;
  type: 'register' | 'update';
  householdId: number;
  version: number;
  kelurahanCode: string;
  previousKelurahanCode: string | null;
  occurredAt: string;
}

export const feedStart: FeedCursor = { txid: 0, id: 0 };

/** Cursors are opaque to clients: base64url of `txid.id`. */
export function encodeCursor(c: FeedCursor): string {
  return Buffer.from(`${c.txid}.${c.id}`).toString('base64url');
}

export function decodeCursor(text: string | undefined, path = 'query.after'): FeedCursor {
  if (text === undefined || text === '') return feedStart;
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match)
    throw validationError([{ path, reason: 'invalid_cursor', message: 'Not a cursor of this feed.' }]);
  return { txid: Number(match[1]), id: Number(match[2]) };
}

/**
 * The visibility horizon: rows with txid below it are final. The running transactions are read from the
 * server's activity view (restricted to this database: other databases' transactions cannot write here) and
 * matched to the full 64-bit ids of the snapshot's running list by their low 32 bits.
 */
export async function feedHorizon(db: Db): Promise<number> {
  const [row] = await queryRows<{ horizon: string }>(
    db,
    sql`WITH snap AS (SELECT pg_current_snapshot() AS s),
      mine AS (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity
        WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())
      SELECT coalesce(
        (SELECT min(x::text::bigint) FROM snap, pg_snapshot_xip(snap.s) x
          WHERE x::text::bigint % 4294967296 IN (SELECT xid FROM mine)),
        (SELECT pg_snapshot_xmax(s)::text::bigint FROM snap))::text AS horizon`,
  );
  return Number(row!.horizon);
}

/** Up to `limit` events after `after` inside `area`, and the cursor to resume from. */
export async function readFeed(
  db: Db,
  area: string,
  after: FeedCursor,
  limit: number,
  types: readonly string[] = ['register', 'update'],
): Promise<{ events: FeedEvent[]; next: FeedCursor }> {
  const horizon = await feedHorizon(db);
  const rows = await queryRows<Omit<FeedEvent, 'cursor'> & { txid: string; eventId: string }>(
    db,
    sql`SELECT id::text AS "eventId", txid::text AS txid, event_type AS type, household_id::int AS "householdId",
        version, kelurahan_code AS "kelurahanCode", previous_kelurahan_code AS "previousKelurahanCode",
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt"
      FROM registry_event
      WHERE (txid, id) > (${after.txid}::bigint, ${after.id}::bigint) AND txid < ${horizon}::bigint
        AND (${codeWithin(sql`kelurahan_code`, area)} OR ${codeWithin(sql`previous_kelurahan_code`, area)})
        AND event_type IN (${sql.join(
          types.map((t) => sql`${t}`),
          sql`, `,
        )})
      ORDER BY txid, id LIMIT ${limit}`,
  );
  const events = rows.map(({ txid, eventId, ...e }) => {
    const position = { txid: Number(txid), id: Number(eventId) };
    return { ...e, eventId: position.id, cursor: encodeCursor(position) };
  });
  const last = rows.at(-1);
  return { events, next: last ? { txid: Number(last.txid), id: Number(last.eventId) } : after };
}
