import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { programRule } from '../programs/programs.schema.ts';

/** The active eligibility rule of a program, or undefined when it has none. */
export async function findActiveRule(db: Db, programCode: string) {
  const [row] = await db
    .select({ version: programRule.version, ruleText: programRule.ruleText, unit: programRule.unit })
    .from(programRule)
    .where(and(eq(programRule.programCode, programCode), eq(programRule.isActive, true)))
    .orderBy(desc(programRule.version))
    .limit(1);
  return row;
}

export interface EligibleRow {
  householdId: number;
  personId: number | null;
  kkNumber: string;
  kelurahanCode: string;
  kelurahanName: string;
  name: string | null;
  nik: string | null;
  desil: number | null;
  isExtremePoor: boolean | null;
  score: number | null;
  total: number;
}

/**
 * One page of a program's eligible set within the caller's scope, ranked for priority: extreme poor first, then
 * by desil, then by PMT score (poorest first). For household programs the named person is the head.
 */
export function selectEligiblePage(
  db: Db,
  options: { eligibleSet: SQL; unit: 'person' | 'household'; scope: SQL; limit: number; offset: number },
): Promise<EligibleRow[]> {
  const personId = options.unit === 'person' ? sql`e.person_id` : sql`hp.person_id`;
  return queryRows<EligibleRow>(
    db,
    sql`WITH e AS (${options.eligibleSet}),
      latest AS (SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)
    SELECT h.id::int AS "householdId", ${personId}::int AS "personId", h.kk_number AS "kkNumber",
           h.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", p.name, p.nik,
           hw.desil::int AS desil, hw.is_extreme_poor AS "isExtremePoor", hw.score,
           count(*) OVER ()::int AS total
    FROM e
    JOIN household h ON h.id = e.household_id
    JOIN region r ON r.code = h.kelurahan_code
    LEFT JOIN LATERAL (
      SELECT m.person_id FROM household_member m
      WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
      ORDER BY m.position LIMIT 1) hp ON true
    LEFT JOIN person p ON p.id = ${personId}
    LEFT JOIN household_welfare hw ON hw.household_id = h.id AND hw.snapshot_id = (SELECT id FROM latest)
    WHERE ${options.scope}
    ORDER BY hw.is_extreme_poor DESC NULLS LAST, hw.desil ASC NULLS LAST, hw.score ASC NULLS LAST, h.id, p.id
    LIMIT ${options.limit} OFFSET ${options.offset}`,
  );
}

/** The household's domicile kelurahan when it lies in the scope, else undefined (not found or not allowed). */
export async function findHouseholdInScope(db: Db, householdId: number, scope: SQL) {
  const [row] = await queryRows<{ kelurahanCode: string }>(
    db,
    sql`SELECT h.kelurahan_code AS "kelurahanCode" FROM household h WHERE h.id = ${householdId} AND ${scope}`,
  );
  return row;
}
