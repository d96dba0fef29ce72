import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { featureNames, householdFeaturesSql } from './welfare.features.ts';
import type { QualityCounts } from './welfare.quality.ts';

/**
 * The ranking, as ONE statement: features, score, desil by ntile(10) within the province (ties broken by
 * household id), the extreme flag, the insert, and the snapshot's household count.
 */
export async function insertHouseholdScores(
  db: Db,
  input: { snapshotId: number; snapshotDate: string; score: SQL; extremePovertyLine: number },
): Promise<number> {
  const [row] = await queryRows<{ household_count: number }>(
    db,
    sql`
    WITH ranked AS (
      SELECT household_id, score,
        ntile(10) OVER (PARTITION BY province ORDER BY score, household_id) AS desil
      FROM (
        SELECT f.household_id, f.province, ${input.score} AS score
        FROM (${householdFeaturesSql(input.snapshotDate)}) f
      ) scored
    ), inserted AS (
      INSERT INTO household_welfare (snapshot_id, household_id, score, desil, is_extreme_poor)
      SELECT ${input.snapshotId}::int, household_id, score, desil,
        desil = 1 AND score < ln(${input.extremePovertyLine}::float8)
      FROM ranked
      ORDER BY household_id
      RETURNING 1
    )
    UPDATE welfare_snapshot SET household_count = (SELECT count(*) FROM inserted)
    WHERE id = ${input.snapshotId}::int
    RETURNING household_count`,
  );
  return row!.household_count;
}

/** Counts of the snapshot's households that have a hidden true consumption (synthetic ground truth). */
export async function countTargetingOutcomes(
  db: Db,
  snapshotId: number,
  cutoffs: readonly number[],
): Promise<QualityCounts> {
  const cutoffColumns = cutoffs.map(
    (c) => sql`, count(*) FILTER (WHERE w.desil <= ${c}::int)::int AS ${sql.identifier(`selected_${c}`)},
      count(*) FILTER (WHERE w.desil <= ${c}::int AND t.is_poor)::int AS ${sql.identifier(`selected_poor_${c}`)}`,
  );
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`
    SELECT count(*)::int AS households,
      count(*) FILTER (WHERE t.is_poor)::int AS truly_poor,
      count(*) FILTER (WHERE t.is_extreme_poor)::int AS truly_extreme_poor,
      count(*) FILTER (WHERE w.is_extreme_poor)::int AS flagged_extreme,
      count(*) FILTER (WHERE w.is_extreme_poor AND t.is_extreme_poor)::int AS flagged_truly_extreme
      ${sql.join(cutoffColumns, sql``)}
    FROM household_welfare w
    JOIN synthetic.household_truth t ON t.household_id = w.household_id
    WHERE w.snapshot_id = ${snapshotId}::int`,
  );
  const r = row!;
  return {
    households: r.households!,
    trulyPoor: r.truly_poor!,
    trulyExtremePoor: r.truly_extreme_poor!,
    cutoffs: cutoffs.map((c) => ({
      maxDesil: c,
      selected: r[`selected_${c}`]!,
      selectedPoor: r[`selected_poor_${c}`]!,
    })),
    flaggedExtreme: r.flagged_extreme!,
    flaggedTrulyExtreme: r.flagged_truly_extreme!,
  };
}

/** A calibration row: the feature values (catalogue order) and the log of the reference consumption. */
export interface CalibrationRow {
  features: number[];
  logConsumption: number;
  isExtremePoor: boolean;
}

/**
 * A deterministic sample of households with a reference consumption (ordered by md5 of seed and id, the same
 * on every engine), with their features computed in SQL. Only the sample leaves the database.
 */
export async function selectCalibrationSample(
  db: Db,
  input: { sampleSize: number; seed: number; referenceDate: string },
): Promise<CalibrationRow[]> {
  const sample = sql`
    SELECT t.household_id FROM synthetic.household_truth t
    WHERE t.true_pc_consumption > 0
    ORDER BY md5(${String(input.seed)} || ':' || t.household_id::text), t.household_id
    LIMIT ${input.sampleSize}::int`;
  const rows = await queryRows<Record<string, number | boolean>>(
    db,
    sql`
    SELECT f.*, ln(t.true_pc_consumption) AS log_consumption, t.is_extreme_poor
    FROM (${householdFeaturesSql(input.referenceDate, sample)}) f
    JOIN synthetic.household_truth t ON t.household_id = f.household_id
    ORDER BY f.household_id`,
  );
  return rows.map((row) => ({
    features: featureNames.map((name) => Number(row[name])),
    logConsumption: Number(row.log_consumption),
    isExtremePoor: row.is_extreme_poor === true,
  }));
}
