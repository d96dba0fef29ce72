/**
 * Aggregates the dashboards read: per program × kelurahan (eligible, enrolled, errors, overlaps, desil-1
 * coverage) and per kelurahan × desil × pillar (households reached). Rebuilt for all kelurahan by the recompute,
 * or for the few a household change touches.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { coverSelect, inKelurahan } from './targeting.recompute.repository.ts';

/**
 * The active enrolments of the kelurahan (see coverSelect): the materialized tgt_cover of a full recompute, or
 * read from the ledger for a few kelurahan.
 */
function coverOf(kelurahan: readonly string[] | undefined): SQL {
  return kelurahan === undefined
    ? sql.raw('tgt_cover')
    : sql`(${coverSelect(inKelurahan(sql`h.kelurahan_code`, kelurahan))})`;
}

/** Rebuilds targeting_rollup for every kelurahan, or for the given ones, from tgt_units and the findings. */
export async function refreshTargetingRollup(tx: Db, kelurahan?: readonly string[]): Promise<void> {
  if (kelurahan === undefined) await tx.execute(sql`TRUNCATE targeting_rollup`);
  else
    await tx.execute(sql`DELETE FROM targeting_rollup WHERE ${inKelurahan(sql`kelurahan_code`, kelurahan)}`);
  await tx.execute(sql`INSERT INTO targeting_rollup
    SELECT program_code, kelurahan_code, sum(eligible), sum(enrolled), sum(inclusion), sum(exclusion),
           sum(overlap_count), sum(eligible_desil1), sum(enrolled_desil1)
    FROM (
      SELECT u.program_code, u.kelurahan_code, count(*) FILTER (WHERE u.eligible) AS eligible,
             count(*) FILTER (WHERE u.enrolled) AS enrolled, 0 AS inclusion, 0 AS exclusion, 0 AS overlap_count,
             count(*) FILTER (WHERE u.eligible AND u.desil = 1) AS eligible_desil1,
             count(*) FILTER (WHERE u.eligible AND u.enrolled AND u.desil = 1) AS enrolled_desil1
      FROM tgt_units u
      GROUP BY u.program_code, u.kelurahan_code
      UNION ALL
      SELECT f.program_code, f.kelurahan_code, 0, 0, count(*) FILTER (WHERE f.kind = 'inclusion'),
             count(*) FILTER (WHERE f.kind = 'exclusion'), 0, 0, 0
      FROM targeting_finding f
      WHERE f.kind IN ('inclusion', 'exclusion') AND ${inKelurahan(sql`f.kelurahan_code`, kelurahan)}
      GROUP BY f.program_code, f.kelurahan_code
      UNION ALL
      SELECT o.program_code, o.kelurahan_code, 0, 0, 0, 0, count(*), 0, 0
      FROM (SELECT unnest(f.programs) AS program_code, f.kelurahan_code FROM targeting_finding f
            WHERE f.kind = 'overlap' AND ${inKelurahan(sql`f.kelurahan_code`, kelurahan)}) o
      GROUP BY o.program_code, o.kelurahan_code
    ) x
    GROUP BY program_code, kelurahan_code`);
}

/** Rebuilds coverage_rollup (households reached by each pillar, by desil) for every kelurahan or the given ones. */
export async function refreshCoverageRollup(tx: Db, kelurahan?: readonly string[]): Promise<void> {
  const cover = coverOf(kelurahan);
  if (kelurahan === undefined) await tx.execute(sql`TRUNCATE coverage_rollup`);
  else
    await tx.execute(sql`DELETE FROM coverage_rollup WHERE ${inKelurahan(sql`kelurahan_code`, kelurahan)}`);
  await tx.execute(sql`INSERT INTO coverage_rollup
    WITH hh AS (
      SELECT h.id, h.kelurahan_code, COALESCE(w.desil, 0) AS desil, COALESCE(w.is_extreme_poor, false) AS xp
      FROM household h
      LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = ${latestSnapshotId}
      WHERE h.status = 'active' AND ${inKelurahan(sql`h.kelurahan_code`, kelurahan)}),
    reached AS (SELECT DISTINCT c.household_id, c.pillar FROM ${cover} c)
    SELECT hh.kelurahan_code, hh.desil, pl.pillar, count(*), count(r.household_id),
           count(*) FILTER (WHERE hh.xp), count(r.household_id) FILTER (WHERE hh.xp)
    FROM hh
    CROSS JOIN (VALUES (1), (2), (3), (4)) pl(pillar)
    LEFT JOIN reached r ON r.household_id = hh.id AND r.pillar = pl.pillar
    GROUP BY hh.kelurahan_code, hh.desil, pl.pillar`);
}
