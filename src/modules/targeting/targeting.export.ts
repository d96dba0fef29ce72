/**
 * The ranked eligible list of a program as a file (XLSX or CSV) for the agency's participant list (issue 3,
 * part 4). Same set, scope and order as GET /programs/{code}/eligible; every household exported is audited.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { listFile, type ListFile, type ListFormat } from '../../http/list-file.ts';
import { recordHouseholdExport } from '../audit/audit.service.ts';
import type { EligibleRow } from './targeting.repository.ts';
import { openEligibleList } from './targeting.service.ts';

/** Largest list one file may hold; a bigger area must be narrowed (keeps memory and the audit batch bounded). */
export const exportRowCap = 100_000;

export type ExportFormat = ListFormat;

export interface ExportQuery {
  region?: string;
  purpose: string;
}

export type ExportFile = ListFile;

/** Column headers in Bahasa Indonesia: the file goes to agency staff and kelurahan offices. */
const headers = ['No', 'NIK', 'Nama', 'No KK', 'Kelurahan', 'Desil', 'Miskin ekstrem', 'Skor PMT'];
const widths = [7, 20, 32, 20, 26, 7, 15, 11];
const columns = headers.map((header, i) => ({ header, width: widths[i]! }));

/** The cells of one list row, in header order. */
function cellsOf(row: EligibleRow, index: number): (string | number | null)[] {
  const extreme = row.isExtremePoor === null ? null : row.isExtremePoor ? 'Ya' : 'Tidak';
  return [index + 1, row.nik, row.name, row.kkNumber, row.kelurahanName, row.desil, extreme, row.score];
}

interface ExportMeta {
  program: { code: string; name: string };
  ruleVersion: number;
  ruleText: string;
  referenceDate: string;
  region: string;
  generatedAt: string;
  generatedBy: string;
  rows: number;
}

/**
 * The whole eligible list of a program within the caller's area (narrowed to `region`), as a file. Refuses with a
 * 400 when the list is longer than `cap` rows. Writes one 'export' audit row per household listed.
 */
export async function exportEligible(
  db: Db,
  user: SessionUser,
  code: string,
  format: ExportFormat,
  query: ExportQuery,
  cap = exportRowCap,
): Promise<ExportFile> {
  const { program, rule, referenceDate, readPage } = await openEligibleList(db, user, code, query.region);
  const page = (limit: number) => readPage(limit, 0);
  // The window total of a one-row page is the size of the whole list: refuse before loading it.
  const total = (await page(1))[0]?.total ?? 0;
  if (total > cap) throw tooLong(total, cap);
  const rows = total === 0 ? [] : await page(cap);
  await auditExport(db, user, rows, { ...query, code, ruleVersion: rule.version, format });
  const meta: ExportMeta = {
    program: { code: program.code, name: program.name },
    ruleVersion: rule.version,
    ruleText: rule.ruleText,
    referenceDate,
    region: query.region ?? user.regionCode,
    generatedAt: new Date().toISOString(),
    generatedBy: `${user.displayName} (${user.username})`,
    rows: rows.length,
  };
  return listFile(format, `eligible-${program.code}-${meta.region}-${referenceDate}`, {
    columns,
    rows: rows.map(cellsOf),
    notes: metaLines(meta),
  });
}

function tooLong(total: number, cap: number): AppError {
  const message = `The list has ${total.toLocaleString('en')} rows, more than the ${cap.toLocaleString('en')} one file may hold: narrow the region (a kota or kecamatan).`;
  return validationError([{ path: 'query.region', reason: 'too_many_rows', message }], message);
}

/** One 'export' audit row per household listed. */
async function auditExport(
  db: Db,
  user: SessionUser,
  rows: EligibleRow[],
  details: ExportQuery & { code: string; ruleVersion: number; format: ExportFormat },
) {
  const households = new Map(rows.map((r) => [r.householdId, r.kelurahanCode]));
  await recordHouseholdExport(db, user, households, details.purpose, {
    program: details.code,
    ruleVersion: details.ruleVersion,
    format: details.format,
  });
}

function metaLines(meta: ExportMeta): [string, string | number][] {
  return [
    ['Program', `${meta.program.name} (${meta.program.code})`],
    ['Versi aturan', meta.ruleVersion],
    ['Aturan kelayakan', meta.ruleText],
    ['Tanggal acuan', meta.referenceDate],
    ['Wilayah', meta.region],
    ['Dibuat pada', meta.generatedAt],
    ['Dibuat oleh', meta.generatedBy],
    ['Jumlah baris', meta.rows],
  ];
}
