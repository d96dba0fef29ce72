/** The reads behind the targeting views: rollups (aggregates) and findings (named lists, already scoped). */
import { sql, type SQL } from 'drizzle-orm';
import { childAreasSql, codeWithin } from '../regions/region-sql.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import type { FindingKind } from './targeting.schema.ts';

export interface ProgramTotalsRow {
  code: string;
  name: string;
  pillar: number;
  agency: string;
  unit: 'person' | 'household';
  purposeGroup: string;
  eligible: number;
  enrolled: number;
  inclusionErrors: number;
  exclusionErrors: number;
  overlaps: number;
  eligibleDesil1: number;
  enrolledDesil1: number;
}

/** Per program: the rollup summed over the region (every program listed, zeros when nothing is known). */
export function selectProgramTotals(db: Db, region: string): Promise<ProgramTotalsRow[]> {
  return queryRows<ProgramTotalsRow>(
    db,
    sql`SELECT p.code, p.name, p.pillar::int AS pillar, p.agency, p.unit, p.purpose_group AS "purposeGroup",
          COALESCE(sum(t.eligible), 0)::int AS eligible, COALESCE(sum(t.enrolled), 0)::int AS enrolled,
          COALESCE(sum(t.inclusion_errors), 0)::int AS "inclusionErrors",
          COALESCE(sum(t.exclusion_errors), 0)::int AS "exclusionErrors",
          COALESCE(sum(t.overlaps), 0)::int AS overlaps,
          COALESCE(sum(t.eligible_desil1), 0)::int AS "eligibleDesil1",
          COALESCE(sum(t.enrolled_desil1), 0)::int AS "enrolledDesil1"
        FROM program p
        LEFT JOIN targeting_rollup t ON t.program_code = p.code AND ${codeWithin(sql`t.kelurahan_code`, region)}
        GROUP BY p.code ORDER BY p.pillar, p.code`,
  );
}

export interface CoverageCellRow {
  areaCode: string;
  areaName: string;
  desil: number;
  pillar: number;
  households: number;
  covered: number;
  extremePoor: number;
  extremePoorCovered: number;
}

/** Desil × pillar households and households reached, per child area of the region. */
export function selectCoverageCells(db: Db, region: string): Promise<CoverageCellRow[]> {
  return queryRows<CoverageCellRow>(
    db,
    sql`SELECT a.code AS "areaCode", a.name AS "areaName", c.desil::int AS desil, c.pillar::int AS pillar,
          sum(c.households)::int AS households, sum(c.covered)::int AS covered,
          sum(c.extreme_poor)::int AS "extremePoor", sum(c.extreme_poor_covered)::int AS "extremePoorCovered"
        FROM ${childAreasSql(region)} a
        JOIN coverage_rollup c ON ${codeWithin(sql`c.kelurahan_code`, sql`a.code`)}
        GROUP BY a.code, a.name, c.desil, c.pillar ORDER BY a.code, c.desil, c.pillar`,
  );
}

export interface FindingRow {
  kind: FindingKind;
  programCode: string | null;
  purposeGroup: string;
  programs: string[];
  providers: string[];
  householdId: number;
  personId: number | null;
  kkNumber: string;
  name: string | null;
  nik: string | null;
  kelurahanCode: string;
  kelurahanName: string;
  desil: number | null;
  total: number;
}

/** One page of findings matching `condition` (scope, kind, program, region), household by household. */
export function selectFindings(
  db: Db,
  options: { condition: SQL; limit: number; offset: number },
): Promise<FindingRow[]> {
  return queryRows<FindingRow>(
    db,
    sql`SELECT f.kind, f.program_code AS "programCode", f.purpose_group AS "purposeGroup", f.programs, f.providers,
          f.household_id::int AS "householdId", f.person_id::int AS "personId", h.kk_number AS "kkNumber",
          p.name, p.nik, f.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", f.desil::int AS desil,
          count(*) OVER ()::int AS total
        FROM targeting_finding f
        JOIN household h ON h.id = f.household_id
        JOIN region r ON r.code = f.kelurahan_code
        LEFT JOIN LATERAL (
          SELECT m.person_id FROM household_member m
          WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
          ORDER BY m.position LIMIT 1) hp ON true
        LEFT JOIN person p ON p.id = COALESCE(f.person_id, hp.person_id)
        WHERE ${options.condition}
        ORDER BY f.desil ASC NULLS LAST, f.kind, f.household_id, f.person_id NULLS FIRST, f.program_code
        LIMIT ${options.limit} OFFSET ${options.offset}`,
  );
}

export interface ExtremePoorRow {
  householdId: number;
  kkNumber: string;
  headName: string | null;
  kelurahanCode: string;
  kelurahanName: string;
  desil: number;
  /** Per pillar 1–4: programs reaching the household, and programs it is eligible for but not reached by. */
  enrolled: { pillar: number; program: string }[];
  gaps: { pillar: number; program: string }[];
  total: number;
}

/** One page of the extreme-poor households in `scope`, each with its programs and gaps by pillar. */
export function selectExtremePoor(
  db: Db,
  options: { condition: SQL; limit: number; offset: number },
): Promise<ExtremePoorRow[]> {
  return queryRows<ExtremePoorRow>(
    db,
    sql`SELECT h.id::int AS "householdId", h.kk_number AS "kkNumber", p.name AS "headName",
          h.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", w.desil::int AS desil,
          COALESCE((SELECT json_agg(DISTINCT jsonb_build_object('pillar', q.pillar, 'program', q.code))
                    FROM enrolment n JOIN program q ON q.code = n.program_code
                    WHERE n.household_id = h.id AND n.status = 'active'), '[]'::json) AS enrolled,
          COALESCE((SELECT json_agg(DISTINCT jsonb_build_object('pillar', q.pillar, 'program', q.code))
                    FROM targeting_finding f JOIN program q ON q.code = f.program_code
                    WHERE f.household_id = h.id AND f.kind = 'exclusion'), '[]'::json) AS gaps,
          count(*) OVER ()::int AS total
        FROM household_welfare w
        JOIN household h ON h.id = w.household_id AND h.status = 'active'
        JOIN region r ON r.code = h.kelurahan_code
        LEFT JOIN LATERAL (
          SELECT m.person_id FROM household_member m
          WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
          ORDER BY m.position LIMIT 1) hp ON true
        LEFT JOIN person p ON p.id = hp.person_id
        WHERE w.snapshot_id = ${latestSnapshotId} AND w.is_extreme_poor AND ${options.condition}
        ORDER BY w.score ASC, h.id
        LIMIT ${options.limit} OFFSET ${options.offset}`,
  );
}

/** The last finished targeting recompute, or undefined. */
export async function selectLastRun(db: Db) {
  const [row] = await queryRows<{ id: number; referenceDate: string; finishedAt: string }>(
    db,
    sql`SELECT id, reference_date::text AS "referenceDate", finished_at AS "finishedAt"
        FROM targeting_run WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
  );
  return row;
}
