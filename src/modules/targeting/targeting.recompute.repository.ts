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

const workTables = ['tgt_pf', 'tgt_hf', 'tgt_cover', 'tgt_units'] as const;

/** A temporary work table, dropped when the transaction ends. */
function createWork(name: (typeof workTables)[number]): SQL {
  return sql.raw(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS`);
}

/** Drops the work tables (a transaction may rebuild them, e.g. the eligibility refresh before a seed). */
export async function dropWorkTables(tx: Db): Promise<void> {
  for (const table of workTables) await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
}

/** Fills tgt_pf, tgt_hf (facts) and tgt_cover (active enrolments, see coverSelect) for all households or one. */
export async function materializeFacts(tx: Db, referenceDate: string, only?: number): Promise<void> {
  await dropWorkTables(tx);
  await tx.execute(sql`${createWork('tgt_pf')}
    SELECT * FROM (${personFactsSelect(referenceDate)}) f WHERE ${householdFilter(sql`f.household_id`, only)}`);
  await tx.execute(sql`${createWork('tgt_hf')}
    SELECT * FROM (${householdFactsSelect(sql.raw('tgt_pf'))}) f
    WHERE ${householdFilter(sql`f.household_id`, only)}`);
  await tx.execute(sql`${createWork('tgt_cover')}
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

/**
 * tgt_units: every (program, unit) that is eligible, enrolled, or both — one full join of the eligible sets with the
 * distinct enrolled units — with the unit's kelurahan and desil. Errors and rollups all read this one table.
 * `kelurahan` restricts it to a few kelurahan (a household change); the ledger is then read from the registry.
 */
export async function materializeUnits(tx: Db, kelurahan: readonly string[] | undefined): Promise<void> {
  const cover =
    kelurahan === undefined
      ? sql.raw('tgt_cover')
      : sql`(${coverSelect(inKelurahan(sql`h.kelurahan_code`, kelurahan))})`;
  await tx.execute(sql`DROP TABLE IF EXISTS tgt_units`);
  await tx.execute(sql`${createWork('tgt_units')}
    SELECT COALESCE(e.program_code, c.program_code) AS program_code,
           COALESCE(e.household_id, c.household_id) AS household_id,
           COALESCE(e.person_id, c.person_key) AS person_key,
           COALESCE(e.kelurahan_code, c.kelurahan_code) AS kelurahan_code,
           COALESCE(w.desil, c.desil) AS desil,
           e.program_code IS NOT NULL AS eligible, c.program_code IS NOT NULL AS enrolled
    FROM (SELECT * FROM eligibility_result WHERE ${inKelurahan(sql`kelurahan_code`, kelurahan)}) e
    FULL JOIN (SELECT DISTINCT program_code, household_id, person_key, kelurahan_code, desil FROM ${cover} d) c
      ON c.program_code = e.program_code AND c.household_id = e.household_id AND c.person_key = e.person_id
    LEFT JOIN household_welfare w ON w.household_id = e.household_id AND w.snapshot_id = ${latestSnapshotId}`);
  await tx.execute(sql`ANALYZE tgt_units`);
}

/** `column` is one of the kelurahan (all when undefined). */
export function inKelurahan(column: SQL, kelurahan: readonly string[] | undefined): SQL {
  if (kelurahan === undefined) return sql`true`;
  if (kelurahan.length === 0) return sql`false`;
  return sql`${column} IN (${sql.join(
    kelurahan.map((k) => sql`${k}`),
    sql`, `,
  )})`;
}

/** Inclusion errors: enrolled units of programs with a rule that are not eligible, with their providers. */
export async function insertInclusionErrors(tx: Db, only: number | undefined): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'inclusion', u.program_code, q.purpose_group, u.household_id, NULLIF(u.person_key, 0), u.kelurahan_code,
           ARRAY[u.program_code], array_agg(DISTINCT c.provider ORDER BY c.provider), u.desil
    FROM tgt_units u
    JOIN program q ON q.code = u.program_code
    JOIN tgt_cover c ON c.program_code = u.program_code AND c.household_id = u.household_id
      AND c.person_key = u.person_key
    WHERE u.enrolled AND NOT u.eligible AND ${householdFilter(sql`u.household_id`, only)}
      AND u.program_code IN (SELECT r.program_code FROM program_rule r WHERE r.is_active)
    GROUP BY u.program_code, q.purpose_group, u.household_id, u.person_key, u.kelurahan_code, u.desil`);
}

/** Exclusion errors: eligible units no enrolment of the same purpose group reaches. */
export async function insertExclusionErrors(tx: Db, only: number | undefined): Promise<void> {
  await tx.execute(sql`INSERT INTO ${findingColumns}
    SELECT 'exclusion', u.program_code, p.purpose_group, u.household_id, NULLIF(u.person_key, 0), u.kelurahan_code,
           ARRAY[u.program_code], ARRAY[]::text[], u.desil
    FROM tgt_units u
    JOIN program p ON p.code = u.program_code
    WHERE u.eligible AND NOT u.enrolled AND ${householdFilter(sql`u.household_id`, only)}
      AND NOT EXISTS (SELECT 1 FROM tgt_cover c
            WHERE c.purpose_group = p.purpose_group AND c.person_id = u.person_key)
      AND NOT EXISTS (SELECT 1 FROM tgt_cover c
            WHERE c.purpose_group = p.purpose_group AND c.household_id = u.household_id
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
