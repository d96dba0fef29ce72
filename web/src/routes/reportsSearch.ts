// Apart from ReportsPage so the router can load the page only when it is opened.

export interface ReportsSearch {
  /** The area reported on; the user's own area when absent. */
  region?: string;
  year?: number;
}

/** Search params of the reports page: area and year. */
export function validateReportsSearch(search: Record<string, unknown>): ReportsSearch {
  const year = Number(search.year);
  return {
    region: typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined,
    year: Number.isInteger(year) && year >= 2020 && year <= 2100 ? year : undefined,
  };
}
