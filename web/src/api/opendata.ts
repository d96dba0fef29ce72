import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { paths } from './schema';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

export type OpenData = Json<paths['/api/v1/open-data/areas']['get']['responses'][200]>;
export type OpenDataArea = OpenData['areas'][number];
export const openDataLevels = ['province', 'kota', 'kecamatan', 'kelurahan'] as const;
export type OpenDataLevel = (typeof openDataLevels)[number];

/** Public aggregates of one level (no session needed); counts under 10 and their complements come back null. */
export const openDataQuery = (level: OpenDataLevel, within?: string) =>
  queryOptions({
    queryKey: ['open-data', level, within ?? null],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/open-data/areas', { params: { query: within ? { level, within } : { level } } }),
      ),
    staleTime: 5 * 60_000,
  });

export const openDataCsvUrl = (level: OpenDataLevel) => `/api/v1/open-data/areas.csv?level=${level}`;
