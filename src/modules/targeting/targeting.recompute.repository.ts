/**
 * The set-based statements of the targeting recompute (issue 3, part 6), built around one row per unit.
 *
 * A unit is a household (person key 0) or a person in it. Every program gets a bit (`tgt_bits`), and each unit
 * row carries bit strings: the programs it is eligible for (`tgt_elig`, every rule evaluated in one pass over the
 * facts), the programs it is enrolled in, and the programs whose purpose group reaches it (`tgt_enr`, one pass
 * over the ledger). Findings and rollups then read ~1.5 million unit rows instead of joining millions of
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
export const materializedFacts: FactsSource = { person: sql.raw('tgt_pf'), household: sql.raw('tgt_hf') };

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

const workTables = ['tgt_pf', 'tgt_hf', 'tgt_bits', 'tgt_elig', 'tgt_enr', 'tgt_hh', 'tgt_units'] as const;
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
           ${p.rule !== null}::boolean, ${p.rule?.version ?? null}::int, ${masks.of([p])}, ${masks.group(p)},
           ${masks.groupBit(p)})`,
  );
  const values =
    rows.length === 0
      ? sql`SELECT NULL::int, NULL::text, NULL::text, NULL::text, NULL::int, NULL::boolean, NULL::int, NULL::varbit,
                   NULL::varbit, NULL::varbit WHERE false`
      : sql`VALUES ${sql.join(rows, sql`, `)}`;
  await createWork(
    tx,
    'tgt_bits',
    sql`SELECT * FROM (${values}) v(i, program_code, purpose_group, unit, pillar, ruled, rule_version, pbit, gmask,
                                     gbit)`,
  );
}

/** OR of `bit` for each program of `unit` whose rule holds on the current row of `pf`/`hf`. */
function eligibleMask(masks: ProgramMasks, unit: RuleUnit, referenceDate: string): SQL | undefined {
  const terms = masks.programs
    .filter((p) => p.rule?.unit === unit)
    .map((p) => {
      const condition = compileRule(parseValidRule(p.rule!.text, unit), unit, {
        referenceDate,
        facts: materializedFacts,
      });
      return sql`CASE WHEN ${condition} THEN ${masks.of([p])} ELSE ${masks.zero} END`;
    });
  return terms.length === 0 ? undefined : sql.join(terms, sql` | `);
}

/**
 * tgt_elig: every unit in the facts eligible for at least one program, with the mask of those programs. One pass
 * over the person facts for person rules, one over the household facts for household rules.
 */
export async function materializeEligibleFromFacts(
  tx: Db,
  masks: ProgramMasks,
  referenceDate: string,
): Promise<void> {
  const personMask = eligibleMask(masks, 'person', referenceDate);
  const householdMask = eligibleMask(masks, 'household', referenceDate);
  const branches: SQL[] = [
    sql`SELECT NULL::bigint AS household_id, NULL::bigint AS person_key, NULL::text AS kelurahan_code,
               NULL::varbit AS eligible WHERE false`,
  ];
  // OFFSET 0 keeps each mask a column computed once, not an expression repeated in the outer filter.
  if (personMask)
    branches.push(sql`SELECT * FROM (
        SELECT hf.household_id, pf.person_id, hf.kelurahan_code, ${personMask} AS eligible
        FROM tgt_hf hf JOIN tgt_pf pf ON pf.household_id = hf.household_id OFFSET 0) s
      WHERE s.eligible <> ${masks.zero}`);
  if (householdMask)
    branches.push(sql`SELECT * FROM (
        SELECT hf.household_id, 0::bigint, hf.kelurahan_code, ${householdMask} AS eligible
        FROM tgt_hf hf OFFSET 0) s
      WHERE s.eligible <> ${masks.zero}`);
  await createWork(tx, 'tgt_elig', sql.join(branches, sql` UNION ALL `));
}

/** tgt_elig read back from the stored eligible sets of the given kelurahan (a household change). */
export async function materializeEligibleFromResults(tx: Db, kelurahan: readonly string[]): Promise<void> {
  await createWork(
    tx,
    'tgt_elig',
    sql`SELECT e.household_id, e.person_id AS person_key, min(e.kelurahan_code) AS kelurahan_code,
               bit_or(b.pbit) AS eligible
        FROM eligibility_result e JOIN tgt_bits b ON b.program_code = e.program_code
        WHERE ${inKelurahan(sql`e.kelurahan_code`, kelurahan)}
        GROUP BY e.household_id, e.person_id`,
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

/** Stores tgt_elig as eligible sets: one eligibility_result row per (program, unit). */
export async function writeEligibility(tx: Db): Promise<void> {
  await tx.execute(sql`INSERT INTO eligibility_result (program_code, household_id, person_id, kelurahan_code,
                                                       rule_version)
    SELECT b.program_code, e.household_id, e.person_key, e.kelurahan_code, b.rule_version
    FROM tgt_elig e JOIN tgt_bits b ON b.ruled AND get_bit(e.eligible, b.i) = 1`);
}

/**
 * tgt_enr: the active ledger per unit (household id, person id or 0), in one pass. `enrolled` holds the programs;
 * `reach_all` the purpose groups of every enrolment naming the unit and `reach_hu` those of household-level
 * enrolments (as group masks); `pu_*` and `hu_*` count person-level and household-level enrolments against the
 * groups they fall in, which is how overlaps are spotted; `pillars` has bit p set when pillar p reaches the unit.
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
  const personLevel = sql`b.unit = 'person' AND n.person_id IS NOT NULL`;
  await createWork(
    tx,
    'tgt_enr',
    sql`SELECT n.household_id, COALESCE(n.person_id, 0) AS person_key,
           bit_or(b.pbit) AS enrolled,
           bit_or(b.gmask) AS reach_all,
           COALESCE(bit_or(b.gmask) FILTER (WHERE b.unit = 'household'), ${z}) AS reach_hu,
           COALESCE(bit_or(b.gbit) FILTER (WHERE ${personLevel}), ${z}) AS pu_or,
           count(*) FILTER (WHERE ${personLevel}) AS pu_n,
           COALESCE(bit_or(b.gbit) FILTER (WHERE b.unit = 'household'), ${z}) AS hu_or,
           count(*) FILTER (WHERE b.unit = 'household') AS hu_n,
           COALESCE(bit_or(b.gbit) FILTER (WHERE b.unit <> 'household'), ${z}) AS nh_or,
           bit_or(1 << b.pillar) AS pillars
        FROM enrolment n JOIN tgt_bits b ON b.program_code = n.program_code
        WHERE n.status = 'active' AND ${scope}
        GROUP BY n.household_id, COALESCE(n.person_id, 0)`,
  );
  // Per household: what reaches it and its members, the pillars, and whether it may hold a household overlap
  // (two household-level enrolments in one group, or one beside any other enrolment of its group).
  await createWork(
    tx,
    'tgt_hh',
    sql`SELECT household_id, bit_or(reach_all) AS reach_all, bit_or(reach_hu) AS reach_hu,
               bit_or(pillars) AS pillars,
               sum(hu_n) > bit_count(bit_or(hu_or)) OR (bit_or(hu_or) & bit_or(nh_or)) <> ${z} AS may_overlap
        FROM tgt_enr GROUP BY household_id`,
  );
}

/**
 * tgt_units: every unit eligible for or enrolled in some program (tgt_elig full join tgt_enr), with its
 * household's kelurahan and desil, and `reach`: the programs whose purpose group an enrolment of the household
 * reaches it by (for a person: enrolments naming them and household-level ones; for a household: all).
 * Enrolments naming a person under another household are added where they matter (exclusion errors).
 */
export async function materializeUnits(tx: Db, masks: ProgramMasks): Promise<void> {
  const z = masks.zero;
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
          FROM tgt_elig e FULL JOIN tgt_enr r ON r.household_id = e.household_id AND r.person_key = e.person_key) u
    JOIN household h ON h.id = u.household_id
    LEFT JOIN household_welfare w ON w.household_id = u.household_id AND w.snapshot_id = ${latestSnapshotId}
    LEFT JOIN tgt_hh hh ON hh.household_id = u.household_id`,
  );
  await tx.execute(sql`ANALYZE tgt_units`);
}
