/**
 * "Every table exportable" (issue 5, part 7): any table a page shows — dashboard panels, trajectories, lists of
 * areas — is sent back by the page as columns and rows and comes back as XLSX, PDF or CSV, through the same
 * writers as the reports. Only what the caller already sees is written; the file names who made it and when.
 */
import { csvLine } from '../../http/csv.ts';
import type { SessionUser } from '../../http/context.ts';
import { renderReport, reportFormats } from './reports.service.ts';
import type { Cell, ReportColumn, ReportDocument } from './reports.tables.ts';

export const tableExportFormats = { ...reportFormats, csv: 'text/csv; charset=utf-8' } as const;
export type TableExportFormat = keyof typeof tableExportFormats;

export interface TableExport {
  title: string;
  /** The area, period or filter the table is of, shown under the title. */
  subtitle?: string;
  columns: { header: string; format?: ReportColumn['format'] }[];
  rows: Cell[][];
}

/** A file name stem from the title: lower case letters, digits and dashes (`cakupan-per-program`). */
export function fileStemOf(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'tabel';
}

/** The table as one report document: a cover with who and when, and one sheet. */
export function tableDocument(table: TableExport, user: SessionUser, now = new Date()): ReportDocument {
  return {
    title: table.title,
    subtitle: table.subtitle ?? '',
    meta: [
      { label: 'Dibuat oleh', value: `${user.displayName} (${user.username})` },
      { label: 'Dibuat pada', value: now.toISOString() },
      { label: 'Sumber', value: 'Tepat — TKPK DKI Jakarta' },
    ],
    sections: [
      {
        heading: table.title,
        paragraphs: [],
        tables: [
          {
            sheet: table.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31),
            title: table.subtitle ? `${table.title} — ${table.subtitle}` : table.title,
            columns: table.columns.map((c) => ({ header: c.header, width: 1, format: c.format })),
            rows: table.rows,
          },
        ],
      },
    ],
  };
}

/** The table as a file of `format`. */
export async function renderTable(
  table: TableExport,
  format: TableExportFormat,
  user: SessionUser,
): Promise<Uint8Array<ArrayBuffer>> {
  if (format === 'csv')
    // A byte-order mark so Excel opens the UTF-8 file with its accents and dashes intact.
    return new TextEncoder().encode(
      `\uFEFF${csvLine(table.columns.map((c) => c.header))}${table.rows.map((r) => csvLine(r)).join('')}`,
    );
  return new Uint8Array(await renderReport(tableDocument(table, user), format));
}
