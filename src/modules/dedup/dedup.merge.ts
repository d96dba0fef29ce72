import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

/**
 * Merges pairs (set-based, any number at once): the lower id survives, the other becomes `merged`. The
 * duplicate's rows are kept: its open memberships are ended today and its enrolments that do not clash with one
 * of the survivor's move to the survivor. `person_merge` records the previous status, the memberships ended and
 * the enrolments moved, which is exactly what `unmergePersons` puts back. Returns the merge ids.
 */
export async function mergePairs(
  tx: Db,
  pairIds: readonly number[],
  status: 'auto_merged' | 'merged',
  actorId: number | null,
): Promise<number[]> {
  if (pairIds.length === 0) return [];
  const ids = `{${pairIds.join(',')}}`;
  const merges = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO person_merge (pair_id, survivor_id, duplicate_id, previous_status, ended_memberships,
                                  moved_enrolments, merged_by)
      SELECT dp.id, dp.person_a, dp.person_b, p.status,
        coalesce((SELECT jsonb_agg(jsonb_build_object('householdId', hm.household_id, 'startDate', hm.start_date)
                                   ORDER BY hm.household_id, hm.start_date)
                  FROM household_member hm WHERE hm.person_id = dp.person_b AND hm.end_date IS NULL), '[]'::jsonb),
        coalesce((SELECT jsonb_agg(e.id ORDER BY e.id) FROM enrolment e
                  WHERE e.person_id = dp.person_b
                    AND NOT EXISTS (SELECT 1 FROM enrolment s WHERE s.person_id = dp.person_a
                      AND s.program_code = e.program_code AND s.provider = e.provider
                      AND s.household_id = e.household_id AND s.status <> 'ended' AND e.status <> 'ended')),
                 '[]'::jsonb),
        ${actorId}
      FROM dedup_pair dp JOIN person p ON p.id = dp.person_b
      WHERE dp.id = ANY(${ids}::bigint[])
      RETURNING id`,
  );
  const mergeIds = `{${merges.map((m) => m.id).join(',')}}`;
  await tx.execute(sql`UPDATE household_member hm SET end_date = current_date
    FROM person_merge pm WHERE pm.id = ANY(${mergeIds}::bigint[]) AND hm.person_id = pm.duplicate_id
      AND hm.end_date IS NULL`);
  await tx.execute(sql`UPDATE enrolment e SET person_id = pm.survivor_id
    FROM person_merge pm CROSS JOIN LATERAL jsonb_array_elements_text(pm.moved_enrolments) AS moved(id)
    WHERE pm.id = ANY(${mergeIds}::bigint[]) AND e.id = moved.id::bigint`);
  await tx.execute(sql`UPDATE person p SET status = 'merged'
    FROM person_merge pm WHERE pm.id = ANY(${mergeIds}::bigint[]) AND p.id = pm.duplicate_id`);
  await tx.execute(sql`UPDATE dedup_pair SET status = ${status}, decided_by = ${actorId}, decided_at = now()
    WHERE id = ANY(${ids}::bigint[])`);
  return merges.map((m) => Number(m.id));
}

/** Undoes merges exactly: status back, ended memberships reopened, moved enrolments returned; the pair is `unmerged`. */
export async function unmergePersons(
  tx: Db,
  mergeIds: readonly number[],
  actorId: number | null,
): Promise<void> {
  if (mergeIds.length === 0) return;
  const ids = `{${mergeIds.join(',')}}`;
  await tx.execute(sql`UPDATE enrolment e SET person_id = pm.duplicate_id
    FROM person_merge pm CROSS JOIN LATERAL jsonb_array_elements_text(pm.moved_enrolments) AS moved(id)
    WHERE pm.id = ANY(${ids}::bigint[]) AND pm.unmerged_at IS NULL AND e.id = moved.id::bigint`);
  await tx.execute(sql`UPDATE household_member hm SET end_date = NULL
    FROM person_merge pm CROSS JOIN LATERAL jsonb_array_elements(pm.ended_memberships) AS ended(m)
    WHERE pm.id = ANY(${ids}::bigint[]) AND pm.unmerged_at IS NULL AND hm.person_id = pm.duplicate_id
      AND hm.household_id = (ended.m ->> 'householdId')::bigint AND hm.start_date = (ended.m ->> 'startDate')::date`);
  await tx.execute(sql`UPDATE person p SET status = pm.previous_status
    FROM person_merge pm WHERE pm.id = ANY(${ids}::bigint[]) AND pm.unmerged_at IS NULL AND p.id = pm.duplicate_id`);
  await tx.execute(sql`UPDATE dedup_pair dp SET status = 'unmerged', decided_by = ${actorId}, decided_at = now()
    FROM person_merge pm WHERE pm.id = ANY(${ids}::bigint[]) AND pm.unmerged_at IS NULL AND dp.id = pm.pair_id`);
  await tx.execute(sql`UPDATE person_merge SET unmerged_at = now(), unmerged_by = ${actorId}
    WHERE id = ANY(${ids}::bigint[]) AND unmerged_at IS NULL`);
}
