import type { RegionStats } from '../api/types';

/** Indicators a region can be coloured or ranked by on the dashboard. */
export const indicators = ['desil14Share', 'extremePoorShare', 'extremePoorHouseholds'] as const;
export type Indicator = (typeof indicators)[number];

/** The figures an indicator is computed from: both region stats and map features carry them. */
export interface IndicatorFigures {
  households: number;
  extremePoorHouseholds: number;
  /** Share of ranked households in desil 1–4 (the band national social assistance targets, domain brief §3.2). */
  desil1to4Share: number | null;
}

/** Households in desil 1–4. */
export function desil14Households(stats: RegionStats): number {
  return stats.desilCounts.slice(0, 4).reduce((sum, count) => sum + count, 0);
}

/** The indicator's value for a region (shares as fractions 0..1); null when there is nothing to measure. */
export function indicatorValue(
  figures: IndicatorFigures | null | undefined,
  indicator: Indicator,
): number | null {
  if (!figures) return null;
  switch (indicator) {
    case 'desil14Share':
      return figures.desil1to4Share;
    case 'extremePoorShare':
      return figures.households > 0 ? figures.extremePoorHouseholds / figures.households : null;
    case 'extremePoorHouseholds':
      return figures.extremePoorHouseholds;
  }
}

/** True for indicators that are shares (shown as percentages). */
export function isShare(indicator: Indicator): boolean {
  return indicator !== 'extremePoorHouseholds';
}

/** The level below a region, whose units its map and bar charts show. */
export function childLevelOf(level: string): 'kota' | 'kecamatan' | 'kelurahan' | null {
  switch (level) {
    case 'province':
      return 'kota';
    case 'kota':
      return 'kecamatan';
    case 'kecamatan':
      return 'kelurahan';
    default:
      return null;
  }
}
