/** The SQL of field verification: submissions, their changes, and the households an officer downloads. */
import { sql } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../../db/client.ts';
import {
  addMembers,
  memberColumnCount,
  memberOrder,
  memberSelectList,
} from '../registry/registry.repository.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import type { JudgedChange } from './field.merge.ts';

export interface StoredSubmission {
  id: number;
  clientId: string;
  officerId: number;
  unchangedCount: number;
  clean: number;
  conflicts: string[];
}

/**
 * The statements of the upload path (field.intake.ts) are fixed, their lists passed as array parameters, and run
 * by name (`queryPrepared`): every group of visits runs the same few statements, each planned once per connection
 * instead of being built and planned anew for each group.
 */
const submissionsByClientIdsSql = `SELECT s.id::int, s.client_id::text AS "clientId", s.officer_id AS "officerId",
         s.unchanged_count AS "unchangedCount",
         count(c.id) FILTER (WHERE c.state = 'clean')::int AS clean,
         COALESCE(array_agg(c.key ORDER BY c.key) FILTER (WHERE c.state = 'conflict'), '{}') AS conflicts
  FROM field_submission s LEFT JOIN field_change c ON c.submission_id = s.id
  WHERE s.client_id = ANY($1::uuid[])
  GROUP BY s.id`;

/** Submissions by their phone-made ids, with their change counts, keyed by client id (lower case). */
export async function findSubmissionsByClientIds(
  db: Db,
  clientIds: readonly string[],
): Promise<Map<string, StoredSubmission>> {
  if (clientIds.length === 0) return new Map();
  const rows = await queryPrepared<StoredSubmission>(
    db,
    'field.submissions-by-client-ids',
    submissionsByClientIdsSql,
    [clientIds],
  );
  return new Map(rows.map((r) => [r.clientId, r]));
}

const versionStatesSql = `SELECT v.household_id::text AS "householdId", v.version, v.snapshot
  FROM household_version v
  WHERE v.household_id = ANY($1::bigint[])
    AND EXISTS (SELECT 1 FROM unnest($1::bigint[], $2::int[]) AS w(household_id, version)
                WHERE w.household_id = v.household_id AND w.version = v.version)`;

/** Households as they were at given versions (stored version snapshots), keyed `<householdId>@<version>`. */
export async function findVersionStates(
  db: Db,
  wanted: readonly { householdId: number; version: number }[],
): Promise<Map<string, HouseholdState>> {
  if (wanted.length === 0) return new Map();
  const rows = await queryPrepared<{ householdId: string; version: number; snapshot: unknown }>(
    db,
    'field.version-states',
    versionStatesSql,
    [wanted.map((w) => w.householdId), wanted.map((w) => w.version)],
  );
  return new Map(rows.map((r) => [`${r.householdId}@${r.version}`, r.snapshot as HouseholdState]));
}

/**
 * The members of the households (`memberSelectList`) and, in the same statement, the rivals: other officers'
 * pending changes to the given keys, one JSON object a row (`rival`, the member columns null), after the members.
 * The rivals are driven by the wanted (household, key) pairs (few) through the (household_id, key) index, a plan
 * that stays good when the statement is planned once for every later call.
 */
const membersAndRivalsSql = `SELECT NULL::json AS rival, ${memberSelectList}
  FROM household_member m JOIN person p ON p.id = m.person_id
  WHERE m.household_id = ANY($1::bigint[])
  UNION ALL
  SELECT json_build_object('id', c.id::text, 'householdId', c.household_id::text, 'key', c.key,
                           'proposed', c.proposed_value),
         ${Array<string>(memberColumnCount).fill('NULL').join(', ')}
  FROM unnest($2::bigint[], $3::text[], $4::int[]) AS w(household_id, key, officer_id)
  JOIN field_change c ON c.household_id = w.household_id AND c.key = w.key
  JOIN field_submission s ON s.id = c.submission_id
  WHERE s.status = 'pending' AND s.officer_id <> w.officer_id
  ORDER BY ${memberOrder}`;

/** Another officer's pending change of a key of a household. */
export interface RivalChange {
  id: number;
  householdId: number;
  key: string;
  proposed: unknown;
}

/**
 * Adds their members to the states (households found by `findHouseholdRecords`, locked when they are to be written)
 * and returns the changes of other officers' pending submissions to the given keys of each household (each
 * household asked at most once), in one round trip.
 */
export async function findMembersAndRivals(
  db: Db,
  states: Map<number, HouseholdState>,
  wanted: readonly { householdId: number; keys: readonly string[]; officerId: number }[],
): Promise<RivalChange[]> {
  if (states.size === 0) return [];
  const pairs = wanted.flatMap((w) => w.keys.map((key) => ({ ...w, key })));
  const rows = await queryPrepared<Record<string, unknown> & { rival: Record<string, unknown> | null }>(
    db,
    'field.members-and-rivals',
    membersAndRivalsSql,
    [
      [...states.keys()],
      pairs.map((p) => p.householdId),
      pairs.map((p) => p.key),
      pairs.map((p) => p.officerId),
    ],
  );
  const rivals = rows.flatMap((r) => (r.rival ? [r.rival] : []));
  addMembers(
    states,
    rows.filter((r) => !r.rival),
  );
  return rivals.map((r) => ({
    id: Number(r.id),
    householdId: Number(r.householdId),
    key: r.key as string,
    proposed: r.proposed,
  }));
}

/** A new submission as `insertSubmissions` takes it: its row, its judged changes and the rival changes it flags. */
export interface NewSubmission {
  clientId: string;
  officerId: number;
  householdId: number;
  baseVersion: number;
  outcome: string;
  notes: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracyM: number | null;
  capturedAt: string;
  unchangedCount: number;
  payload: unknown;
  changes: readonly JudgedChange[];
  /** Other officers' pending changes to mark as conflicts. */
  rivalIds: readonly number[];
}

const insertSubmissionsSql = `WITH s AS (
      INSERT INTO field_submission (client_id, officer_id, household_id, base_version, outcome, notes, latitude,
                                    longitude, accuracy_m, captured_at, unchanged_count, payload)
      SELECT "clientId", "officerId", "householdId", "baseVersion", outcome, notes, latitude, longitude,
             "accuracyM", "capturedAt", "unchangedCount", payload
      FROM jsonb_to_recordset($1::jsonb) AS x(
        "clientId" uuid, "officerId" integer, "householdId" bigint, "baseVersion" integer, outcome text,
        notes text, latitude double precision, longitude double precision, "accuracyM" real,
        "capturedAt" timestamptz, "unchangedCount" integer, payload jsonb)
      ON CONFLICT (client_id) DO NOTHING
      RETURNING id, client_id),
    c AS (
      INSERT INTO field_change (submission_id, household_id, key, base_value, current_value, proposed_value,
                                state)
      SELECT s.id, x."householdId", x.key, x.base, x.current, x.proposed, x.state
      FROM jsonb_to_recordset($2::jsonb) AS x(
        "clientId" uuid, "householdId" bigint, key text, base jsonb, current jsonb, proposed jsonb, state text)
      JOIN s ON s.client_id = x."clientId"),
    m AS (
      UPDATE field_change SET state = 'conflict'
      WHERE id IN (SELECT r.id FROM jsonb_to_recordset($3::jsonb) AS r(id bigint, "clientId" uuid)
                   JOIN s ON s.client_id = r."clientId"))
    SELECT id::int, client_id::text AS "clientId" FROM s`;

/**
 * Inserts submissions with their changes and marks the rival changes they conflict with, in one statement (the
 * rows travel as JSON parameters); returns the new ids by client id (lower case). A client id stored meanwhile
 * (a concurrent retry) inserts and marks nothing, and is missing from the map.
 */
export async function insertSubmissions(
  db: Db,
  values: readonly NewSubmission[],
): Promise<Map<string, number>> {
  if (values.length === 0) return new Map();
  const submissions = values.map(({ changes: _changes, rivalIds: _rivalIds, ...row }) => row);
  const changes = values.flatMap(({ clientId, householdId, changes }) =>
    changes.map((c) => ({
      clientId,
      householdId,
      key: c.key,
      base: c.base,
      current: c.current,
      proposed: c.proposed,
      state: c.state === 'conflict' ? 'conflict' : 'clean',
    })),
  );
  const rivals = values.flatMap(({ clientId, rivalIds }) => rivalIds.map((id) => ({ clientId, id })));
  const rows = await queryPrepared<{ id: number; clientId: string }>(
    db,
    'field.insert-submissions',
    insertSubmissionsSql,
    [JSON.stringify(submissions), JSON.stringify(changes), JSON.stringify(rivals)],
  );
  return new Map(rows.map((r) => [r.clientId, r.id]));
}

/** Ids of the households assigned to a field officer, in id order. */
export async function findAssignedHouseholdIds(db: Db, userId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT a.household_id::int AS id FROM household_assignment a
        JOIN household h ON h.id = a.household_id AND h.status = 'active'
        WHERE a.user_id = ${userId} ORDER BY a.household_id`,
  );
  return rows.map((r) => r.id);
}
