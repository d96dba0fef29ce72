/**
 * The set-based statements of the targeting recompute (issue 3, part 6). Each statement covers every program and
 * every household at once, or — with `only` — one household, so a change to a household is reflected at once
 * with the very same SQL. Definitions (docs/targeting.md):
 * - inclusion error: an active enrolment whose unit is not in the program's eligible set;
 * - exclusion error: an eligible unit that no active enrolment of the same purpose group reaches (the same person
 *   in a person program, or the household when either program is a household program);
 * - overlap: one person in two person programs of the same purpose group (or one program by two providers), or a
 *   household with a household-level enrolment and any other enrolment of the same purpose group.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import {
  householdFactsSelect,
  latestSnapshotId,
  personFactsSelect,
} from '../eligibility/eligibility.facts.ts';
import type { RuleNode, RuleUnit } from '../eligibility/rules.ast.ts';
import { eligibleSetSql, type FactsSource } from '../eligibility/rules.compiler.ts';

/** The temporary facts tables a recompute fills once and every program's rule reads. */
export const materializedFacts: FactsSource = { person: sql.raw('tgt_pf'), household: sql.raw('tgt_hf') };

/** Restricts a statement to one household's rows (`column` holds the household id), or to none. */
export function householdFilter(column: SQL, only: number | undefined): SQL {
  return only === undefined ? sql`true` : sql`${column} = ${only}`;
}

/**
 * The active enrolments as targeting reads them: program, purpose group, unit and pillar, the unit's key
 * (person id, 0 for household-level), provider, and the household's current kelurahan and desil.
 */
export function coverSelect(condition: SQL): SQL {
  return sql`SELECT n.program_code, q.purpose_group, q.unit, q.pillar, n.household_id, n.person_id,
      COALESCE(n.person_id, 0) AS person_key, n.provider, h.kelurahan_code, w.desil
    FROM enrolment n
    JOIN program q ON q.code = n.program_code
    JOIN household h ON h.id = n.household_id
    LEFT JOIN household_welfare w ON w.household_id = n.household_id AND w.snapshot_id = ${latestSnapshotId}
    WHERE n.status = 'active' AND ${condition}`;
}

/** Fills tgt_hf, tgt_pf (facts) and tgt_cover (active enrolments, see coverSelect) for all households or one. */
export async function materializeFacts(tx: Db, referenceDate: string, only?: number): Promise<void> {
  for (const table of ['tgt_hf', 'tgt_pf', 'tgt_cover'])
    await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
  await tx.execute(sql`CREATE TEMP TABLE tgt_hf ON COMMIT DROP AS
    SELECT * FROM (${householdFactsSelect()}) f WHERE ${householdFilter(sql`f.household_id`, only)}`);
  await tx.execute(sql`CREATE TEMP TABLE tgt_pf ON COMMIT DROP AS
    SELECT * FROM (${personFactsSelect(referenceDate)}) f WHERE ${householdFilter(sql`f.household_id`, only)}`);
  await tx.execute(sql`CREATE TEMP TABLE tgt_cover ON COMMIT DROP AS
    ${coverSelect(householdFilter(sql`n.household_id`, only))}`);
  await tx.execute(sql`CREATE INDEX ON tgt_pf (household_id)`);
  await tx.execute(sql`CREATE INDEX ON tgt_hf (household_id)`);
  for (const table of ['tgt_hf', 'tgt_pf', 'tgt_cover']) await tx.execute(sql.raw(`ANALYZE ${table}`));
}

export interface ActiveProgramRule {
  code: string;
  unit: RuleUnit;
  version: number;
  ruleText: string;
}

/** Every program with an active rule, in code order. */
export function selectActiveProgramRules(db: Db): Promise<ActiveProgramRule[]> {
  return queryRows<ActiveProgramRule>(
    db,
    sql`SELECT p.code, r.unit, r.version, r.rule_text AS "ruleText"
        FROM program p JOIN program_rule r ON r.program_code = p.code AND r.is_active
        ORDER BY p.code`,
  );
}

/** Removes derived rows (eligibility and findings) of all households, or of one. */
export async function clearDerived(tx: Db, only: number | undefined): Promise<void> {
  if (only === undefined) {
    await tx.execute(sql`TRUNCATE eligibility_result, targeting_finding`);
    return;
  }
  await tx.execute(sql`DELETE FROM eligibility_result WHERE household_id = ${only}`);
  await tx.execute(sql`DELETE FROM targeting_finding WHERE household_id = ${only}`);
}

/** Stores one program's eligible set, read from the materialized facts; returns how many units. */
export async function insertEligibility(
  tx: Db,
  program: ActiveProgramRule,
  ast: RuleNode,
  referenceDate: string,
): Promise<number> {
  const set = eligibleSetSql(ast, program.unit, { referenceDate, facts: materializedFacts });
  const personId = program.unit === 'person' ? sql`e.person_id` : sql`0`;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO eligibility_result (program_code, household_id, person_id, kelurahan_code, rule_version)
          SELECT ${program.code}, e.household_id, ${personId}, e.kelurahan_code, ${program.version}
          FROM (${set}) e
          RETURNING 1)
        SELECT count(*)::int AS n FROM ins`,
  );
  return row?.n ?? 0;
}

const findingColumns = sql.raw(
  `targeting_finding (kind, program_code, purpose_group, household_id, person_id, kelurahan_code, programs, providers, desil)`,
);

/** Inclusion errors: enrolments of programs with a rule whose unit is not eligible. */
export async function insertInclusionErrors(tx: Db): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'inclusion', c.program_code, c.purpose_group, c.household_id, c.person_id, c.kelurahan_code,
           ARRAY[c.program_code], array_agg(DISTINCT c.provider ORDER BY c.provider), c.desil
    FROM tgt_cover c
    WHERE c.program_code IN (SELECT r.program_code FROM program_rule r WHERE r.is_active)
      AND NOT EXISTS (SELECT 1 FROM eligibility_result e WHERE e.program_code = c.program_code
            AND e.household_id = c.household_id AND e.person_id = c.person_key)
    GROUP BY c.program_code, c.purpose_group, c.household_id, c.person_id, c.kelurahan_code, c.desil`);
}

/** Exclusion errors: eligible units no enrolment of the same purpose group reaches. */
export async function insertExclusionErrors(tx: Db, only: number | undefined): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'exclusion', e.program_code, p.purpose_group, e.household_id, NULLIF(e.person_id, 0), e.kelurahan_code,
           ARRAY[e.program_code], ARRAY[]::text[], w.desil
    FROM eligibility_result e
    JOIN program p ON p.code = e.program_code
    LEFT JOIN household_welfare w ON w.household_id = e.household_id AND w.snapshot_id = ${latestSnapshotId}
    WHERE ${householdFilter(sql`e.household_id`, only)}
      AND NOT EXISTS (SELECT 1 FROM tgt_cover c
            WHERE c.purpose_group = p.purpose_group AND c.person_id = e.person_id)
      AND NOT EXISTS (SELECT 1 FROM tgt_cover c
            WHERE c.purpose_group = p.purpose_group AND c.household_id = e.household_id
              AND (c.unit = 'household' OR p.unit = 'household'))`);
}

/** Overlaps, person-level and household-level (see the module comment). */
export async function insertOverlaps(tx: Db): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    WITH person_keys AS (
      SELECT purpose_group, person_id FROM tgt_cover WHERE unit = 'person' AND person_id IS NOT NULL
      GROUP BY purpose_group, person_id HAVING count(*) > 1),
    household_keys AS (
      SELECT purpose_group, household_id FROM tgt_cover
      GROUP BY purpose_group, household_id HAVING count(*) > 1 AND bool_or(unit = 'household'))
    -- Keys first (a plain hash aggregate), arrays only for the few overlapping units.
    SELECT 'overlap', NULL, c.purpose_group, min(c.household_id), c.person_id, min(c.kelurahan_code),
           array_agg(DISTINCT c.program_code ORDER BY c.program_code),
           array_agg(DISTINCT c.provider ORDER BY c.provider), min(c.desil)
    FROM tgt_cover c JOIN person_keys k ON k.purpose_group = c.purpose_group AND k.person_id = c.person_id
    WHERE c.unit = 'person'
    GROUP BY c.purpose_group, c.person_id
    UNION ALL
    SELECT 'overlap', NULL, c.purpose_group, c.household_id, NULL, min(c.kelurahan_code),
           array_agg(DISTINCT c.program_code ORDER BY c.program_code),
           array_agg(DISTINCT c.provider ORDER BY c.provider), min(c.desil)
    FROM tgt_cover c JOIN household_keys k ON k.purpose_group = c.purpose_group AND k.household_id = c.household_id
    GROUP BY c.purpose_group, c.household_id`);
}
