import { reportKinds, type ReportKind } from '../api/reports';

// Apart from ReportsPage so the router can load the page only when it is opened.

export interface ReportsSearch {
  /** The area reported on; the user's own area when absent. */
  region?: string;
  year?: number;
  kind?: ReportKind;
  quarter?: number;
}

/** Search params of the reports page: report, area, year and quarter. */
export function validateReportsSearch(search: Record<string, unknown>): ReportsSearch {
  const year = Number(search.year);
  const quarter = Number(search.quarter);
  return {
    kind: reportKinds.find((kind) => kind === search.kind),
    quarter: Number.isInteger(quarter) && quarter >= 1 && quarter <= 4 ? quarter : undefined,
    region: typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined,
    year: Number.isInteger(year) && year >= 2020 && year <= 2100 ? year : undefined,
  };
}
