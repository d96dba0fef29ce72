import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;
type BodyOf<Request> =
  NonNullable<Request> extends { content: { 'application/json': infer Body } } ? Body : never;

export type Pledge = Json<paths['/api/v1/partners/pledges']['get']['responses'][200]>['items'][number];
export type PledgeBody = BodyOf<paths['/api/v1/partners/pledges']['post']['requestBody']>;
export type AssignedHousehold = Json<
  paths['/api/v1/partners/households']['get']['responses'][200]
>['items'][number];
export type DeliveryReportBody = BodyOf<paths['/api/v1/partners/deliveries']['post']['requestBody']>;
export type Needs = Json<paths['/api/v1/partners/needs']['get']['responses'][200]>;
export type Contributions = Json<paths['/api/v1/partners/contributions']['get']['responses'][200]>;
export type Organisation = Json<
  paths['/api/v1/partners/organisations']['get']['responses'][200]
>['items'][number];

export const pledgesQuery = queryOptions({
  queryKey: ['partners', 'pledges'],
  queryFn: () => unwrap(api.GET('/api/v1/partners/pledges')),
});

export const organisationsQuery = queryOptions({
  queryKey: ['partners', 'organisations'],
  queryFn: () => unwrap(api.GET('/api/v1/partners/organisations')),
});

/** The partner's assigned households with consent in effect (every load is audited on the server). */
export const assignedHouseholdsQuery = queryOptions({
  queryKey: ['partners', 'households'],
  queryFn: () => unwrap(api.GET('/api/v1/partners/households')),
});

export const needsQuery = (region: string) =>
  queryOptions({
    queryKey: ['partners', 'needs', region],
    queryFn: () => unwrap(api.GET('/api/v1/partners/needs', { params: { query: { region } } })),
  });

export const contributionsQuery = (region: string) =>
  queryOptions({
    queryKey: ['partners', 'contributions', region],
    queryFn: () => unwrap(api.GET('/api/v1/partners/contributions', { params: { query: { region } } })),
  });

export type OrganisationBody = BodyOf<paths['/api/v1/partners/organisations']['post']['requestBody']>;

/** Registers or updates a partner organisation (the secretariat). */
export function useSaveOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrganisationBody) => unwrap(api.POST('/api/v1/partners/organisations', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}

/** Moves a pledge to one of its `nextStatuses`. */
export function useChangePledgeStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: number; status: Pledge['status'] }) =>
      unwrap(
        api.POST('/api/v1/partners/pledges/{id}/status', { params: { path: { id } }, body: { status } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}

export function useCreatePledge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PledgeBody) => unwrap(api.POST('/api/v1/partners/pledges', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}

export function useReportDeliveries() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeliveryReportBody) => unwrap(api.POST('/api/v1/partners/deliveries', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}

/** The overlap check: the answer is `{ served }` and nothing else. */
export function useOverlapCheck() {
  return useMutation({
    mutationFn: (body: { nik: string; pillar: number }) =>
      unwrap(
        api.POST('/api/v1/partners/overlap-check', { body: { ...body, purpose: 'cek tumpang tindih' } }),
      ),
  });
}

export type ConsentBody = BodyOf<paths['/api/v1/partners/consents']['post']['requestBody']>;

/** Records a household's consent (kelurahan/kecamatan operators and the secretariat, in their area). */
export function useRecordConsent() {
  return useMutation({
    mutationFn: (body: ConsentBody) => unwrap(api.POST('/api/v1/partners/consents', { body })),
  });
}

/** Assigns a consented household to a pledge. */
export function useAssignHousehold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { pledgeId: number; householdId: number }) =>
      unwrap(api.POST('/api/v1/partners/assignments', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
}
