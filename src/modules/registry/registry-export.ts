/**
 * The household search list as a file (issue 6): the same criteria, scope and order as GET /households, every
 * match in one CSV or XLSX, with a stated purpose; every household in the file is audited as an export.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { validationError } from '../../http/errors.ts';
import { listFile, type ListCell, type ListFile, type ListFormat } from '../../http/list-file.ts';
import { requirePersonalDataAccess } from '../access/access.scope.ts';
import { recordHouseholdExport } from '../audit/audit.service.ts';
import type { SearchQueryInput } from './registry.contracts.ts';
import { searchHouseholds, type SearchRow } from './registry-search.repository.ts';
import { checkSearchCriteria } from './registry.service.ts';

/** Largest search list one file may hold: a search list is a working list, not an extract of an area. */
export const searchExportCap = 10_000;

export type SearchExportQuery = Pick<SearchQueryInput, 'nik' | 'kk' | 'name' | 'region'> & {
  purpose: string;
};

/** Column headers in Bahasa Indonesia (the file goes to kelurahan and kota offices), with widths. */
const columns = [
  { header: 'No', width: 7 },
  { header: 'No KK', width: 20 },
  { header: 'Kepala keluarga', width: 30 },
  { header: 'Alamat', width: 36 },
  { header: 'RT', width: 6 },
  { header: 'RW', width: 6 },
  { header: 'Kode kelurahan', width: 16 },
  { header: 'Kelurahan', width: 24 },
  { header: 'Jumlah anggota', width: 10 },
  { header: 'Desil', width: 7 },
  { header: 'Miskin ekstrem', width: 10 },
  { header: 'Status', width: 10 },
  { header: 'Anggota yang cocok', width: 40 },
] as const;

function cellsOf(row: SearchRow, index: number): ListCell[] {
  const extreme = row.isExtremePoor === null ? null : row.isExtremePoor ? 'Ya' : 'Tidak';
  return [
    index + 1,
    row.kkNumber,
    row.headName,
    row.address,
    row.rt,
    row.rw,
    row.kelurahanCode,
    row.kelurahanName,
    row.memberCount,
    row.desil,
    extreme,
    row.status,
    row.matchedPersons.map((p) => `${p.name} (${p.nik})`).join('; ') || null,
  ];
}

/**
 * Every household the search finds in the user's scope (best match first), as a file. More than `cap` matches
 * is a 400 asking for a narrower search. Writes one `export` audit row per household, with the purpose.
 */
export async function exportSearchList(
  db: Db,
  user: SessionUser,
  format: ListFormat,
  query: SearchExportQuery,
  cap = searchExportCap,
): Promise<ListFile> {
  const scope = requirePersonalDataAccess(user);
  checkSearchCriteria(scope, query);
  const { nik, kk, name, region } = query;
  const { total, rows } = await searchHouseholds(db, { nik, kk, name, region }, scope, {
    page: 1,
    pageSize: cap,
  });
  if (total > cap) {
    const message = `The search finds ${total.toLocaleString('en')} households, more than the ${cap.toLocaleString('en')} one file may hold: narrow the region or the name.`;
    throw validationError([{ path: 'query.region', reason: 'too_many_rows', message }], message);
  }
  const mode = nik !== undefined ? 'nik' : kk !== undefined ? 'kk' : 'name';
  await recordHouseholdExport(
    db,
    user,
    new Map(rows.map((r) => [r.householdId, r.kelurahanCode])),
    query.purpose,
    { list: 'household-search', mode, region: region ?? null, format },
  );
  const generatedAt = new Date().toISOString();
  return listFile(format, `households-${region ?? user.regionCode}-${generatedAt.slice(0, 10)}`, {
    columns,
    rows: rows.map(cellsOf),
    notes: [
      ['Daftar', 'Hasil pencarian rumah tangga'],
      [
        'Kriteria',
        [nik && `NIK ${nik}`, kk && `KK ${kk}`, name && `nama "${name}"`].filter(Boolean).join(', '),
      ],
      ['Wilayah', region ?? user.regionCode],
      ['Tujuan', query.purpose],
      ['Dibuat pada', generatedAt],
      ['Dibuat oleh', `${user.displayName} (${user.username})`],
      ['Jumlah baris', rows.length],
    ],
  });
}
