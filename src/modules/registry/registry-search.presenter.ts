import { z } from '@hono/zod-openapi';
import type { SearchRow } from './registry-search.repository.ts';
import type { SearchResult } from './registry.service.ts';
import { RegionRefSchema } from './registry.presenter.ts';

const SearchItemSchema = z.object({
  id: z.number().int(),
  kkNumber: z.string(),
  status: z.string(),
  kelurahan: RegionRefSchema,
  rw: z.string(),
  rt: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  desil: z.number().int().nullable(),
  isExtremePoor: z.boolean().nullable(),
  welfareSnapshotDate: z.string().nullable(),
  matchScore: z
    .number()
    .openapi({ description: '1 for exact NIK/KK matches; name similarity (0–1) otherwise' }),
  matchedPersons: z.array(
    z.object({ personId: z.number().int(), nik: z.string(), name: z.string(), relationship: z.string() }),
  ),
});

export const SearchResultSchema = z
  .object({
    items: z.array(SearchItemSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi('HouseholdSearchResult');

function presentSearchItem(row: SearchRow): z.infer<typeof SearchItemSchema> {
  return {
    id: row.householdId,
    kkNumber: row.kkNumber,
    status: row.status,
    kelurahan: { code: row.kelurahanCode, name: row.kelurahanName ?? row.kelurahanCode },
    rw: row.rw,
    rt: row.rt,
    address: row.address,
    headName: row.headName,
    memberCount: row.memberCount,
    desil: row.desil,
    isExtremePoor: row.isExtremePoor,
    welfareSnapshotDate: row.welfareSnapshotDate,
    matchScore: row.matchScore,
    matchedPersons: row.matchedPersons.map(({ personId, nik, name, relationship }) => ({
      personId,
      nik,
      name,
      relationship,
    })),
  };
}

/** One page of search results. */
export function presentSearchResult(result: SearchResult): z.infer<typeof SearchResultSchema> {
  const { page, pageSize, total } = result;
  return { items: result.items.map(presentSearchItem), page, pageSize, total };
}
