import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type Plan = Json<paths['/api/v1/plans']['get']['responses'][200]>['items'][number];
export type PlanDetail = Json<paths['/api/v1/plans/{id}']['get']['responses'][200]>;
export type PlanActivity = PlanDetail['activities'][number];
export type PlanStatus = Plan['status'];
export type PlanAction = 'submit' | 'review' | 'return' | 'approve';
export type Realisation = Json<paths['/api/v1/plan-realisation']['get']['responses'][200]>;
export type RealisationGroupBy = Realisation['groupBy'];
export type ProgressBody = NonNullable<
  paths['/api/v1/plans/{id}/activities/{activityId}/progress']['post']['requestBody']
>['content']['application/json'];

/** The plans the user may see (src/modules/plans/plans.service.ts decides). */
export const plansQuery = queryOptions({
  queryKey: ['plans'],
  queryFn: async () => (await unwrap(api.GET('/api/v1/plans'))).items,
  staleTime: 30_000,
});

export const planQuery = (id: number) =>
  queryOptions({
    queryKey: ['plans', id],
    queryFn: () => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } } })),
  });

export interface RealisationParams {
  year: number;
  quarter: number;
  regionCode: string;
  groupBy: RealisationGroupBy;
}

export const realisationQuery = (params: RealisationParams) =>
  queryOptions({
    queryKey: ['plans', 'realisation', params],
    queryFn: () => unwrap(api.GET('/api/v1/plan-realisation', { params: { query: params } })),
  });

/** The link that downloads the realisation table as XLSX (the browser sends the session cookie). */
export function realisationXlsxUrl(params: RealisationParams): string {
  const query = new URLSearchParams({
    year: String(params.year),
    quarter: String(params.quarter),
    regionCode: params.regionCode,
    groupBy: params.groupBy,
  });
  return `/api/v1/plan-realisation.xlsx?${query.toString()}`;
}

/** Approval flow and progress filing of one plan; both refresh the plan and the realisation figures. */
export function usePlanActions(id: number) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['plans'] });
  };
  const transition = useMutation({
    mutationFn: (body: { action: PlanAction; note?: string }) =>
      unwrap(api.POST('/api/v1/plans/{id}/transitions', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  const fileProgress = useMutation({
    mutationFn: ({ activityId, body }: { activityId: number; body: ProgressBody }) =>
      unwrap(
        api.POST('/api/v1/plans/{id}/activities/{activityId}/progress', {
          params: { path: { id, activityId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
  return { transition, fileProgress };
}

export type CreatePlanBody = NonNullable<
  paths['/api/v1/plans']['post']['requestBody']
>['content']['application/json'];
export type ActivityBody = NonNullable<
  paths['/api/v1/plans/{id}/activities']['post']['requestBody']
>['content']['application/json'];

/** Drafting (agency): a new plan. */
export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePlanBody) => unwrap(api.POST('/api/v1/plans', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
    },
  });
}

/** Drafting (agency): add or remove activities of a draft or returned plan. */
export function useActivityEdits(id: number) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['plans'] });
  };
  const add = useMutation({
    mutationFn: (body: ActivityBody) =>
      unwrap(api.POST('/api/v1/plans/{id}/activities', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (activityId: number) =>
      unwrap(
        api.DELETE('/api/v1/plans/{id}/activities/{activityId}', { params: { path: { id, activityId } } }),
      ),
    onSuccess: refresh,
  });
  return { add, remove };
}
