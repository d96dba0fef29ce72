/** The SQL of field verification: submissions, their changes, and the households an officer downloads. */
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { householdVersion } from '../registry/registry.schema.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import type { JudgedChange } from './field.merge.ts';
import { fieldChange, fieldSubmission } from './field.schema.ts';

export interface StoredSubmission {
  id: number;
  clientId: string;
  officerId: number;
  unchangedCount: number;
  clean: number;
  conflicts: string[];
}

const sqlList = (values: readonly (string | number)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Submissions by their phone-made ids, with their change counts, keyed by client id (lower case). */
export async function findSubmissionsByClientIds(
  db: Db,
  clientIds: readonly string[],
): Promise<Map<string, StoredSubmission>> {
  if (clientIds.length === 0) return new Map();
  const rows = await queryRows<StoredSubmission>(
    db,
    sql`SELECT s.id::int, s.client_id::text AS "clientId", s.officer_id AS "officerId",
               s.unchanged_count AS "unchangedCount",
               count(c.id) FILTER (WHERE c.state = 'clean')::int AS clean,
               COALESCE(array_agg(c.key ORDER BY c.key) FILTER (WHERE c.state = 'conflict'), '{}') AS conflicts
        FROM field_submission s LEFT JOIN field_change c ON c.submission_id = s.id
        WHERE s.client_id IN (${sqlList(clientIds)})
        GROUP BY s.id`,
  );
  return new Map(rows.map((r) => [r.clientId, r]));
}

/** Households as they were at given versions (stored version snapshots), keyed `<householdId>@<version>`. */
export async function findVersionStates(
  db: Db,
  wanted: readonly { householdId: number; version: number }[],
): Promise<Map<string, HouseholdState>> {
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      householdId: householdVersion.householdId,
      version: householdVersion.version,
      snapshot: householdVersion.snapshot,
    })
    .from(householdVersion)
    .where(
      or(
        ...wanted.map((w) =>
          and(eq(householdVersion.householdId, w.householdId), eq(householdVersion.version, w.version)),
        ),
      ),
    );
  return new Map(rows.map((r) => [`${r.householdId}@${r.version}`, r.snapshot as HouseholdState]));
}

/** Changes of other officers' pending submissions to the given keys of each household. */
export function findOthersPendingChanges(
  db: Db,
  wanted: readonly { householdId: number; keys: readonly string[]; officerId: number }[],
) {
  const conditions = wanted
    .filter((w) => w.keys.length > 0)
    .map((w) =>
      and(
        eq(fieldChange.householdId, w.householdId),
        inArray(fieldChange.key, [...w.keys]),
        ne(fieldSubmission.officerId, w.officerId),
      ),
    );
  if (conditions.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: fieldChange.id,
      householdId: fieldChange.householdId,
      key: fieldChange.key,
      proposed: fieldChange.proposedValue,
    })
    .from(fieldChange)
    .innerJoin(fieldSubmission, eq(fieldSubmission.id, fieldChange.submissionId))
    .where(and(eq(fieldSubmission.status, 'pending'), or(...conditions)));
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
  const rows = await queryRows<{ id: number; clientId: string }>(
    db,
    sql`WITH s AS (
          INSERT INTO field_submission (client_id, officer_id, household_id, base_version, outcome, notes, latitude,
                                        longitude, accuracy_m, captured_at, unchanged_count, payload)
          SELECT "clientId", "officerId", "householdId", "baseVersion", outcome, notes, latitude, longitude,
                 "accuracyM", "capturedAt", "unchangedCount", payload
          FROM jsonb_to_recordset(${JSON.stringify(submissions)}::jsonb) AS x(
            "clientId" uuid, "officerId" integer, "householdId" bigint, "baseVersion" integer, outcome text,
            notes text, latitude double precision, longitude double precision, "accuracyM" real,
            "capturedAt" timestamptz, "unchangedCount" integer, payload jsonb)
          ON CONFLICT (client_id) DO NOTHING
          RETURNING id, client_id),
        c AS (
          INSERT INTO field_change (submission_id, household_id, key, base_value, current_value, proposed_value,
                                    state)
          SELECT s.id, x."householdId", x.key, x.base, x.current, x.proposed, x.state
          FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS x(
            "clientId" uuid, "householdId" bigint, key text, base jsonb, current jsonb, proposed jsonb, state text)
          JOIN s ON s.client_id = x."clientId"),
        m AS (
          UPDATE field_change SET state = 'conflict'
          WHERE id IN (SELECT r.id FROM jsonb_to_recordset(${JSON.stringify(rivals)}::jsonb) AS r(id bigint, "clientId" uuid)
                       JOIN s ON s.client_id = r."clientId"))
        SELECT id::int, client_id::text AS "clientId" FROM s`,
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
