import ExcelJS from 'exceljs';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { csvLine } from '../../http/csv.ts';
import { fieldSpecs, type ImportFileKind } from './imports.mapping.ts';
import { importError } from './imports.schema.ts';

/** The CSV template of one file: the DTSEN headers and an example row. */
export function templateCsv(kind: ImportFileKind): string {
  const specs = fieldSpecs[kind];
  return csvLine(specs.map((s) => s.headers[0]!)) + csvLine(specs.map((s) => s.example));
}

/** The XLSX template: sheets `households` and `persons`, each with the DTSEN headers and an example row. */
export async function templateXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, kind] of [
    ['households', 'household'],
    ['persons', 'person'],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    const specs = fieldSpecs[kind];
    sheet.addRow(specs.map((s) => s.headers[0]!)).font = { bold: true };
    // Identifiers as text, so Excel keeps all 16 digits and leading zeros.
    sheet.addRow(specs.map((s) => s.example));
    sheet.columns.forEach((column) => {
      column.width = 22;
      column.numFmt = '@';
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A run's error report as CSV: file, row, column, value, reason (a value that looks like a formula stays text). */
export async function errorReportCsv(db: Db, runId: number): Promise<string> {
  const rows = await db
    .select()
    .from(importError)
    .where(eq(importError.runId, runId))
    .orderBy(asc(importError.file), asc(importError.row), asc(importError.column));
  return (
    csvLine(['file', 'row', 'column', 'value', 'reason']) +
    rows.map((r) => csvLine([r.file, String(r.row), r.column, r.value ?? '', r.reason])).join('')
  );
}
