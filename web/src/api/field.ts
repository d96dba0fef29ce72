import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

export type ReviewBody = NonNullable<
  paths['/api/v1/field/submissions/{id}/review']['post']['requestBody']
>['content']['application/json'];

/** The reviewer inbox: pending field visits in the user's area, with counts (GET /field/inbox). */
export const fieldInboxQuery = (page: number) =>
  queryOptions({
    queryKey: ['field', 'inbox', page],
    queryFn: () => unwrap(api.GET('/api/v1/field/inbox', { params: { query: { page, pageSize: 50 } } })),
    placeholderData: keepPreviousData,
  });

/** One field visit with its proposed changes, for its reviewer. */
export const fieldSubmissionQuery = (id: number) =>
  queryOptions({
    queryKey: ['field', 'submission', id],
    queryFn: () => unwrap(api.GET('/api/v1/field/submissions/{id}', { params: { path: { id } } })),
  });

/** Approves or rejects a visit; the household it changed is read again afterwards. */
export function useReviewSubmission(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewBody) =>
      unwrap(api.POST('/api/v1/field/submissions/{id}/review', { params: { path: { id } }, body })),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['field'] });
      await queryClient.invalidateQueries({ queryKey: ['households', result.householdId] });
    },
  });
}
