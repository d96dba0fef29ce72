import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import {
  clearSent,
  lastDownload,
  listHouseholds,
  listQueue,
  openFieldStore,
  putVisit,
  readHousehold,
  type QueuedVisit,
} from './db';
import { downloadHouseholds, noteSyncFailure, syncQueue } from './sync';

// The phone's store answers with or without a network: its queries and mutations always run.
const local = { networkMode: 'always' } as const;

export const fieldKey = (userId: number) => ['field', userId] as const;

export function useHouseholds(userId: number) {
  return useQuery({
    ...local,
    queryKey: [...fieldKey(userId), 'households'],
    queryFn: async () => {
      const db = await openFieldStore(userId);
      return { households: await listHouseholds(db), downloadedAt: await lastDownload(db) };
    },
  });
}

export function useHousehold(userId: number, householdId: number) {
  return useQuery({
    ...local,
    queryKey: [...fieldKey(userId), 'households', householdId],
    queryFn: async () => (await readHousehold(await openFieldStore(userId), householdId)) ?? null,
  });
}

export function useQueue(userId: number) {
  return useQuery({
    ...local,
    queryKey: [...fieldKey(userId), 'queue'],
    queryFn: async () => listQueue(await openFieldStore(userId)),
  });
}

function useRefresh(userId: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: fieldKey(userId) });
}

export function useDownload(userId: number) {
  const refresh = useRefresh(userId);
  return useMutation({
    ...local,
    mutationFn: async () => downloadHouseholds(await openFieldStore(userId)),
    onSettled: refresh,
  });
}

/** Sends the queue; a failure to reach the server is noted on the queued visits, which stay queued. */
export function useSync(userId: number, messages: { offline: string; sessionEnded: string }) {
  const refresh = useRefresh(userId);
  return useMutation({
    ...local,
    mutationFn: async () => {
      const db = await openFieldStore(userId);
      try {
        return await syncQueue(db);
      } catch (error) {
        const message =
          error instanceof ApiError && error.status === 401
            ? messages.sessionEnded
            : error instanceof ApiError && error.status === 0
              ? messages.offline
              : error instanceof Error
                ? error.message
                : String(error);
        await noteSyncFailure(db, message);
        throw error;
      }
    },
    onSettled: refresh,
  });
}

export function useSaveVisit(userId: number) {
  const refresh = useRefresh(userId);
  return useMutation({
    ...local,
    mutationFn: async (visit: QueuedVisit) => putVisit(await openFieldStore(userId), visit),
    onSettled: refresh,
  });
}

export function useClearSent(userId: number) {
  const refresh = useRefresh(userId);
  return useMutation({
    ...local,
    mutationFn: async () => clearSent(await openFieldStore(userId)),
    onSettled: refresh,
  });
}
