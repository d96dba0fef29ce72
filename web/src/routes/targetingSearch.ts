import { findingKinds, type FindingKind } from '../api/targeting';

// Apart from TargetingPage so the router can load the page (and ECharts with it) only when it is opened.

export const targetingTabs = ['summary', 'findings', 'coverage', 'extreme'] as const;
export type TargetingTab = (typeof targetingTabs)[number];

export interface TargetingSearch {
  /** The area looked at; the user's own area when absent. */
  region?: string;
  tab?: TargetingTab;
  kind?: FindingKind;
  program?: string;
  /** Page of the findings or extreme-poor list; the first when absent. */
  page?: number;
}

/** Search params of the targeting page: area, tab, findings filters and page. */
export function validateTargetingSearch(search: Record<string, unknown>): TargetingSearch {
  const page = Number(search.page);
  return {
    region: typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined,
    tab: targetingTabs.find((tab) => tab === search.tab),
    kind: findingKinds.find((kind) => kind === search.kind),
    program:
      typeof search.program === 'string' && /^[A-Z][A-Z0-9_]{1,39}$/.test(search.program)
        ? search.program
        : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}
