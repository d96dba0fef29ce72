/**
 * The trajectory of an indicator against its target (issue 5, part 1): the target path runs linearly from the
 * actual value of the baseline year to the target band in the target year; the gap of a year is actual − path,
 * against both edges of the band (equal for a point target). Pure functions, so the arithmetic is tested alone.
 */
import type { IndicatorDirection, IndicatorKind } from './indicators.data.ts';

export interface SeriesPoint {
  /** `YYYY-MM-DD` (a Susenas month or a snapshot date). */
  period: string;
  value: number | null;
}

export interface TargetBand {
  year: number;
  valueMin: number;
  valueMax: number;
  baselineYear: number;
}

export interface TrajectoryYear {
  year: number;
  actual: number | null;
  /** The period the actual comes from. */
  actualPeriod: string | null;
  pathLow: number | null;
  pathHigh: number | null;
  gapLow: number | null;
  gapHigh: number | null;
  /** Within or better than the path band (by the indicator's direction); null without an actual or a path. */
  onTrack: boolean | null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * One actual per year: official series take the year's March Susenas (the annual kota series and the RPJMD
 * baseline are March figures), else its latest release; registry series take the year's latest snapshot.
 */
export function annualActuals(
  points: readonly SeriesPoint[],
  kind: IndicatorKind,
): Map<number, { value: number; period: string }> {
  const byYear = new Map<number, { value: number; period: string }>();
  const sorted = points
    .filter((p): p is { period: string; value: number } => p.value !== null)
    .sort((a, b) => a.period.localeCompare(b.period));
  for (const point of sorted) {
    const year = Number(point.period.slice(0, 4));
    const current = byYear.get(year);
    if (kind === 'official' && current !== undefined && current.period.slice(5, 7) === '03') continue;
    byYear.set(year, point);
  }
  return byYear;
}

/** The path and gap for every year from the baseline year to the target year. */
export function computeTrajectory(
  actuals: ReadonlyMap<number, { value: number; period: string }>,
  target: TargetBand,
  direction: IndicatorDirection,
): { baseline: number | null; years: TrajectoryYear[] } {
  const baseline = actuals.get(target.baselineYear)?.value ?? null;
  const span = target.year - target.baselineYear;
  const years: TrajectoryYear[] = [];
  for (let year = target.baselineYear; year <= target.year; year += 1) {
    const actual = actuals.get(year) ?? null;
    const step = span > 0 ? (year - target.baselineYear) / span : 1;
    const pathLow = baseline === null ? null : round(baseline + (target.valueMin - baseline) * step);
    const pathHigh = baseline === null ? null : round(baseline + (target.valueMax - baseline) * step);
    const gap = (path: number | null) =>
      actual === null || path === null ? null : round(actual.value - path);
    const gapLow = gap(pathLow);
    const gapHigh = gap(pathHigh);
    let onTrack: boolean | null = null;
    if (gapLow !== null && gapHigh !== null) {
      if (direction === 'down') onTrack = gapHigh <= 0;
      else if (direction === 'up') onTrack = gapLow >= 0;
      else onTrack = gapLow >= 0 && gapHigh <= 0;
    }
    years.push({
      year,
      actual: actual?.value ?? null,
      actualPeriod: actual?.period ?? null,
      pathLow,
      pathHigh,
      gapLow,
      gapHigh,
      onTrack,
    });
  }
  return { baseline, years };
}
