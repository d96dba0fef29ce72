import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { MapLevel } from './types';

/** A region with its ancestors, registry figures and children with theirs (aggregates: no personal data). */
export const regionQuery = (code: string) =>
  queryOptions({
    queryKey: ['regions', code],
    queryFn: () => unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code } } })),
    staleTime: 5 * 60_000,
  });

/** Boundaries of the sub-regions of a region at one level, as GeoJSON with figures per feature. */
export const regionMapQuery = (code: string, level: MapLevel) =>
  queryOptions({
    queryKey: ['regions', code, 'map', level],
    queryFn: () =>
      unwrap(api.GET('/api/v1/regions/{code}/map', { params: { path: { code }, query: { level } } })),
    staleTime: 30 * 60_000,
  });

/** The official BPS poverty series of a region (default: the configured province) with the target band. */
export const povertyStatisticsQuery = (region?: string) =>
  queryOptions({
    queryKey: ['statistics', 'poverty', region ?? 'province'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/statistics/poverty', { params: { query: region ? { region } : {} } })),
    staleTime: Infinity,
  });
