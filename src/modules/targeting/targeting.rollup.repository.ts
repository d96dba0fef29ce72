/**
 * Aggregates the dashboards read: per program × kelurahan (eligible, enrolled, errors, overlaps, desil-1
 * coverage) and per kelurahan × desil × pillar (households reached). Rebuilt for all kelurahan by the recompute,
 * or for the few a household change touches, from the unit tables (tgt_units, tgt_hh): units are first grouped
 * by kelurahan and their masks — a few hundred distinct combinations per kelurahan — and only those groups are
 * expanded per program or pillar.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { inKelurahan } from './targeting.recompute.repository.ts';

/** Rebuilds targeting_rollup for every kelurahan, or for the given ones, from tgt_units and the findings. */
export async function refreshTargetingRollup(tx: Db, kelurahan?: readonly string[]): Promise<void> {
  if (kelurahan === undefined) await tx.execute(sql`TRUNCATE targeting_rollup`);
  else
    await tx.execute(sql`DELETE FROM targeting_rollup WHERE ${inKelurahan(sql`kelurahan_code`, kelurahan)}`);
  await tx.execute(sql`INSERT INTO targeting_rollup
    WITH g AS (
      SELECT u.kelurahan_code, COALESCE(u.desil = 1, false) AS d1, u.eligible, u.enrolled, count(*) AS n
      FROM tgt_units u
      GROUP BY u.kelurahan_code, COALESCE(u.desil = 1, false), u.eligible, u.enrolled)
    SELECT program_code, kelurahan_code, sum(eligible), sum(enrolled), sum(inclusion), sum(exclusion),
           sum(overlap_count), sum(eligible_desil1), sum(enrolled_desil1)
    FROM (
      SELECT b.program_code, g.kelurahan_code,
             COALESCE(sum(g.n) FILTER (WHERE get_bit(g.eligible, b.i) = 1), 0) AS eligible,
             COALESCE(sum(g.n) FILTER (WHERE get_bit(g.enrolled, b.i) = 1), 0) AS enrolled,
             0 AS inclusion, 0 AS exclusion, 0 AS overlap_count,
             COALESCE(sum(g.n) FILTER (WHERE g.d1 AND get_bit(g.eligible, b.i) = 1), 0) AS eligible_desil1,
             COALESCE(sum(g.n) FILTER (WHERE g.d1 AND get_bit(g.eligible & g.enrolled, b.i) = 1), 0)
               AS enrolled_desil1
      FROM g JOIN tgt_bits b ON get_bit(g.eligible | g.enrolled, b.i) = 1
      GROUP BY b.program_code, g.kelurahan_code
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

/**
 * Rebuilds coverage_rollup (active households reached by each pillar, by desil) for every kelurahan or the
 * given ones; a member's enrolment reaches the household (tgt_hh.pillars).
 */
export async function refreshCoverageRollup(tx: Db, kelurahan?: readonly string[]): Promise<void> {
  if (kelurahan === undefined) await tx.execute(sql`TRUNCATE coverage_rollup`);
  else
    await tx.execute(sql`DELETE FROM coverage_rollup WHERE ${inKelurahan(sql`kelurahan_code`, kelurahan)}`);
  await tx.execute(sql`INSERT INTO coverage_rollup
    WITH g AS (
      SELECT h.kelurahan_code, COALESCE(w.desil, 0) AS desil, COALESCE(w.is_extreme_poor, false) AS xp,
             COALESCE(r.pillars, 0) AS pillars, count(*) AS n
      FROM household h
      LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = ${latestSnapshotId}
      LEFT JOIN tgt_hh r ON r.household_id = h.id
      WHERE h.status = 'active' AND ${inKelurahan(sql`h.kelurahan_code`, kelurahan)}
      GROUP BY 1, 2, 3, 4)
    SELECT g.kelurahan_code, g.desil, pl.pillar, sum(g.n),
           COALESCE(sum(g.n) FILTER (WHERE g.pillars & (1 << pl.pillar) <> 0), 0),
           COALESCE(sum(g.n) FILTER (WHERE g.xp), 0),
           COALESCE(sum(g.n) FILTER (WHERE g.xp AND g.pillars & (1 << pl.pillar) <> 0), 0)
    FROM g CROSS JOIN (VALUES (1), (2), (3), (4)) pl(pillar)
    GROUP BY g.kelurahan_code, g.desil, pl.pillar`);
}
