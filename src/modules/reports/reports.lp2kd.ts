/**
 * The yearly implementation report of poverty reduction (LP2KD, Laporan Pelaksanaan Penanggulangan Kemiskinan
 * Daerah) for one area and year, gathered from what the other modules already hold: the official BPS series, the
 * registry figures of the area, the program targeting totals, the coverage of the target population by pillar,
 * the plan's budget and output realisation, and the issues agencies filed with their progress. Aggregates only.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { getRegionDetail } from '../regions/regions.service.ts';
import { getPovertyStatistics, type PovertySeriesPoint } from '../regions/statistics.service.ts';
import { coverageMatrix, resolveArea, summarizeTargeting } from '../targeting/targeting.views.ts';

export interface ReportRegion {
  code: string;
  name: string;
  level: string;
}

export type OfficialPoint = PovertySeriesPoint;

export interface ProgramLine {
  code: string;
  name: string;
  pillar: number;
  agency: string;
  eligible: number;
  enrolled: number;
  coverageDesil1: number | null;
  inclusionErrors: number;
  exclusionErrors: number;
  overlaps: number;
}

export interface PillarCoverage {
  pillar: number;
  /** Ranked households in desil 1–4 of the area. */
  targetHouseholds: number;
  covered: number;
  share: number | null;
  extremePoor: number;
  extremePoorCovered: number;
}

/** One line of plan against realisation (by agency or by program), as the plans module computes it. */
export interface BudgetLine {
  key: string;
  label: string;
  budget: number;
  realised: number;
  activities: number;
  /** Output target and achievement: set for one activity, null for a group of activities. */
  outputTarget: number | null;
  outputAchieved: number | null;
  unit: string | null;
  /** Mean of the activities' output achievement, percent. */
  outputPercent: number | null;
}

export interface ReportIssue {
  source: string;
  text: string;
}

export interface Lp2kdReport {
  region: ReportRegion;
  year: number;
  generatedAt: string;
  generatedBy: string;
  poverty: {
    /** The region whose official series is shown: the area itself, or its nearest ancestor that BPS publishes. */
    seriesRegion: ReportRegion;
    official: OfficialPoint[];
    target: { name: string; year: number; p0Min: number; p0Max: number; source: string } | null;
    registry: {
      households: number;
      persons: number;
      desil1to4Households: number;
      extremePoorHouseholds: number;
      snapshotId: number | null;
    };
  };
  programs: ProgramLine[];
  budget: { byAgency: BudgetLine[]; byProgram: BudgetLine[] };
  coverage: PillarCoverage[];
  issues: ReportIssue[];
}

/** What the plans module contributes; injected so the report does not depend on how plans store their data. */
export interface PlanFigures {
  budget: (db: Db, query: { regionCode: string; year: number }) => Promise<Lp2kdReport['budget']>;
  issues: (db: Db, query: { regionCode: string; year: number }) => Promise<ReportIssue[]>;
}

/** The four pillars of Jakarta's poverty-reduction strategy (the same names as the web app's program catalogue). */
export const pillarNames: Record<number, string> = {
  1: 'Pilar 1 – Validasi data',
  2: 'Pilar 2 – Mengurangi beban pengeluaran',
  3: 'Pilar 3 – Meningkatkan pendapatan',
  4: 'Pilar 4 – Intervensi kewilayahan',
};

/** Official points of the report year and the year before (the trend the year is judged against). */
function pointsAround(series: OfficialPoint[], year: number): OfficialPoint[] {
  const from = `${year - 1}-01`;
  const to = `${year}-12`;
  const within = series.filter((p) => p.period >= from && p.period <= to);
  // A year BPS has not yet published still shows the latest published figures, labelled by their period.
  return within.length > 0 ? within : series.slice(-2);
}

async function officialSeries(db: Db, area: ReportRegion, ancestors: ReportRegion[]) {
  // BPS publishes the province and its kota; a kecamatan or kelurahan shows its kota's series.
  for (const place of [area, ...[...ancestors].reverse()]) {
    if (place.level !== 'province' && place.level !== 'kota') continue;
    const stats = await getPovertyStatistics(db, place.code);
    if (stats.series.length > 0 || place.level === 'province') return { place, stats };
  }
  return null;
}

/** Coverage of desil 1–4 households per pillar, from the coverage matrix totals. */
function pillarCoverage(totals: Awaited<ReturnType<typeof coverageMatrix>>['totals']): PillarCoverage[] {
  const byPillar = new Map<number, PillarCoverage>();
  for (const cell of totals) {
    if (cell.desil < 1 || cell.desil > 4) continue;
    const line = byPillar.get(cell.pillar) ?? {
      pillar: cell.pillar,
      targetHouseholds: 0,
      covered: 0,
      share: null,
      extremePoor: 0,
      extremePoorCovered: 0,
    };
    line.targetHouseholds += cell.households;
    line.covered += cell.covered;
    line.extremePoor += cell.extremePoor;
    line.extremePoorCovered += cell.extremePoorCovered;
    byPillar.set(cell.pillar, line);
  }
  return [...byPillar.values()]
    .map((line) => ({
      ...line,
      share: line.targetHouseholds > 0 ? line.covered / line.targetHouseholds : null,
    }))
    .sort((a, b) => a.pillar - b.pillar);
}

/** Issues the figures themselves raise: pillars leaving many poor households out, programs missing many. */
function derivedIssues(coverage: PillarCoverage[], programs: ProgramLine[]): ReportIssue[] {
  const issues: ReportIssue[] = [];
  for (const line of coverage) {
    if (line.share !== null && line.share < 0.5)
      issues.push({
        source: 'Registri',
        text: `${pillarNames[line.pillar] ?? `Pilar ${line.pillar}`}: hanya ${Math.round(line.share * 100)} % rumah tangga desil 1–4 terjangkau (${line.covered.toLocaleString('id-ID')} dari ${line.targetHouseholds.toLocaleString('id-ID')}).`,
      });
    const uncovered = line.extremePoor - line.extremePoorCovered;
    if (uncovered > 0)
      issues.push({
        source: 'Registri',
        text: `${pillarNames[line.pillar] ?? `Pilar ${line.pillar}`}: ${uncovered.toLocaleString('id-ID')} rumah tangga miskin ekstrem belum terjangkau.`,
      });
  }
  for (const program of programs) {
    if (program.eligible > 0 && program.exclusionErrors / program.eligible > 0.2)
      issues.push({
        source: 'Penyasaran',
        text: `${program.name}: ${program.exclusionErrors.toLocaleString('id-ID')} sasaran layak belum menerima (exclusion error).`,
      });
  }
  return issues;
}

/** Gathers the LP2KD of `regionCode` (inside the user's area) for `year`. */
export async function gatherLp2kd(
  db: Db,
  user: SessionUser,
  query: { region?: string; year: number },
  plans: PlanFigures,
): Promise<Lp2kdReport> {
  const areaCode = resolveArea(user, query.region);
  const detail = await getRegionDetail(db, areaCode);
  const region = { code: detail.region.code, name: detail.region.name, level: detail.region.level };
  const ancestors = detail.ancestors.map((a) => ({ code: a.code, name: a.name, level: a.level }));
  const [official, summary, matrix, budget, planIssues] = await Promise.all([
    officialSeries(db, region, ancestors),
    summarizeTargeting(db, user, areaCode),
    coverageMatrix(db, user, areaCode),
    plans.budget(db, { regionCode: areaCode, year: query.year }),
    plans.issues(db, { regionCode: areaCode, year: query.year }),
  ]);
  const counts = detail.region.desilCounts ?? [];
  const programs: ProgramLine[] = summary.programs.map((p) => ({
    code: p.code,
    name: p.name,
    pillar: p.pillar,
    agency: p.agency,
    eligible: p.eligible,
    enrolled: p.enrolled,
    coverageDesil1: p.coverageDesil1,
    inclusionErrors: p.inclusionErrors,
    exclusionErrors: p.exclusionErrors,
    overlaps: p.overlaps,
  }));
  const coverage = pillarCoverage(matrix.totals);
  return {
    region,
    year: query.year,
    generatedAt: new Date().toISOString(),
    generatedBy: user.displayName,
    poverty: {
      seriesRegion: official?.place ?? region,
      official: official ? pointsAround(official.stats.series, query.year) : [],
      target: official?.stats.target ?? null,
      registry: {
        households: detail.region.households ?? 0,
        persons: detail.region.persons ?? 0,
        desil1to4Households: counts.slice(0, 4).reduce((sum, n) => sum + n, 0),
        extremePoorHouseholds: detail.region.extremePoorHouseholds ?? 0,
        snapshotId: detail.region.snapshotId,
      },
    },
    programs,
    budget,
    coverage,
    issues: [...planIssues, ...derivedIssues(coverage, programs)],
  };
}
