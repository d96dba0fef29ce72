import { asc, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { priorityWeighting } from './priority.schema.ts';

export type NewPriorityWeighting = typeof priorityWeighting.$inferInsert;

export function selectWeightings(db: Db) {
  return db.select().from(priorityWeighting).orderBy(asc(priorityWeighting.id));
}

/** Inserts the weightings that are not there yet (by code); existing ones are kept as edited. */
export async function insertMissingWeightings(db: Db, rows: readonly NewPriorityWeighting[]): Promise<void> {
  await db
    .insert(priorityWeighting)
    .values([...rows])
    .onConflictDoNothing({ target: priorityWeighting.code });
}

/** One kelurahan scored under one weighting: raw shares, min–max normalised components, weighted contributions. */
export interface ScoredRow {
  weighting: string;
  code: string;
  name: string;
  kecamatanCode: string;
  kecamatanName: string;
  isPriorityKecamatan: boolean;
  households: number;
  rawExtremePoor: string;
  rawDesil14: string;
  rawCoverageGap: string;
  rawHousing: string;
  extremePoor: string;
  desil14: string;
  coverageGap: string;
  housing: string;
  score: string;
  rank: number;
}

/**
 * Housing deprivation of a household (Regsosek housing block): at least two of earth or cheap bamboo/wood floor,
 * bamboo/thatch or other walls, thatch or other roof, unimproved water (unprotected well, rain), no own toilet
 * (public or none).
 */
const deprivedHousing = sql.raw(`(
  (h.floor_material IN ('earth', 'wood_cheap_bamboo'))::int
  + (h.wall_material IN ('bamboo_thatch', 'other'))::int
  + (h.roof_material IN ('wood_thatch', 'other'))::int
  + (h.water_source IN ('unprotected_well', 'rain_other'))::int
  + (h.toilet_facility IN ('public', 'none'))::int) >= 2`);

const minMax = (column: string) =>
  sql.raw(
    `coalesce((${column} - min(${column}) OVER ()) / nullif(max(${column}) OVER () - min(${column}) OVER (), 0), 0)`,
  );

/**
 * Scores every kelurahan with active households under the given weightings, in one statement.
 * Components (shares of the kelurahan's active households, latest welfare snapshot):
 * extreme poor; desil 1–4; coverage gap = desil 1–4 household-pillar pairs not reached by any program of the
 * pillar over all such pairs (coverage_rollup, four pillars); housing deprivation. Each is min–max normalised
 * across kelurahan to 0..1 (all equal: 0). A contribution is weight × component × 100 rounded to 4 decimals, and
 * the score is the sum of the rounded contributions, so the breakdown adds up to the score exactly (numeric).
 * Rank 1 is the highest score (ties by code).
 */
export function selectScores(db: Db, weightings: readonly string[]): Promise<ScoredRow[]> {
  return queryRows<ScoredRow>(
    db,
    sql`
    WITH latest AS (
      SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1
    ),
    hh AS (
      SELECT h.kelurahan_code AS code, count(*) AS households,
        count(*) FILTER (WHERE w.is_extreme_poor) AS extreme,
        count(*) FILTER (WHERE w.desil BETWEEN 1 AND 4) AS d14,
        count(*) FILTER (WHERE ${deprivedHousing}) AS deprived
      FROM household h
      LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = (SELECT id FROM latest)
      WHERE h.status = 'active'
      GROUP BY h.kelurahan_code
    ),
    gap AS (
      SELECT kelurahan_code AS code, sum(households) AS slots, sum(households - covered) AS uncovered
      FROM coverage_rollup WHERE desil BETWEEN 1 AND 4 GROUP BY kelurahan_code
    ),
    raw AS (
      SELECT hh.code, hh.households,
        hh.extreme::numeric / hh.households AS extreme_poor,
        hh.d14::numeric / hh.households AS desil14,
        coalesce(gap.uncovered::numeric / nullif(gap.slots, 0), 0) AS coverage_gap,
        hh.deprived::numeric / hh.households AS housing
      FROM hh LEFT JOIN gap ON gap.code = hh.code
      WHERE hh.households > 0
    ),
    normalised AS (
      SELECT raw.*, ${minMax('extreme_poor')} AS n_extreme_poor, ${minMax('desil14')} AS n_desil14,
        ${minMax('coverage_gap')} AS n_coverage_gap, ${minMax('housing')} AS n_housing
      FROM raw
    ),
    contributions AS (
      SELECT w.code AS weighting, n.*,
        round(w.w_extreme_poor * n.n_extreme_poor * 100, 4) AS c_extreme_poor,
        round(w.w_desil14 * n.n_desil14 * 100, 4) AS c_desil14,
        round(w.w_coverage_gap * n.n_coverage_gap * 100, 4) AS c_coverage_gap,
        round(w.w_housing * n.n_housing * 100, 4) AS c_housing
      FROM normalised n CROSS JOIN priority_weighting w
      WHERE w.code IN (${sql.join(
        weightings.map((w) => sql`${w}`),
        sql`, `,
      )})
    ),
    scored AS (
      SELECT c.*, c.c_extreme_poor + c.c_desil14 + c.c_coverage_gap + c.c_housing AS score
      FROM contributions c
    )
    SELECT s.weighting, s.code, kel.name, kec.code AS "kecamatanCode", kec.name AS "kecamatanName",
      kec.is_priority AS "isPriorityKecamatan", s.households::int AS households,
      round(s.extreme_poor, 4)::text AS "rawExtremePoor", round(s.desil14, 4)::text AS "rawDesil14",
      round(s.coverage_gap, 4)::text AS "rawCoverageGap", round(s.housing, 4)::text AS "rawHousing",
      s.c_extreme_poor::text AS "extremePoor", s.c_desil14::text AS desil14,
      s.c_coverage_gap::text AS "coverageGap", s.c_housing::text AS housing,
      s.score::text AS score,
      (rank() OVER (PARTITION BY s.weighting ORDER BY s.score DESC, s.code))::int AS rank
    FROM scored s
    JOIN region kel ON kel.code = s.code
    JOIN region kec ON kec.code = kel.parent_code
    ORDER BY s.weighting, rank`,
  );
}

/** The official priority kecamatan with their kota. */
export function selectPriorityKecamatan(db: Db) {
  return queryRows<{ code: string; name: string; kotaName: string }>(
    db,
    sql`SELECT k.code, k.name, p.name AS "kotaName" FROM region k JOIN region p ON p.code = k.parent_code
        WHERE k.level = 'kecamatan' AND k.is_priority ORDER BY k.code`,
  );
}
