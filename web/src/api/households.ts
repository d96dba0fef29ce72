import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { HouseholdSearchQuery } from './types';

/**
 * Why the user reads personal data, written to the audit log with every read. The app does not ask yet
 * (a purpose prompt comes later), so it sends the registry-lookup purpose.
 */
export const defaultPurpose = 'registry lookup (web)';

/** Household search by NIK, KK number or name inside a region, paginated. */
export const householdSearchQuery = (query: HouseholdSearchQuery) =>
  queryOptions({
    queryKey: ['households', 'search', query],
    queryFn: () =>
      unwrap(api.GET('/api/v1/households', { params: { query: { ...query, purpose: defaultPurpose } } })),
    placeholderData: keepPreviousData,
  });

/** A household profile, optionally as it was at a past date (`asOf`, YYYY-MM-DD). */
export const householdQuery = (id: number, asOf?: string) =>
  queryOptions({
    queryKey: ['households', id, asOf ?? 'current'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{id}', {
          params: { path: { id }, query: { ...(asOf ? { asOf } : {}), purpose: defaultPurpose } },
        }),
      ),
  });

/** The version history of a household: what changed, when, from which source. */
export const householdHistoryQuery = (id: number) =>
  queryOptions({
    queryKey: ['households', id, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/households/{id}/history', { params: { path: { id } } })),
  });
