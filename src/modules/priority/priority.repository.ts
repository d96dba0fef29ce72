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

/** Creates a weighting or replaces its name, description and weights (by code); the default flag is kept. */
export async function upsertWeighting(db: Db, row: NewPriorityWeighting) {
  const { code: _code, isDefault: _isDefault, ...changes } = row;
  const [saved] = await db
    .insert(priorityWeighting)
    .values(row)
    .onConflictDoUpdate({ target: priorityWeighting.code, set: changes })
    .returning();
  return saved!;
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
 * Rebuilds `priority_component`: per kelurahan with active households, the counts behind the components —
 * households, extreme poor and desil 1–4 (latest welfare snapshot), housing deprivation, and the coverage gap's
 * desil 1–4 household-pillar pairs (coverage_rollup, four pillars) with those not reached by any program of the
 * pillar. One set-based statement; run by the welfare and targeting recomputes (indicators.refresh).
 */
export async function refreshPriorityComponents(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM priority_component`);
  await db.execute(sql`
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
    )
    INSERT INTO priority_component (kelurahan_code, snapshot_id, households, extreme_poor, desil14,
      deprived_housing, coverage_slots, coverage_uncovered, computed_at)
    SELECT hh.code, (SELECT id FROM latest), hh.households, hh.extreme, hh.d14, hh.deprived,
      coalesce(gap.slots, 0), coalesce(gap.uncovered, 0), now()
    FROM hh LEFT JOIN gap ON gap.code = hh.code`);
}

/** When the components were last refreshed (null: never). */
export async function selectComponentsComputedAt(db: Db): Promise<string | null> {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`SELECT to_char(max(computed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
        FROM priority_component`,
  );
  return row?.at ?? null;
}

/**
 * Scores every kelurahan in `priority_component` under the given weightings, in one statement over those rows.
 * Components are shares of the kelurahan's active households (coverage gap: uncovered over all desil 1–4
 * household-pillar pairs). Each is min–max normalised across kelurahan to 0..1 (all equal: 0). A contribution is
 * weight × component × 100 rounded to 4 decimals, and the score is the sum of the rounded contributions, so the
 * breakdown adds up to the score exactly (numeric). Rank 1 is the highest score (ties by code).
 */
export function selectScores(db: Db, weightings: readonly string[]): Promise<ScoredRow[]> {
  return queryRows<ScoredRow>(
    db,
    sql`
    WITH raw AS (
      SELECT c.kelurahan_code AS code, c.households,
        c.extreme_poor::numeric / c.households AS extreme_poor,
        c.desil14::numeric / c.households AS desil14,
        coalesce(c.coverage_uncovered::numeric / nullif(c.coverage_slots, 0), 0) AS coverage_gap,
        c.deprived_housing::numeric / c.households AS housing
      FROM priority_component c
      WHERE c.households > 0
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
