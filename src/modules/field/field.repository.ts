/** The SQL of field verification: submissions, their changes, and the households an officer downloads. */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { householdVersion } from '../registry/registry.schema.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import type { JudgedChange } from './field.merge.ts';
import { fieldChange, fieldSubmission } from './field.schema.ts';

export interface StoredSubmission {
  id: number;
  officerId: number;
  unchangedCount: number;
  clean: number;
  conflicts: string[];
}

/** A submission by its phone-made id, with its change counts; undefined when not received yet. */
export async function findSubmissionByClientId(
  db: Db,
  clientId: string,
): Promise<StoredSubmission | undefined> {
  const [row] = await queryRows<StoredSubmission>(
    db,
    sql`SELECT s.id::int, s.officer_id AS "officerId", s.unchanged_count AS "unchangedCount",
               count(c.id) FILTER (WHERE c.state = 'clean')::int AS clean,
               COALESCE(array_agg(c.key ORDER BY c.key) FILTER (WHERE c.state = 'conflict'), '{}') AS conflicts
        FROM field_submission s LEFT JOIN field_change c ON c.submission_id = s.id
        WHERE s.client_id = ${clientId}
        GROUP BY s.id`,
  );
  return row;
}

/** The household as it was at `version` (a stored version snapshot), or undefined. */
export async function findVersionState(
  db: Db,
  householdId: number,
  version: number,
): Promise<HouseholdState | undefined> {
  const [row] = await db
    .select({ snapshot: householdVersion.snapshot })
    .from(householdVersion)
    .where(and(eq(householdVersion.householdId, householdId), eq(householdVersion.version, version)));
  return row?.snapshot as HouseholdState | undefined;
}

/** Changes of other officers' pending submissions of the household to the given keys. */
export function findOthersPendingChanges(db: Db, householdId: number, keys: string[], officerId: number) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .select({ id: fieldChange.id, key: fieldChange.key, proposed: fieldChange.proposedValue })
    .from(fieldChange)
    .innerJoin(fieldSubmission, eq(fieldSubmission.id, fieldChange.submissionId))
    .where(
      and(
        eq(fieldChange.householdId, householdId),
        inArray(fieldChange.key, keys),
        eq(fieldSubmission.status, 'pending'),
        ne(fieldSubmission.officerId, officerId),
      ),
    );
}

export async function markConflicts(db: Db, changeIds: number[]): Promise<void> {
  if (changeIds.length === 0) return;
  await db.update(fieldChange).set({ state: 'conflict' }).where(inArray(fieldChange.id, changeIds));
}

/** Inserts a submission; undefined when its client id was stored meanwhile (a concurrent retry). */
export async function insertSubmission(
  db: Db,
  values: typeof fieldSubmission.$inferInsert,
): Promise<number | undefined> {
  const [row] = await db
    .insert(fieldSubmission)
    .values(values)
    .onConflictDoNothing({ target: fieldSubmission.clientId })
    .returning({ id: fieldSubmission.id });
  return row?.id;
}

export async function insertChanges(
  db: Db,
  submissionId: number,
  householdId: number,
  changes: readonly JudgedChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await db.insert(fieldChange).values(
    changes.map((c) => ({
      submissionId,
      householdId,
      key: c.key,
      baseValue: c.base,
      currentValue: c.current,
      proposedValue: c.proposed,
      state: c.state === 'conflict' ? ('conflict' as const) : ('clean' as const),
    })),
  );
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
