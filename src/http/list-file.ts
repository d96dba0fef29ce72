/**
 * Named lists as downloadable files (an eligible list, a household search list): XLSX with a frozen header and a
 * "Keterangan" sheet saying what the list is, or CSV with a UTF-8 BOM so Excel reads accented names correctly.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine } from './csv.ts';

export type ListFormat = 'xlsx' | 'csv';
export type ListCell = string | number | null;

export const listContentTypes: Record<ListFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A list file ready to send as an attachment. */
export interface ListFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

export interface ListContent {
  columns: readonly { header: string; width: number }[];
  rows: readonly ListCell[][];
  /** Lines of the "Keterangan" sheet (XLSX only): label and value. */
  notes: readonly [string, string | number][];
}

/** The list as a workbook: sheet "Daftar" (frozen header), then "Keterangan". Rows are streamed as they go. */
export async function listWorkbook(content: ListContent): Promise<Uint8Array> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  // The streaming writer commits each row as it goes, so 100 000 rows do not sit in memory as cell objects.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = 'Tepat';
  const sheet = workbook.addWorksheet('Daftar', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = content.columns.map(({ header, width }) => ({ header, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of content.rows) sheet.addRow(row).commit();
  sheet.commit();
  const notes = workbook.addWorksheet('Keterangan');
  notes.columns = [{ width: 22 }, { width: 80 }];
  for (const line of content.notes) notes.addRow([...line]).commit();
  notes.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** The list as RFC 4180 CSV with a UTF-8 BOM (cells guarded against formula injection). */
export function listCsv(content: Pick<ListContent, 'columns' | 'rows'>): Uint8Array {
  const lines = [content.columns.map((c) => c.header), ...content.rows].map(csvLine);
  return Buffer.from(`\uFEFF${lines.join('')}`, 'utf8');
}

/** The file of a list in the format asked for. */
export async function listFile(format: ListFormat, name: string, content: ListContent): Promise<ListFile> {
  return {
    fileName: `${name}.${format}`,
    contentType: listContentTypes[format],
    body: format === 'xlsx' ? await listWorkbook(content) : listCsv(content),
    rows: content.rows.length,
  };
}
