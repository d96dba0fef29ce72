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

export const reportKinds = ['lp2kd', 'quarterly'] as const;
export type ReportKind = (typeof reportKinds)[number];

export interface ReportParams {
  kind: ReportKind;
  region: string;
  year: number;
  /** Only for the quarterly report. */
  quarter: number;
}

/** A report (the yearly LP2KD or the quarterly progress report) as sections and tables (aggregates). */
export const reportQuery = ({ kind, region, year, quarter }: ReportParams) =>
  queryOptions({
    queryKey: ['reports', kind, region, year, kind === 'quarterly' ? quarter : null],
    queryFn: () =>
      kind === 'lp2kd'
        ? unwrap(api.GET('/api/v1/reports/lp2kd', { params: { query: { region, year } } }))
        : unwrap(api.GET('/api/v1/reports/quarterly', { params: { query: { region, year, quarter } } })),
    staleTime: 60_000,
  });

/** The link that downloads a report as a file (the browser sends the session cookie). */
export function reportFileUrl({ kind, region, year, quarter }: ReportParams, format: 'pdf' | 'xlsx'): string {
  const query = new URLSearchParams({ region, year: String(year) });
  if (kind === 'quarterly') query.set('quarter', String(quarter));
  return `/api/v1/reports/${kind}.${format}?${query.toString()}`;
}

export type TableExport = NonNullable<
  paths['/api/v1/exports/table.xlsx']['post']['requestBody']
>['content']['application/json'];
export type TableExportFormat = 'xlsx' | 'csv' | 'pdf';

/**
 * Sends a table the page shows to the server and saves the file it writes (XLSX, CSV or PDF) under a name made
 * from the title. Throws an ApiError when the server refuses it.
 */
export async function downloadTable(table: TableExport, format: TableExportFormat): Promise<void> {
  const options = { body: table, parseAs: 'blob' as const };
  const call =
    format === 'xlsx'
      ? api.POST('/api/v1/exports/table.xlsx', options)
      : format === 'csv'
        ? api.POST('/api/v1/exports/table.csv', options)
        : api.POST('/api/v1/exports/table.pdf', options);
  const blob = await unwrap(call);
  const name = /filename="([^"]+)"/.exec((await call).response.headers.get('Content-Disposition') ?? '')?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name ?? `tabel.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
