import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/** One region's aggregate figures, before suppression. Counts only: no personal data. */
export interface AreaFigures {
  code: string;
  parentCode: string | null;
  level: 'province' | 'kota' | 'kecamatan' | 'kelurahan';
  name: string;
  isPriority: boolean;
  households: number;
  persons: number;
  desil14Households: number;
  extremePoorHouseholds: number;
  /** Desil 1–4 households reached by any program of pillar 1..4 (index 0 = pillar 1). */
  coveredByPillar: number[];
}

/**
 * Every region with its registry figures, in one statement: `region_stat` (refreshed after each welfare
 * recompute) and desil 1–4 coverage per pillar from `coverage_rollup`, rolled up to kecamatan, kota and province
 * through the code prefixes as `region_stat` is. Parent figures are therefore the sums of their children.
 */
export function selectAreaFigures(db: Db): Promise<AreaFigures[]> {
  return queryRows<AreaFigures>(
    db,
    sql`
    WITH kel AS (
      SELECT kelurahan_code AS code, pillar, sum(covered) AS covered
      FROM coverage_rollup WHERE desil BETWEEN 1 AND 4 GROUP BY kelurahan_code, pillar
    ),
    rolled AS (
      SELECT a.code,
        ARRAY[${sql.raw([1, 2, 3, 4].map((p) => `coalesce(sum(k.covered) FILTER (WHERE k.pillar = ${p}), 0)`).join(', '))}]::int[]
          AS covered
      FROM kel k
      CROSS JOIN LATERAL (
        SELECT DISTINCT c FROM (VALUES (left(k.code, 2)), (left(k.code, 5)), (left(k.code, 8)), (k.code)) v(c)
      ) a(code)
      GROUP BY a.code
    )
    SELECT r.code, r.parent_code AS "parentCode", r.level, r.name, r.is_priority AS "isPriority",
      coalesce(s.households, 0)::int AS households,
      coalesce(s.persons, 0)::int AS persons,
      coalesce(s.desil_counts[1] + s.desil_counts[2] + s.desil_counts[3] + s.desil_counts[4], 0)::int
        AS "desil14Households",
      coalesce(s.extreme_poor_households, 0)::int AS "extremePoorHouseholds",
      coalesce(x.covered, ARRAY[0, 0, 0, 0]::int[]) AS "coveredByPillar"
    FROM region r LEFT JOIN region_stat s ON s.region_code = r.code LEFT JOIN rolled x ON x.code = r.code
    ORDER BY r.code`,
  );
}
