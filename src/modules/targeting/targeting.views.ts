/**
 * The targeting views (issue 3, part 4): per-program totals and the desil × pillar × area coverage matrix are
 * aggregates any signed-in role may read within its area; the named lists — findings and the extreme-poor
 * households with their gaps — are personal data, scoped by the access layer and audited household by household.
 */
import { sql, type SQL } from 'drizzle-orm';
import { codeWithin } from '../regions/region-sql.ts';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import {
  householdScopeCondition,
  isRegionInArea,
  requirePersonalDataAccess,
} from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { FindingKind } from './targeting.schema.ts';
import {
  selectCoverageCells,
  selectExtremePoor,
  selectFindings,
  selectLastRun,
  selectProgramTotals,
} from './targeting.views.repository.ts';

/** The area a view covers: the requested region when inside the user's area, else the user's whole area. */
export function resolveArea(user: SessionUser, region: string | undefined): string {
  if (region === undefined) return user.regionCode;
  if (!isRegionInArea(region, user.regionCode))
    throw new AppError('FORBIDDEN', `Region ${region} lies outside your area (${user.regionCode}).`);
  return region;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Per program within the area: eligible, enrolled, inclusion and exclusion errors, overlaps, desil-1 coverage. */
export async function summarizeTargeting(db: Db, user: SessionUser, region?: string) {
  const area = resolveArea(user, region);
  const [programs, run] = await Promise.all([selectProgramTotals(db, area), selectLastRun(db)]);
  return {
    region: area,
    run: run ?? null,
    programs: programs.map((p) => ({
      ...p,
      coverageDesil1: share(p.enrolledDesil1, p.eligibleDesil1),
      inclusionRate: share(p.inclusionErrors, p.enrolled),
      exclusionRate: share(p.exclusionErrors, p.eligible),
    })),
  };
}

/** The coverage matrix desil × pillar for each child area of the region, and for the region as a whole. */
export async function coverageMatrix(db: Db, user: SessionUser, region?: string) {
  const area = resolveArea(user, region);
  const cells = await selectCoverageCells(db, area);
  const areas = new Map<string, { code: string; name: string; cells: ReturnType<typeof cellOf>[] }>();
  const totals = new Map<string, ReturnType<typeof cellOf>>();
  for (const cell of cells) {
    const entry = areas.get(cell.areaCode) ?? { code: cell.areaCode, name: cell.areaName, cells: [] };
    entry.cells.push(cellOf(cell));
    areas.set(cell.areaCode, entry);
    const key = `${cell.desil}:${cell.pillar}`;
    const total =
      totals.get(key) ??
      cellOf({ ...cell, households: 0, covered: 0, extremePoor: 0, extremePoorCovered: 0 });
    totals.set(
      key,
      cellOf({
        desil: cell.desil,
        pillar: cell.pillar,
        households: total.households + cell.households,
        covered: total.covered + cell.covered,
        extremePoor: total.extremePoor + cell.extremePoor,
        extremePoorCovered: total.extremePoorCovered + cell.extremePoorCovered,
      }),
    );
  }
  return { region: area, areas: [...areas.values()], totals: [...totals.values()] };
}

function cellOf(c: {
  desil: number;
  pillar: number;
  households: number;
  covered: number;
  extremePoor: number;
  extremePoorCovered: number;
}) {
  return {
    desil: c.desil,
    pillar: c.pillar,
    households: c.households,
    covered: c.covered,
    share: share(c.covered, c.households),
    extremePoor: c.extremePoor,
    extremePoorCovered: c.extremePoorCovered,
  };
}

export interface FindingsQuery {
  kind?: FindingKind;
  program?: string;
  region?: string;
  page: number;
  pageSize: number;
  purpose: string;
}

/** Agencies see the findings of their own programs only; other roles every program. */
function agencyCondition(user: SessionUser, programs: SQL): SQL {
  if (user.role !== 'agency') return sql`true`;
  return sql`EXISTS (SELECT 1 FROM program q WHERE q.agency = ${user.organisation ?? ''} AND q.code = ANY(${programs}))`;
}

/** One page of inclusion errors, exclusion errors or overlaps within the user's scope, audited. */
export async function listFindings(db: Db, user: SessionUser, query: FindingsQuery) {
  const scope = requirePersonalDataAccess(user);
  const conditions = [
    householdScopeCondition(scope, {
      kelurahanCode: sql`f.kelurahan_code`,
      householdId: sql`f.household_id`,
    }),
    agencyCondition(user, sql`f.programs`),
    query.kind ? sql`f.kind = ${query.kind}` : sql`true`,
    query.program ? sql`${query.program} = ANY(f.programs)` : sql`true`,
    query.region ? codeWithin(sql`f.kelurahan_code`, query.region) : sql`true`,
  ];
  const rows = await selectFindings(db, {
    condition: sql.join(conditions, sql` AND `),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  await auditHouseholds(db, user, rows, query.purpose, {
    view: 'targeting findings',
    kind: query.kind ?? null,
  });
  return {
    items: rows.map(({ total: _total, ...item }) => item),
    page: query.page,
    pageSize: query.pageSize,
    total: rows[0]?.total ?? 0,
  };
}

/** One page of extreme-poor households with the programs reaching them and their gaps, by pillar; audited. */
export async function listExtremePoorCoverage(
  db: Db,
  user: SessionUser,
  query: { region?: string; page: number; pageSize: number; purpose: string },
) {
  const scope = requirePersonalDataAccess(user);
  const condition = sql.join(
    [
      householdScopeCondition(scope, { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` }),
      query.region ? codeWithin(sql`h.kelurahan_code`, query.region) : sql`true`,
    ],
    sql` AND `,
  );
  const rows = await selectExtremePoor(db, {
    condition,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  await auditHouseholds(db, user, rows, query.purpose, { view: 'extreme-poor coverage' });
  return {
    items: rows.map(({ total: _total, enrolled, gaps, ...household }) => ({
      ...household,
      pillars: [1, 2, 3, 4].map((pillar) => ({
        pillar,
        programs: enrolled
          .filter((e) => e.pillar === pillar)
          .map((e) => e.program)
          .sort(),
        gaps: gaps
          .filter((g) => g.pillar === pillar)
          .map((g) => g.program)
          .sort(),
      })),
    })),
    page: query.page,
    pageSize: query.pageSize,
    total: rows[0]?.total ?? 0,
  };
}

async function auditHouseholds(
  db: Db,
  user: SessionUser,
  rows: readonly { householdId: number; kelurahanCode: string }[],
  purpose: string,
  details: Record<string, unknown>,
) {
  const households = new Map(rows.map((r) => [r.householdId, r.kelurahanCode]));
  await recordAudit(
    db,
    user,
    [...households].map(([householdId, regionCode]) => ({
      action: 'search' as const,
      subjectType: 'household' as const,
      subjectId: householdId,
      regionCode,
      purpose,
      details,
    })),
  );
}
