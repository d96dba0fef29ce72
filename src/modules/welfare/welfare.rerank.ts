/**
 * Re-ranks one household after a change (an approved field visit, issue 4): scores it with the model of the
 * latest snapshot and places it among that snapshot's desil boundaries, so every other household keeps its desil
 * until the next full recompute. The household's row in the latest snapshot is replaced.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { householdFeaturesSql } from './welfare.features.ts';
import { scoreExpressionSql } from './welfare.model.ts';

export interface HouseholdRank {
  snapshotId: number;
  score: number;
  desil: number;
  isExtremePoor: boolean;
}

/** The household's new rank in the latest snapshot; undefined when there is no snapshot or it has no members. */
export async function rerankHousehold(db: Db, householdId: number): Promise<HouseholdRank | undefined> {
  const [snapshot] = await queryRows<{
    id: number;
    snapshotDate: string;
    intercept: number;
    coefficients: Record<string, number>;
    line: string;
  }>(
    db,
    sql`SELECT s.id, s.snapshot_date::text AS "snapshotDate", m.intercept, m.coefficients,
               m.extreme_poverty_line AS line
        FROM welfare_snapshot s JOIN pmt_model m ON m.id = s.model_id
        ORDER BY s.snapshot_date DESC, s.id DESC LIMIT 1`,
  );
  if (!snapshot) return undefined;
  const score = scoreExpressionSql(snapshot.intercept, snapshot.coefficients);
  const [row] = await queryRows<HouseholdRank>(
    db,
    sql`WITH scored AS (
          SELECT f.household_id, ${score} AS score
          FROM (${householdFeaturesSql(snapshot.snapshotDate, sql`${householdId}::bigint`)}) f),
        -- The top score of each desil among the other households of the snapshot.
        bounds AS (
          SELECT desil, max(score) AS top FROM household_welfare
          WHERE snapshot_id = ${snapshot.id} AND household_id <> ${householdId} GROUP BY desil),
        placed AS (
          SELECT s.household_id, s.score,
                 COALESCE((SELECT min(b.desil) FROM bounds b WHERE s.score <= b.top AND b.desil < 10), 10) AS desil
          FROM scored s)
        INSERT INTO household_welfare (snapshot_id, household_id, score, desil, is_extreme_poor)
        SELECT ${snapshot.id}, household_id, score, desil, desil = 1 AND score < ln(${snapshot.line}::float8)
        FROM placed
        ON CONFLICT (snapshot_id, household_id) DO UPDATE
          SET score = excluded.score, desil = excluded.desil, is_extreme_poor = excluded.is_extreme_poor
        RETURNING snapshot_id AS "snapshotId", score, desil, is_extreme_poor AS "isExtremePoor"`,
  );
  return row;
}
