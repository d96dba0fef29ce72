import { sql, type SQL } from 'drizzle-orm';
import { childAreasSql, codeWithin } from '../regions/region-sql.ts';
import { queryRows, type Db } from '../../db/client.ts';
import type { ProgramUnit } from '../programs/programs.schema.ts';

/** Eligible-set counts of one child area: aggregates only, no personal data. */
export interface WhatIfAreaCounts {
  code: string;
  name: string;
  level: string;
  current: number;
  proposed: number;
  desil1Units: number;
  desil1Current: number;
  desil1Proposed: number;
}

/** Rows of one eligible set as (unit id, kelurahan), whatever the unit. */
function unitsOf(set: SQL, unit: ProgramUnit, flag: 'c' | 'p' | 'd'): SQL {
  const id = unit === 'person' ? sql`s.person_id` : sql`s.household_id`;
  return sql`SELECT ${id} AS unit_id, s.kelurahan_code, ${flag}::text AS flag FROM (${set}) s`;
}

/**
 * Counts per child area of `regionCode` (its own row when it has no children, i.e. a kelurahan) of three eligible
 * sets computed in ONE query: the current rule's, the proposed rule's, and the desil-1 units (for coverage).
 * Each unit is flagged once per set, grouped by kelurahan, then rolled up to the child areas by code prefix.
 */
export function countWhatIfByArea(
  db: Db,
  options: { current: SQL; proposed: SQL; desil1: SQL; unit: ProgramUnit; regionCode: string },
): Promise<WhatIfAreaCounts[]> {
  const { unit } = options;
  return queryRows<WhatIfAreaCounts>(
    db,
    sql`WITH flagged AS (
        ${unitsOf(options.current, unit, 'c')}
        UNION ALL ${unitsOf(options.proposed, unit, 'p')}
        UNION ALL ${unitsOf(options.desil1, unit, 'd')}),
      units AS (
        SELECT kelurahan_code, bool_or(flag = 'c') AS c, bool_or(flag = 'p') AS p, bool_or(flag = 'd') AS d
        FROM flagged GROUP BY unit_id, kelurahan_code),
      by_kelurahan AS (
        SELECT kelurahan_code,
          count(*) FILTER (WHERE c) AS current, count(*) FILTER (WHERE p) AS proposed,
          count(*) FILTER (WHERE d) AS d1, count(*) FILTER (WHERE d AND c) AS d1c,
          count(*) FILTER (WHERE d AND p) AS d1p
        FROM units GROUP BY kelurahan_code)
    SELECT a.code, a.name, a.level,
      COALESCE(sum(k.current), 0)::int AS current, COALESCE(sum(k.proposed), 0)::int AS proposed,
      COALESCE(sum(k.d1), 0)::int AS "desil1Units", COALESCE(sum(k.d1c), 0)::int AS "desil1Current",
      COALESCE(sum(k.d1p), 0)::int AS "desil1Proposed"
    FROM ${childAreasSql(options.regionCode)} a
    LEFT JOIN by_kelurahan k ON ${codeWithin(sql`k.kelurahan_code`, sql`a.code`)}
    GROUP BY a.code, a.name, a.level
    ORDER BY a.code`,
  );
}

/** A region's code, name and level, or undefined when there is no such region. */
export async function findRegion(db: Db, code: string) {
  const [row] = await queryRows<{ code: string; name: string; level: string }>(
    db,
    sql`SELECT code, name, level FROM region WHERE code = ${code}`,
  );
  return row;
}

/** The program's budget (pagu) and quota for a year in the most specific of the given areas that has one. */
export async function findProgramBudget(db: Db, code: string, year: number, regionCodes: string[]) {
  const [row] = await queryRows<{
    year: number;
    regionCode: string;
    budget: number | string | null;
    quota: number | null;
  }>(
    db,
    sql`SELECT year, region_code AS "regionCode", budget, quota FROM program_budget
        WHERE program_code = ${code} AND year = ${year}
          AND region_code IN (${sql.join(
            regionCodes.map((c) => sql`${c}`),
            sql`, `,
          )})
        ORDER BY length(region_code) DESC LIMIT 1`,
  );
  if (!row) return null;
  // bigint arrives as a string from node-postgres and as a number from PGlite.
  return { ...row, budget: row.budget === null ? null : Number(row.budget) };
}
