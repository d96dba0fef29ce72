/**
 * The ranked eligible list of a program as a file (XLSX or CSV) for the agency's participant list (issue 3,
 * part 4). Same set, scope and order as GET /programs/{code}/eligible; every household exported is audited.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { EligibleRow } from './targeting.repository.ts';
import { openEligibleList } from './targeting.service.ts';

/** Largest list one file may hold; a bigger area must be narrowed (keeps memory and the audit batch bounded). */
export const exportRowCap = 100_000;
/** Audit rows per transaction: one insert stays well under PostgreSQL's 65 535 bound parameters. */
const auditBatch = 2_000;

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportQuery {
  region?: string;
  purpose: string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

const contentTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Column headers in Bahasa Indonesia: the file goes to agency staff and kelurahan offices. */
const headers = ['No', 'NIK', 'Nama', 'No KK', 'Kelurahan', 'Desil', 'Miskin ekstrem', 'Skor PMT'];
const widths = [7, 20, 32, 20, 26, 7, 15, 11];

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
  const body = format === 'xlsx' ? await buildWorkbook(rows, meta) : buildCsv(rows);
  return {
    fileName: `eligible-${program.code}-${meta.region}-${referenceDate}.${format}`,
    contentType: contentTypes[format],
    body,
    rows: rows.length,
  };
}

function tooLong(total: number, cap: number): AppError {
  const message = `The list has ${total.toLocaleString('en')} rows, more than the ${cap.toLocaleString('en')} one file may hold: narrow the region (a kota or kecamatan).`;
  return validationError([{ path: 'query.region', reason: 'too_many_rows', message }], message);
}

/** One 'export' audit row per household, in batches (each batch one transaction of the hash chain). */
async function auditExport(
  db: Db,
  user: SessionUser,
  rows: EligibleRow[],
  details: ExportQuery & { code: string; ruleVersion: number; format: ExportFormat },
) {
  const households = new Map(rows.map((r) => [r.householdId, r.kelurahanCode]));
  const entries = [...households].map(([householdId, kelurahanCode]) => ({
    action: 'export' as const,
    subjectType: 'household' as const,
    subjectId: householdId,
    regionCode: kelurahanCode,
    purpose: details.purpose,
    details: { program: details.code, ruleVersion: details.ruleVersion, format: details.format },
  }));
  for (let start = 0; start < entries.length; start += auditBatch)
    await recordAudit(db, user, entries.slice(start, start + auditBatch));
}

/** A real workbook: the list with a frozen header, and a "Keterangan" sheet saying what the list is. */
async function buildWorkbook(rows: EligibleRow[], meta: ExportMeta): Promise<Uint8Array> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  // The streaming writer commits each row as it goes, so 100 000 rows do not sit in memory as cell objects.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = 'Tepat';
  const sheet = workbook.addWorksheet('Daftar', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({ header, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  rows.forEach((row, index) => sheet.addRow(cellsOf(row, index)).commit());
  sheet.commit();
  const notes = workbook.addWorksheet('Keterangan');
  notes.columns = [{ width: 22 }, { width: 80 }];
  for (const line of metaLines(meta)) notes.addRow(line).commit();
  notes.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
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

/** RFC 4180 CSV with a UTF-8 BOM, so Excel opens names with accents correctly. */
function buildCsv(rows: EligibleRow[]): Uint8Array {
  const quote = (value: string | number | null) => {
    if (value === null) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [headers, ...rows.map(cellsOf)].map((cells) => cells.map(quote).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
