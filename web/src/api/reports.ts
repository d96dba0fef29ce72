import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type ReportDocument = Json<paths['/api/v1/reports/lp2kd']['get']['responses'][200]>;

/** Report years offered: the current year first, back to the start of the RPJMD period (2025). */
export const reportYears: number[] = Array.from(
  { length: Math.max(1, new Date().getFullYear() - 2024) },
  (_, i) => new Date().getFullYear() - i,
);

/** The LP2KD of an area and year as sections and tables (aggregates). */
export const lp2kdQuery = (region: string, year: number) =>
  queryOptions({
    queryKey: ['reports', 'lp2kd', region, year],
    queryFn: () => unwrap(api.GET('/api/v1/reports/lp2kd', { params: { query: { region, year } } })),
    staleTime: 60_000,
  });

/** The link that downloads the LP2KD as a file (the browser sends the session cookie). */
export function lp2kdFileUrl(region: string, year: number, format: 'pdf' | 'xlsx'): string {
  const query = new URLSearchParams({ region, year: String(year) });
  return `/api/v1/reports/lp2kd.${format}?${query.toString()}`;
}
