import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type ApiClientList = Json<paths['/api/v1/api-clients']['get']['responses'][200]>;
export type ApiClient = ApiClientList['clients'][number];
export type ApiScope = ApiClient['scopes'][number];
export type NewApiClient = NonNullable<
  paths['/api/v1/api-clients']['post']['requestBody']
>['content']['application/json'];

/** The machine clients of the DCI API and change feed (secretariat). */
export const apiClientsQuery = () =>
  queryOptions({
    queryKey: ['api-clients'],
    queryFn: () => unwrap(api.GET('/api/v1/api-clients')),
  });

/** One mutation that refreshes the list once it succeeds. */
function useClientsMutation<Input, Output>(call: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-clients'] }),
  });
}

/** Creates a client; the answer holds its token, shown this once. */
export const useCreateApiClient = () =>
  useClientsMutation((body: NewApiClient) => unwrap(api.POST('/api/v1/api-clients', { body })));

export const useRevokeApiClient = () =>
  useClientsMutation((id: number) =>
    unwrap(api.POST('/api/v1/api-clients/{id}/revoke', { params: { path: { id } } })),
  );

export const useAddApiClientKey = () =>
  useClientsMutation((input: { id: number; keyId: string; publicKey: string }) =>
    unwrap(
      api.POST('/api/v1/api-clients/{id}/keys', {
        params: { path: { id: input.id } },
        body: { keyId: input.keyId, publicKey: input.publicKey },
      }),
    ),
  );

export const useRevokeApiClientKey = () =>
  useClientsMutation((input: { id: number; keyId: string }) =>
    unwrap(api.POST('/api/v1/api-clients/{id}/keys/{keyId}/revoke', { params: { path: input } })),
  );
