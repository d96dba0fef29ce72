import { keepPreviousData, queryOptions, useMutation } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type TargetingSummary = Json<paths['/api/v1/targeting/summary']['get']['responses'][200]>;
export type ProgramTotals = TargetingSummary['programs'][number];
export type CoverageMatrix = Json<paths['/api/v1/targeting/coverage']['get']['responses'][200]>;
export type CoverageCell = CoverageMatrix['totals'][number];
export type FindingsPage = Json<paths['/api/v1/targeting/findings']['get']['responses'][200]>;
export type Finding = FindingsPage['items'][number];
export type FindingKind = Finding['kind'];
export type ExtremePoorPage = Json<paths['/api/v1/targeting/extreme-poor']['get']['responses'][200]>;
export type ExtremePoorHousehold = ExtremePoorPage['items'][number];
export type JobState = Json<paths['/api/v1/jobs/{id}']['get']['responses'][200]>;
export type UploadMode = 'all_or_nothing' | 'valid_only';
export type UploadReport = Json<paths['/api/v1/programs/{code}/enrolments/upload']['post']['responses'][201]>;
export type LedgerPage = Json<paths['/api/v1/programs/{code}/enrolments']['get']['responses'][200]>;
export type LedgerItem = LedgerPage['items'][number];

export const findingKinds: readonly FindingKind[] = ['inclusion', 'exclusion', 'overlap'];

/** Why the named lists are read, written to the audit log with every household listed. */
export const monitoringPurpose = 'targeting monitoring (web)';

/** Per-program targeting totals of an area (aggregates, no personal data). */
export const targetingSummaryQuery = (region: string) =>
  queryOptions({
    queryKey: ['targeting', 'summary', region],
    queryFn: () => unwrap(api.GET('/api/v1/targeting/summary', { params: { query: { region } } })),
    placeholderData: keepPreviousData,
  });

/** The desil × pillar coverage matrix of an area and of each of its child areas (aggregates). */
export const coverageQuery = (region: string) =>
  queryOptions({
    queryKey: ['targeting', 'coverage', region],
    queryFn: () => unwrap(api.GET('/api/v1/targeting/coverage', { params: { query: { region } } })),
    placeholderData: keepPreviousData,
  });

export interface FindingsFilter {
  region: string;
  kind: FindingKind;
  program?: string;
  page: number;
  pageSize: number;
}

/** One page of named findings (audited on the server). */
export const findingsQuery = ({ region, kind, program, page, pageSize }: FindingsFilter) =>
  queryOptions({
    queryKey: ['targeting', 'findings', region, kind, program ?? '', page, pageSize],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/targeting/findings', {
          params: {
            query: {
              region,
              kind,
              page,
              pageSize,
              purpose: monitoringPurpose,
              ...(program ? { program } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** One page of extreme-poor households with the programs reaching them and their gaps (audited). */
export const extremePoorQuery = (region: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['targeting', 'extreme-poor', region, page, pageSize],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/targeting/extreme-poor', {
          params: { query: { region, page, pageSize, purpose: monitoringPurpose } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** A background job's state, read again every second until it ends. */
export const jobQuery = (id: number) =>
  queryOptions({
    queryKey: ['jobs', id],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'succeeded' || status === 'failed' ? false : 1000;
    },
  });

/** Queues the targeting recompute (secretariat and kota TKPK only); answers the job id. */
export function useRecompute() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/targeting/recompute', { body: {} })),
  });
}

/** Uploads a beneficiary file (CSV or XLSX) to a program's enrolment ledger and answers the row-level report. */
export function useUpload(code: string) {
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: UploadMode }) => {
      const form = new FormData();
      form.append('file', file);
      form.append('mode', mode);
      return unwrap(
        api.POST('/api/v1/programs/{code}/enrolments/upload', {
          params: { path: { code } },
          // The generated type calls the file a string; the request really is multipart with a File.
          body: { file: '', mode },
          bodySerializer: () => form,
        }),
      );
    },
  });
}

/** The link that downloads an upload's errors as CSV (the browser sends the session cookie). */
export function uploadErrorsUrl(code: string, uploadId: number): string {
  return `/api/v1/programs/${encodeURIComponent(code)}/uploads/${uploadId}/errors.csv`;
}

/** One page of a program's enrolment ledger as the user may see it (audited). */
export const ledgerQuery = (code: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['programs', code, 'enrolments', page, pageSize],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/programs/{code}/enrolments', {
          params: { path: { code }, query: { page, pageSize, purpose: 'enrolment ledger (web)' } },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
