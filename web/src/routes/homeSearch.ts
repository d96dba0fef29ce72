import { indicators, type Indicator } from '../lib/indicators';

// Apart from HomePage so the router can load the dashboard (and ECharts with it) only when it is opened.

export interface HomeSearch {
  /** The region being looked at; the user's own area when absent. */
  region?: string;
  indicator?: Indicator;
}

/** Search params of the dashboard: region drilled into and the map's indicator. */
export function validateHomeSearch(search: Record<string, unknown>): HomeSearch {
  const region =
    typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined;
  const indicator = indicators.find((value) => value === search.indicator);
  return { region, indicator };
}
