/**
 * Inclusion errors, exclusion errors and overlaps (docs/targeting.md), read from the unit tables of
 * targeting.recompute.repository.ts. Each statement narrows to the few units with a finding by mask arithmetic
 * first, and only then expands them into (program, unit) rows or reads the ledger again.
 * - inclusion error: an active enrolment whose unit is not in the program's eligible set;
 * - exclusion error: an eligible unit that no active enrolment of the same purpose group reaches (the same person
 *   in a person program, or the household when either program is a household program);
 * - overlap: one person in two person programs of the same purpose group (or one program by two providers), or a
 *   household with a household-level enrolment and any other enrolment of the same purpose group.
 * `only` restricts them to one household (a household change).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { householdFilter, type ProgramMasks } from './targeting.recompute.repository.ts';

const findingColumns = sql.raw(
  `targeting_finding (kind, program_code, purpose_group, household_id, person_id, kelurahan_code, programs, providers, desil)`,
);

/** Inclusion errors: enrolled units of programs with a rule that are not eligible, with their providers. */
export async function insertInclusionErrors(
  tx: Db,
  masks: ProgramMasks,
  only: number | undefined,
): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'inclusion', b.program_code, b.purpose_group, u.household_id, NULLIF(u.person_key, 0), u.kelurahan_code,
           ARRAY[b.program_code],
           ARRAY(SELECT DISTINCT n.provider FROM enrolment n
                 WHERE n.household_id = u.household_id AND n.program_code = b.program_code AND n.status = 'active'
                   AND COALESCE(n.person_id, 0) = u.person_key
                 ORDER BY n.provider),
           u.desil
    FROM (SELECT * FROM tgt_units u
          WHERE (u.enrolled & ~u.eligible & ${masks.ruled}) <> ${masks.zero}
            AND ${householdFilter(sql`u.household_id`, only)}) u
    JOIN tgt_bits b ON b.ruled AND get_bit(u.enrolled & ~u.eligible, b.i) = 1`);
}

/**
 * Exclusion errors: eligible units no enrolment of the same purpose group reaches. The household's own ledger is
 * in tgt_units.reach; for the few persons still unreached, enrolments naming them under any household are read.
 */
export async function insertExclusionErrors(
  tx: Db,
  masks: ProgramMasks,
  only: number | undefined,
): Promise<void> {
  const z = masks.zero;
  await tx.execute(sql`INSERT INTO ${findingColumns}
    WITH unreached AS MATERIALIZED (
      SELECT u.household_id, u.person_key, u.kelurahan_code, u.desil, u.eligible & ~u.reach AS gap
      FROM tgt_units u
      WHERE (u.eligible & ~u.reach) <> ${z} AND ${householdFilter(sql`u.household_id`, only)}),
    named AS (
      SELECT n.person_id, bit_or(b.gmask) AS reach
      FROM enrolment n JOIN tgt_bits b ON b.program_code = n.program_code
      WHERE n.status = 'active' AND n.person_id IN (SELECT person_key FROM unreached WHERE person_key <> 0)
      GROUP BY n.person_id),
    gaps AS (
      SELECT x.household_id, x.person_key, x.kelurahan_code, x.desil, x.gap & ~COALESCE(m.reach, ${z}) AS gap
      FROM unreached x LEFT JOIN named m ON m.person_id = x.person_key)
    SELECT 'exclusion', b.program_code, b.purpose_group, g.household_id, NULLIF(g.person_key, 0), g.kelurahan_code,
           ARRAY[b.program_code], ARRAY[]::text[], g.desil
    FROM gaps g JOIN tgt_bits b ON get_bit(g.gap, b.i) = 1
    WHERE g.gap <> ${z}`);
}

/**
 * Overlaps, person-level and household-level. Candidates come from the enrolment counts of tgt_enr and tgt_hh
 * (more enrolments than purpose groups they fall in, or one person enrolled under two households); the
 * overlapping groups, programs and providers are then read from the ledger for those candidates only.
 */
export async function insertOverlaps(tx: Db, only: number | undefined): Promise<void> {
  const personRows = sql`tgt_enr r JOIN tgt_masks m ON m.key = r.enrolled::text
    WHERE r.person_key <> 0 AND r.n > r.hu_n`;
  const persons =
    only === undefined
      ? sql`SELECT r.person_key FROM ${personRows}
            GROUP BY r.person_key HAVING count(*) > 1 OR max(r.n - r.hu_n - bit_count(m.pu_or)) > 0`
      : sql`SELECT r.person_key FROM ${personRows} AND r.household_id = ${only}`;
  const households = sql`SELECT household_id FROM tgt_hh
    WHERE may_overlap AND ${householdFilter(sql`household_id`, only)}`;
  // Materialized and analyzed, so the ledger is read through its indexes for the few candidates.
  await tx.execute(sql`DROP TABLE IF EXISTS tgt_candidates`);
  await tx.execute(sql`CREATE TEMP TABLE tgt_candidates ON COMMIT DROP AS
    SELECT person_key AS person_id, NULL::bigint AS household_id FROM (${persons}) p
    UNION ALL SELECT NULL, household_id FROM (${households}) h`);
  await tx.execute(sql`ANALYZE tgt_candidates`);
  const enrolments = sql`enrolment n
    JOIN tgt_bits b ON b.program_code = n.program_code
    JOIN household h ON h.id = n.household_id
    LEFT JOIN household_welfare w ON w.household_id = n.household_id AND w.snapshot_id = ${latestSnapshotId}`;
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'overlap', NULL, b.purpose_group, min(n.household_id), n.person_id, min(h.kelurahan_code),
           array_agg(DISTINCT n.program_code ORDER BY n.program_code),
           array_agg(DISTINCT n.provider ORDER BY n.provider), min(w.desil)
    FROM ${enrolments}
    WHERE n.status = 'active' AND b.unit = 'person'
      AND n.person_id IN (SELECT person_id FROM tgt_candidates WHERE person_id IS NOT NULL)
    GROUP BY b.purpose_group, n.person_id
    HAVING count(*) > 1 AND ${householdFilter(sql`min(n.household_id)`, only)}
    UNION ALL
    SELECT 'overlap', NULL, b.purpose_group, n.household_id, NULL, min(h.kelurahan_code),
           array_agg(DISTINCT n.program_code ORDER BY n.program_code),
           array_agg(DISTINCT n.provider ORDER BY n.provider), min(w.desil)
    FROM ${enrolments}
    WHERE n.status = 'active'
      AND n.household_id IN (SELECT household_id FROM tgt_candidates WHERE household_id IS NOT NULL)
    GROUP BY b.purpose_group, n.household_id
    HAVING count(*) > 1 AND bool_or(b.unit = 'household')`);
  await tx.execute(sql`DROP TABLE tgt_candidates`);
}
