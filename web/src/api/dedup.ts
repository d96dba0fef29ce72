import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type DedupPairList = Json<paths['/api/v1/dedup/pairs']['get']['responses'][200]>;
export type DedupPair = Json<paths['/api/v1/dedup/pairs/{id}']['get']['responses'][200]>;
export type DedupPairStatus = DedupPair['status'];

export const dedupPairsQuery = (status: DedupPairStatus, page: number) =>
  queryOptions({
    queryKey: ['dedup', 'pairs', status, page],
    queryFn: () =>
      unwrap(api.GET('/api/v1/dedup/pairs', { params: { query: { status, page, pageSize: 25 } } })),
    placeholderData: keepPreviousData,
  });

export const dedupPairQuery = (id: number) =>
  queryOptions({
    queryKey: ['dedup', 'pair', id],
    queryFn: () => unwrap(api.GET('/api/v1/dedup/pairs/{id}', { params: { path: { id } } })),
  });

/** Merge, not a duplicate, or undo a merge; refreshes the queue afterwards. */
export function useDedupDecision(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'merge' | 'not_duplicate' | 'unmerge') =>
      action === 'unmerge'
        ? unwrap(api.POST('/api/v1/dedup/pairs/{id}/unmerge', { params: { path: { id } } }))
        : unwrap(
            api.POST('/api/v1/dedup/pairs/{id}/decision', {
              params: { path: { id } },
              body: { decision: action },
            }),
          ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['dedup'] }),
  });
}
