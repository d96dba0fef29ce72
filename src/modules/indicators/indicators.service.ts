/**
 * Indicators, targets, the trajectory, graduation and the dashboard figures (issue 5, parts 1, 5 and 6). Every
 * read here takes precomputed rows (indicator_value, graduation_rollup, kelurahan_freshness and the targeting
 * rollups) or the official series; only the household trajectory reads personal data (scoped and audited).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { householdScopeCondition, requirePersonalDataAccess } from '../access/access.scope.ts';
import { resolveArea } from '../targeting/targeting.views.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { selectRegion } from '../regions/regions.repository.ts';
import type { RegionLevel } from '../regions/regions.schema.ts';
import type { TargetBody } from './indicators.contracts.ts';
import {
  coverageIndicatorCode,
  coveragePillars,
  indicatorByCode,
  indicators,
  type IndicatorDefinition,
} from './indicators.data.ts';
import {
  insertTargets,
  selectAreaValues,
  selectFreshness,
  selectGraduation,
  selectHouseholdPath,
  selectHouseholdPrograms,
  selectIndicatorsByArea,
  selectOfficialSeries,
  selectRegistrySeries,
  selectScopedHousehold,
  selectTargetingByArea,
  selectTargets,
  type GraduationRow,
} from './indicators.repository.ts';
import { annualActuals, computeTrajectory } from './indicators.trajectory.ts';

async function requireRegion(db: Db, code: string): Promise<void> {
  if (!(await selectRegion(db, code))) throw notFound(`Region ${code}`);
}

function requireIndicator(code: string): IndicatorDefinition {
  const found = indicatorByCode.get(code);
  if (!found) throw notFound(`Indicator ${code}`);
  return found;
}

export const listIndicators = (): readonly IndicatorDefinition[] => indicators;

function readSeries(db: Db, indicator: IndicatorDefinition, region: string) {
  return indicator.kind === 'official'
    ? selectOfficialSeries(db, indicator.code, region)
    : selectRegistrySeries(db, indicator.code, region);
}

/** An indicator's values for one area, oldest first: its official series, or one value per snapshot. */
export async function indicatorSeries(db: Db, user: SessionUser, code: string, region?: string) {
  const indicator = requireIndicator(code);
  const area = resolveArea(user, region);
  await requireRegion(db, area);
  return { indicator, region: area, points: await readSeries(db, indicator, area) };
}

/** The registry indicators of the latest snapshot for the areas of a map (children of the region, or a level). */
export async function areaValues(db: Db, user: SessionUser, region?: string, level?: RegionLevel) {
  const area = resolveArea(user, region);
  await requireRegion(db, area);
  const rows = await selectAreaValues(db, area, level);
  const areas = new Map<
    string,
    { code: string; name: string; level: RegionLevel; values: Record<string, number | null> }
  >();
  for (const row of rows) {
    const entry = areas.get(row.code) ?? { code: row.code, name: row.name, level: row.level, values: {} };
    entry.values[row.indicatorCode] = row.value;
    areas.set(row.code, entry);
  }
  return { region: area, snapshotId: null, areas: [...areas.values()] };
}

/** Targets within the user's area (or a region inside it). */
export async function listTargets(db: Db, user: SessionUser, region?: string, code?: string) {
  return selectTargets(db, resolveArea(user, region), code);
}

/** Sets (creates or replaces) a target; the TKPK secretariat only. */
export async function putTarget(
  db: Db,
  user: SessionUser,
  key: { code: string; region: string; year: number },
  body: TargetBody,
) {
  if (user.role !== 'secretariat') throw new AppError('FORBIDDEN', 'Only the TKPK secretariat sets targets.');
  requireIndicator(key.code);
  await requireRegion(db, key.region);
  if (body.baselineYear >= key.year)
    throw new AppError('VALIDATION_FAILED', 'The baseline year must come before the target year.', {
      issues: [
        { path: 'body.baselineYear', reason: 'after_target', message: 'must be before the target year' },
      ],
    });
  await insertTargets(
    db,
    [{ indicatorCode: key.code, regionCode: key.region, year: key.year, ...body }],
    user.id,
    'replace',
  );
  const saved = await selectTargets(db, key.region, key.code);
  return saved.find((t) => t.regionCode === key.region && t.year === key.year)!;
}

/**
 * Actual values against the target path: the area's target of the indicator (the one for `year`, else the latest
 * year), the path from the baseline year's actual, the gap per year.
 */
export async function indicatorTrajectory(
  db: Db,
  user: SessionUser,
  code: string,
  query: { region?: string | undefined; year?: number | undefined },
) {
  const indicator = requireIndicator(code);
  const area = resolveArea(user, query.region);
  await requireRegion(db, area);
  const [points, targets] = await Promise.all([
    readSeries(db, indicator, area),
    selectTargets(db, area, code),
  ]);
  const own = targets.filter((t) => t.regionCode === area);
  const target = (query.year === undefined ? own.at(-1) : own.find((t) => t.year === query.year)) ?? null;
  if (target === null) return { indicator, region: area, target: null, baseline: null, years: [], points };
  const { baseline, years } = computeTrajectory(
    annualActuals(points, indicator.kind),
    target,
    indicator.direction,
  );
  return { indicator, region: area, target, baseline, years, points };
}

/** Graduation and re-entry by cohort for an area (aggregates). */
export async function graduationByCohort(db: Db, user: SessionUser, region?: string) {
  const area = resolveArea(user, region);
  await requireRegion(db, area);
  const rows = await selectGraduation(db, area);
  const cohorts = new Map<number, GraduationRow[]>();
  for (const row of rows)
    cohorts.set(row.cohortSnapshotId, [...(cohorts.get(row.cohortSnapshotId) ?? []), row]);
  return {
    region: area,
    cohorts: [...cohorts.values()].map((snapshots) => {
      const first = snapshots[0]!;
      const last = snapshots.at(-1)!;
      const sum = (key: 'graduated' | 'reentered' | 'leftExtremePoverty') =>
        snapshots.reduce((total, s) => total + s[key], 0);
      return {
        cohortSnapshotId: first.cohortSnapshotId,
        cohortDate: first.cohortDate,
        size: first.snapshotId === first.cohortSnapshotId ? first.households : 0,
        latest: { snapshotId: last.snapshotId, households: last.households, inDesil14: last.inDesil14 },
        graduated: sum('graduated'),
        reentered: sum('reentered'),
        leftExtremePoverty: sum('leftExtremePoverty'),
        snapshots: snapshots.map((s) => ({
          snapshotId: s.snapshotId,
          snapshotDate: s.snapshotDate,
          households: s.households,
          inDesil14: s.inDesil14,
          graduated: s.graduated,
          reentered: s.reentered,
          leftExtremePoverty: s.leftExtremePoverty,
        })),
      };
    }),
  };
}

/**
 * One household's trajectory: desil path across snapshots with its events, the programs it received (ledger) and
 * whether it left the registry. Scoped (outside the caller's scope: 404) and audited.
 */
export async function householdTrajectory(db: Db, user: SessionUser, householdId: number, purpose: string) {
  const scope = requirePersonalDataAccess(user);
  const household = await selectScopedHousehold(
    db,
    householdId,
    householdScopeCondition(scope, { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` }),
  );
  if (!household) throw notFound(`Household ${householdId}`);
  const [path, programs] = await Promise.all([
    selectHouseholdPath(db, householdId),
    selectHouseholdPrograms(db, householdId),
  ]);
  await recordAudit(db, user, [
    {
      action: 'read',
      subjectType: 'household',
      subjectId: householdId,
      regionCode: household.kelurahanCode,
      purpose,
      details: { view: 'trajectory' },
    },
  ]);
  return { household: { ...household, exited: household.status !== 'active' }, path, programs };
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const staleDays = 180;

/** Data freshness per kelurahan of an area, with a summary. */
export async function dataFreshness(db: Db, user: SessionUser, region?: string) {
  const area = resolveArea(user, region);
  await requireRegion(db, area);
  const rows = await selectFreshness(db, area);
  const days = rows
    .map((r) => r.daysSinceVerification)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  const median =
    days.length === 0
      ? null
      : days.length % 2 === 1
        ? days[(days.length - 1) / 2]!
        : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
  const total = (key: 'households' | 'verifiedHouseholds' | 'campaignAssigned' | 'campaignVerified') =>
    rows.reduce((sum, r) => sum + r[key], 0);
  return {
    region: area,
    summary: {
      kelurahan: rows.length,
      households: total('households'),
      verifiedHouseholds: total('verifiedHouseholds'),
      staleKelurahan: rows.filter(
        (r) => r.daysSinceVerification === null || r.daysSinceVerification > staleDays,
      ).length,
      medianDaysSinceVerification: median,
      campaignAssigned: total('campaignAssigned'),
      campaignVerified: total('campaignVerified'),
      campaignShare: share(total('campaignVerified'), total('campaignAssigned')),
    },
    kelurahan: rows.map((r) => ({ ...r, campaignShare: share(r.campaignVerified, r.campaignAssigned) })),
  };
}

/** Targeting errors and desil-1 coverage by pillar for an area and its child areas (precomputed rollups). */
export async function dashboardTargeting(db: Db, user: SessionUser, region?: string) {
  const area = resolveArea(user, region);
  await requireRegion(db, area);
  const codes = coveragePillars.map(coverageIndicatorCode);
  const [totals, coverage] = await Promise.all([
    selectTargetingByArea(db, area),
    selectIndicatorsByArea(db, area, codes),
  ]);
  return {
    region: area,
    areas: totals.map((t) => {
      const cells = coverage.filter((c) => c.code === t.code);
      return {
        ...t,
        inclusionRate: share(t.inclusionErrors, t.enrolled),
        exclusionRate: share(t.exclusionErrors, t.eligible),
        desil1Households: cells[0]?.denominator ?? 0,
        desil1Coverage: Object.fromEntries(
          coveragePillars.map((p) => {
            const cell = cells.find((c) => c.indicatorCode === coverageIndicatorCode(p));
            return [String(p), cell ? share(cell.numerator, cell.denominator) : null];
          }),
        ),
      };
    }),
  };
}
