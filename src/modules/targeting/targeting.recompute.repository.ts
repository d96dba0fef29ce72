/**
 * The set-based statements of the targeting recompute (issue 3, part 6), built around one row per unit.
 *
 * A unit is a household (person key 0) or a person in it. Every program gets a bit (`tgt_bits`). Every rule is
 * evaluated in one pass over the facts into the list of programs each unit is eligible for (`tgt_elig`, stored
 * as `eligible_unit`); the active ledger is aggregated in one pass into each unit's mask of enrolled programs
 * (`tgt_enr`), with what each distinct mask reaches looked up once (`tgt_masks`, `tgt_hh`). `tgt_units` joins the
 * two, so findings and rollups read ~0.9 million unit rows with bit strings instead of joining millions of
 * (program, unit) rows; see targeting.findings.repository.ts and docs/targeting.md for the definitions.
 *
 * The same statements serve a change to one household: facts and eligibility for that household, and the unit
 * tables for the kelurahan it touches.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import {
  householdFactsSelect,
  latestSnapshotId,
  personFactsSelect,
} from '../eligibility/eligibility.facts.ts';
import { parseValidRule } from '../eligibility/eligibility.service.ts';
import type { RuleUnit } from '../eligibility/rules.ast.ts';
import { compileRule, type FactsSource } from '../eligibility/rules.compiler.ts';

/** The temporary facts tables a recompute fills once and every program's rule reads. */
const materializedFacts: FactsSource = { person: sql.raw('tgt_pf'), household: sql.raw('tgt_hf') };

/** Restricts a statement to one household's rows (`column` holds the household id), or to none. */
export function householdFilter(column: SQL, only: number | undefined): SQL {
  return only === undefined ? sql`true` : sql`${column} = ${only}`;
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

const workTables = [
  'tgt_pf',
  'tgt_hf',
  'tgt_bits',
  'tgt_elig',
  'tgt_lists',
  'tgt_enr',
  'tgt_masks',
  'tgt_hh',
  'tgt_units',
] as const;
type WorkTable = (typeof workTables)[number];

/** A temporary work table, dropped when the transaction ends (or earlier, when rebuilt). */
async function createWork(tx: Db, name: WorkTable, select: SQL): Promise<void> {
  await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
  await tx.execute(sql`${sql.raw(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS`)} ${select}`);
}

/** Drops the work tables (a transaction may rebuild them, e.g. the eligibility refresh before a seed). */
export async function dropWorkTables(tx: Db): Promise<void> {
  for (const table of workTables) await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
}

/** Fills tgt_pf and tgt_hf (person and household facts) for all households or one. */
export async function materializeFacts(tx: Db, referenceDate: string, only?: number): Promise<void> {
  await createWork(
    tx,
    'tgt_pf',
    sql`SELECT * FROM (${personFactsSelect(referenceDate)}) f WHERE ${householdFilter(sql`f.household_id`, only)}`,
  );
  await createWork(
    tx,
    'tgt_hf',
    sql`SELECT * FROM (${householdFactsSelect(sql.raw('tgt_pf'))}) f
        WHERE ${householdFilter(sql`f.household_id`, only)}`,
  );
  await tx.execute(sql`CREATE INDEX ON tgt_pf (household_id)`);
  for (const table of ['tgt_hf', 'tgt_pf']) await tx.execute(sql.raw(`ANALYZE ${table}`));
}

/** A program as the recompute sees it: its unit, purpose group and pillar, its active rule, and its bit. */
export interface TargetedProgram {
  code: string;
  purposeGroup: string;
  /** The program's unit: what its enrolments name. */
  unit: RuleUnit;
  pillar: number;
  rule: { unit: RuleUnit; version: number; text: string } | null;
  /** Position of the program's bit in every mask. */
  bit: number;
}

/** Every program in code order, with its active rule if it has one. */
export async function selectPrograms(db: Db): Promise<TargetedProgram[]> {
  const rows = await queryRows<{
    code: string;
    purposeGroup: string;
    unit: RuleUnit;
    pillar: number;
    ruleUnit: RuleUnit | null;
    version: number | null;
    ruleText: string | null;
  }>(
    db,
    sql`SELECT p.code, p.purpose_group AS "purposeGroup", p.unit, p.pillar, r.unit AS "ruleUnit", r.version,
               r.rule_text AS "ruleText"
        FROM program p LEFT JOIN program_rule r ON r.program_code = p.code AND r.is_active
        ORDER BY p.code`,
  );
  return rows.map((r, bit) => ({
    code: r.code,
    purposeGroup: r.purposeGroup,
    unit: r.unit,
    pillar: r.pillar,
    rule: r.ruleText === null ? null : { unit: r.ruleUnit!, version: r.version!, text: r.ruleText },
    bit,
  }));
}

/** Bit strings over the programs: literals built from the program list (digits only, never user input). */
export class ProgramMasks {
  constructor(readonly programs: readonly TargetedProgram[]) {}

  /** The bit string with the given programs' bits set, as a SQL literal. */
  of(selected: Iterable<TargetedProgram>): SQL {
    const bits = Array.from({ length: this.programs.length }, () => '0');
    for (const program of selected) bits[program.bit] = '1';
    return sql.raw(`B'${bits.join('')}'::varbit`);
  }

  get zero(): SQL {
    return this.of([]);
  }

  /** Programs with an active rule: the only ones judged for inclusion and exclusion. */
  get ruled(): SQL {
    return this.of(this.programs.filter((p) => p.rule !== null));
  }

  /** Every program of `program`'s purpose group. */
  group(program: TargetedProgram): SQL {
    return this.of(this.programs.filter((p) => p.purposeGroup === program.purposeGroup));
  }

  /** One bit standing for `program`'s purpose group: the bit of the group's first program. */
  groupBit(program: TargetedProgram): SQL {
    return this.of([this.programs.find((p) => p.purposeGroup === program.purposeGroup)!]);
  }
}

/**
 * tgt_bits: one row per program with its bit (`i`, `pbit`), its purpose group's bits (`gmask`) and the group's
 * single bit (`gbit`). Statements join it to expand unit masks into (program, unit) rows.
 */
export async function materializeBits(tx: Db, masks: ProgramMasks): Promise<void> {
  const rows = masks.programs.map(
    (p) =>
      sql`(${p.bit}::int, ${p.code}::text, ${p.purposeGroup}::text, ${p.unit}::text, ${p.pillar}::int,
           ${p.rule !== null}::boolean, ${masks.of([p])}, ${masks.group(p)}, ${masks.groupBit(p)})`,
  );
  const values =
    rows.length === 0
      ? sql`SELECT NULL::int, NULL::text, NULL::text, NULL::text, NULL::int, NULL::boolean, NULL::varbit,
                   NULL::varbit, NULL::varbit WHERE false`
      : sql`VALUES ${sql.join(rows, sql`, `)}`;
  await createWork(
    tx,
    'tgt_bits',
    sql`SELECT * FROM (${values}) v(i, program_code, purpose_group, unit, pillar, ruled, pbit, gmask, gbit)`,
  );
}

/** The programs whose rule is of `unit`, with their rule compiled over `pf`/`hf` of the materialized facts. */
function rulesOf(masks: ProgramMasks, unit: RuleUnit, referenceDate: string) {
  return masks.programs
    .filter((p) => p.rule?.unit === unit)
    .map((program) => ({
      program,
      condition: compileRule(parseValidRule(program.rule!.text, unit), unit, {
        referenceDate,
        facts: materializedFacts,
      }),
    }));
}

/**
 * The units of `from` (person or household facts) eligible for at least one of `unit`'s programs, with the codes
 * of those programs in code order.
 */
function eligibleUnitsOf(
  masks: ProgramMasks,
  unit: RuleUnit,
  referenceDate: string,
  key: { personKey: SQL; from: SQL },
): SQL | undefined {
  const rules = rulesOf(masks, unit, referenceDate);
  if (rules.length === 0) return undefined;
  const codes = sql.join(
    rules.map((r) => sql`CASE WHEN ${r.condition} THEN ${r.program.code}::text END`),
    sql`, `,
  );
  // OFFSET 0 keeps the list a column computed once per unit, not an expression repeated in the outer filter.
  return sql`SELECT * FROM (
      SELECT hf.household_id, ${key.personKey} AS person_key, hf.kelurahan_code,
             array_remove(ARRAY[${codes}], NULL) AS programs
      FROM ${key.from} OFFSET 0) s
    WHERE cardinality(s.programs) > 0`;
}

/**
 * tgt_elig: every unit in the facts eligible for at least one program, with its kelurahan and the codes of those
 * programs. One pass over the person facts for person rules, one over the household facts for household rules.
 */
export async function materializeEligibleFromFacts(
  tx: Db,
  masks: ProgramMasks,
  referenceDate: string,
): Promise<void> {
  const branches = [
    sql`SELECT NULL::bigint AS household_id, NULL::bigint AS person_key, NULL::text AS kelurahan_code,
               NULL::text[] AS programs WHERE false`,
    eligibleUnitsOf(masks, 'person', referenceDate, {
      personKey: sql`pf.person_id`,
      from: sql`tgt_hf hf JOIN tgt_pf pf ON pf.household_id = hf.household_id`,
    }),
    eligibleUnitsOf(masks, 'household', referenceDate, { personKey: sql`0::bigint`, from: sql`tgt_hf hf` }),
  ].filter((b) => b !== undefined);
  await createWork(tx, 'tgt_elig', sql.join(branches, sql` UNION ALL `));
  await tx.execute(sql`ANALYZE tgt_elig`);
}

/** tgt_elig read back from the stored eligible units of the given kelurahan (a household change). */
export async function materializeEligibleFromResults(tx: Db, kelurahan: readonly string[]): Promise<void> {
  await createWork(
    tx,
    'tgt_elig',
    sql`SELECT e.household_id, e.person_id AS person_key, e.kelurahan_code, e.programs
        FROM eligible_unit e
        WHERE e.household_id IN (SELECT h.id FROM household h WHERE ${inKelurahan(sql`h.kelurahan_code`, kelurahan)})`,
  );
}

/**
 * The stored eligible sets as (program_code, household_id, person_id, kelurahan_code) rows, one per program and
 * eligible unit (person_id 0 for household programs).
 */
export const eligibleSetRows = sql`(SELECT x.program_code, e.household_id, e.person_id, e.kelurahan_code
  FROM eligible_unit e CROSS JOIN LATERAL unnest(e.programs) AS x(program_code))`;

/** Removes derived rows (eligibility and findings) of all households, or of one. */
export async function clearDerived(tx: Db, only: number | undefined): Promise<void> {
  if (only === undefined) {
    await tx.execute(sql`TRUNCATE eligible_unit, targeting_finding`);
    return;
  }
  await tx.execute(sql`DELETE FROM eligible_unit WHERE household_id = ${only}`);
  await tx.execute(sql`DELETE FROM targeting_finding WHERE household_id = ${only}`);
}

/** Stores tgt_elig as the eligible units. */
export async function writeEligibility(tx: Db): Promise<void> {
  await tx.execute(sql`INSERT INTO eligible_unit (household_id, person_id, kelurahan_code, programs)
    SELECT household_id, person_key, kelurahan_code, programs FROM tgt_elig`);
}

/**
 * tgt_enr: the active ledger per unit (household id, person id or 0), in one pass: `enrolled` holds the unit's
 * programs, `n` its enrolments and `hu_n` those of household programs (one program by two providers counts twice).
 * tgt_masks: for each distinct `enrolled` mask (a few hundred; keyed by its text, as bit strings cannot be
 * hashed), what it implies: the purpose groups reached by its enrolments (`reach_all`) and by its household-level
 * ones (`reach_hu`), as program masks; the groups its person and household programs fall in (`pu_or`, `hu_or`,
 * one bit per group); its pillars (bit p for pillar p).
 * tgt_hh: the same per household, with `may_overlap` when it holds more household-level enrolments than groups
 * they fall in, or a household-level enrolment beside another enrolment of its group.
 */
export async function materializeEnrolled(
  tx: Db,
  masks: ProgramMasks,
  kelurahan: readonly string[] | undefined,
): Promise<void> {
  const z = masks.zero;
  const scope =
    kelurahan === undefined
      ? sql`true`
      : sql`n.household_id IN (SELECT h.id FROM household h WHERE ${inKelurahan(sql`h.kelurahan_code`, kelurahan)})`;
  await createWork(
    tx,
    'tgt_enr',
    sql`SELECT n.household_id, COALESCE(n.person_id, 0) AS person_key, bit_or(b.pbit) AS enrolled,
               count(*) AS n, count(*) FILTER (WHERE b.unit = 'household') AS hu_n
        FROM enrolment n JOIN tgt_bits b ON b.program_code = n.program_code
        WHERE n.status = 'active' AND ${scope}
        GROUP BY n.household_id, COALESCE(n.person_id, 0)`,
  );
  await tx.execute(sql`ANALYZE tgt_enr`);
  await createWork(
    tx,
    'tgt_masks',
    sql`SELECT m.key, bit_or(b.gmask) AS reach_all,
               COALESCE(bit_or(b.gmask) FILTER (WHERE b.unit = 'household'), ${z}) AS reach_hu,
               COALESCE(bit_or(b.gbit) FILTER (WHERE b.unit <> 'household'), ${z}) AS pu_or,
               COALESCE(bit_or(b.gbit) FILTER (WHERE b.unit = 'household'), ${z}) AS hu_or,
               bit_or(1 << b.pillar) AS pillars
        FROM (SELECT DISTINCT enrolled::text AS key FROM tgt_enr) m
        JOIN tgt_bits b ON get_bit(m.key::varbit, b.i) = 1
        GROUP BY m.key`,
  );
  await tx.execute(sql`ANALYZE tgt_masks`);
  await createWork(
    tx,
    'tgt_hh',
    sql`SELECT r.household_id, bit_or(m.reach_all) AS reach_all, bit_or(m.reach_hu) AS reach_hu,
               bit_or(m.pillars) AS pillars,
               sum(r.hu_n) > bit_count(bit_or(m.hu_or)) OR (bit_or(m.hu_or) & bit_or(m.pu_or)) <> ${z} AS may_overlap
        FROM tgt_enr r JOIN tgt_masks m ON m.key = r.enrolled::text
        GROUP BY r.household_id`,
  );
  await tx.execute(sql`ANALYZE tgt_hh`);
}

/**
 * tgt_units: every unit eligible for or enrolled in some program (tgt_elig full join tgt_enr), with its
 * household's kelurahan and desil, and `reach`: the programs whose purpose group an enrolment of the household
 * reaches it by (for a person: enrolments naming them and household-level ones; for a household: all).
 * Enrolments naming a person under another household are added where they matter (exclusion errors).
 */
export async function materializeUnits(tx: Db, masks: ProgramMasks): Promise<void> {
  const z = masks.zero;
  // The mask of each distinct list of eligible programs (a few hundred lists).
  await createWork(
    tx,
    'tgt_lists',
    sql`SELECT l.programs, bit_or(b.pbit) AS eligible
        FROM (SELECT DISTINCT programs FROM tgt_elig) l
        CROSS JOIN LATERAL unnest(l.programs) AS x(program_code)
        JOIN tgt_bits b ON b.program_code = x.program_code
        GROUP BY l.programs`,
  );
  await createWork(
    tx,
    'tgt_units',
    sql`SELECT u.household_id, u.person_key, h.kelurahan_code, w.desil, u.eligible, u.enrolled,
           CASE WHEN u.person_key = 0 THEN COALESCE(hh.reach_all, ${z})
                ELSE u.reach_all | COALESCE(hh.reach_hu, ${z}) END AS reach
    FROM (SELECT COALESCE(e.household_id, r.household_id) AS household_id,
                 COALESCE(e.person_key, r.person_key) AS person_key,
                 COALESCE(e.eligible, ${z}) AS eligible, COALESCE(r.enrolled, ${z}) AS enrolled,
                 COALESCE(r.reach_all, ${z}) AS reach_all
          FROM (SELECT x.household_id, x.person_key, l.eligible
                FROM tgt_elig x JOIN tgt_lists l ON l.programs = x.programs) e
          FULL JOIN (SELECT r.household_id, r.person_key, r.enrolled, m.reach_all
                     FROM tgt_enr r JOIN tgt_masks m ON m.key = r.enrolled::text) r
            ON r.household_id = e.household_id AND r.person_key = e.person_key) u
    JOIN household h ON h.id = u.household_id
    LEFT JOIN household_welfare w ON w.household_id = u.household_id AND w.snapshot_id = ${latestSnapshotId}
    LEFT JOIN tgt_hh hh ON hh.household_id = u.household_id`,
  );
  await tx.execute(sql`ANALYZE tgt_units`);
}
