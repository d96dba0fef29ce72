import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type Campaign = Json<paths['/api/v1/campaigns/{id}']['get']['responses'][200]>;
export type CampaignStatus = Campaign['status'];
export type CampaignPreview = Json<paths['/api/v1/campaigns/{id}/preview']['get']['responses'][200]>;
export type CampaignProgress = Json<paths['/api/v1/campaigns/{id}/progress']['get']['responses'][200]>;
export type CreateCampaignBody = NonNullable<
  paths['/api/v1/campaigns']['post']['requestBody']
>['content']['application/json'];
export type AssignBody = NonNullable<
  paths['/api/v1/campaigns/{id}/assignments']['post']['requestBody']
>['content']['application/json'];
export type AssignResult = Json<paths['/api/v1/campaigns/{id}/assignments']['post']['responses'][200]>;

/** Verification campaigns overlapping the user's area, newest first. */
export const campaignsQuery = (page: number) =>
  queryOptions({
    queryKey: ['campaigns', 'list', page],
    queryFn: () => unwrap(api.GET('/api/v1/campaigns', { params: { query: { page, pageSize: 25 } } })),
    placeholderData: keepPreviousData,
  });

export const campaignQuery = (id: number) =>
  queryOptions({
    queryKey: ['campaigns', id],
    queryFn: () => unwrap(api.GET('/api/v1/campaigns/{id}', { params: { path: { id } } })),
  });

/** Matching households by kelurahan and RW (aggregates). */
export const campaignPreviewQuery = (id: number) =>
  queryOptions({
    queryKey: ['campaigns', id, 'preview'],
    queryFn: () => unwrap(api.GET('/api/v1/campaigns/{id}/preview', { params: { path: { id } } })),
  });

export const campaignProgressQuery = (id: number) =>
  queryOptions({
    queryKey: ['campaigns', id, 'progress'],
    queryFn: () => unwrap(api.GET('/api/v1/campaigns/{id}/progress', { params: { path: { id } } })),
  });

/** Field officers who can be assigned in the user's area. */
export const campaignOfficersQuery = queryOptions({
  queryKey: ['campaigns', 'officers'],
  queryFn: () => unwrap(api.GET('/api/v1/campaigns/officers')),
  staleTime: 60_000,
});

export function useCreateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCampaignBody) => unwrap(api.POST('/api/v1/campaigns', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

export function useCampaignStatus(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: 'active' | 'closed') =>
      unwrap(api.POST('/api/v1/campaigns/{id}/status', { params: { path: { id } }, body: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

export function useAssignCampaign(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignBody) =>
      unwrap(api.POST('/api/v1/campaigns/{id}/assignments', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
