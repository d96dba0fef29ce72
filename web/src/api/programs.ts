import { keepPreviousData, queryOptions, useMutation } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type ProgramSummary = Json<paths['/api/v1/programs']['get']['responses'][200]>['programs'][number];
export type ProgramDetail = Json<paths['/api/v1/programs/{code}']['get']['responses'][200]>;
export type ProgramAmount = ProgramSummary['currentAmounts'][number];
export type EligibleList = Json<paths['/api/v1/programs/{code}/eligible']['get']['responses'][200]>;
export type EligibleItem = EligibleList['items'][number];
export type WhatIfResult = Json<paths['/api/v1/programs/{code}/what-if']['post']['responses'][200]>;
export type WhatIfRow = WhatIfResult['total'];

/** Why the list is read, written to the audit log with every row listed or exported. */
export const targetingPurpose = 'program targeting (web)';

/** The program catalogue (public policy, not personal data). */
export const programsQuery = queryOptions({
  queryKey: ['programs'],
  queryFn: () => unwrap(api.GET('/api/v1/programs')),
  staleTime: 5 * 60_000,
});

/** One program with its amounts, budgets and rule versions. */
export const programQuery = (code: string) =>
  queryOptions({
    queryKey: ['programs', code],
    queryFn: () => unwrap(api.GET('/api/v1/programs/{code}', { params: { path: { code } } })),
    staleTime: 60_000,
  });

/** One page of a program's ranked eligible list in a region (audited on the server). */
export const eligibleQuery = (code: string, region: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['programs', code, 'eligible', region, page, pageSize],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/programs/{code}/eligible', {
          params: { path: { code }, query: { region, page, pageSize, purpose: targetingPurpose } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** The link that downloads the whole eligible list of a region as a file (the browser sends the session cookie). */
export function exportUrl(code: string, format: 'xlsx' | 'csv', region: string): string {
  const query = new URLSearchParams({ region, purpose: targetingPurpose });
  return `/api/v1/programs/${encodeURIComponent(code)}/eligible.${format}?${query.toString()}`;
}

/** Runs a what-if: the active rule against a proposed one in a region. Nothing is saved. */
export function useWhatIf(code: string) {
  return useMutation({
    // A refused rule fails with an ApiError whose issues are the rule's problems, one message each.
    mutationFn: (body: { rule: string; region: string }) =>
      unwrap(api.POST('/api/v1/programs/{code}/what-if', { params: { path: { code } }, body })),
  });
}
