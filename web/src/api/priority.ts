import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type PriorityResult = Json<paths['/api/v1/priority/locations']['get']['responses'][200]>;
export type PriorityLocation = PriorityResult['items'][number];
export type PriorityWeighting = PriorityResult['a'];
export const priorityComponents = ['extremePoor', 'desil14', 'coverageGap', 'housing'] as const;

export const weightingsQuery = queryOptions({
  queryKey: ['priority', 'weightings'],
  queryFn: () => unwrap(api.GET('/api/v1/priority/weightings')),
  staleTime: 5 * 60_000,
});

export interface PriorityParams {
  a?: string;
  b?: string;
  kota?: string;
}

const clean = (params: PriorityParams) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) as PriorityParams;

/** Kelurahan ranked under weightings A and B side by side, each score with its breakdown. */
export const priorityQuery = (params: PriorityParams) =>
  queryOptions({
    queryKey: ['priority', 'locations', clean(params)],
    queryFn: () => unwrap(api.GET('/api/v1/priority/locations', { params: { query: clean(params) } })),
    staleTime: 60_000,
  });

export function priorityXlsxUrl(params: PriorityParams): string {
  const query = new URLSearchParams(clean(params) as Record<string, string>);
  return `/api/v1/priority/locations.xlsx${query.size ? `?${query.toString()}` : ''}`;
}

export type WeightingBody = NonNullable<
  paths['/api/v1/priority/weightings/{code}']['put']['requestBody']
>['content']['application/json'];

/** Saves a weighting under its code (the secretariat); the rankings that use it refresh. */
export function useSaveWeighting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: WeightingBody }) =>
      unwrap(api.PUT('/api/v1/priority/weightings/{code}', { params: { path: { code } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['priority'] }),
  });
}
