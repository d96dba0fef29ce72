import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellText } from '../ledger/ledger.file.ts';
import type { ImportFileKind } from './imports.mapping.ts';

/** One row of a file (the header first): the row number the user sees (header = row 1) and its cells as text. */
export interface SourceRow {
  row: number;
  cells: string[];
}

/** Sheet names a workbook may use for each file (the template's two sheets). */
const sheetNames: Record<ImportFileKind, string[]> = {
  household: ['households', 'rumah_tangga', 'keluarga'],
  person: ['persons', 'anggota', 'anggota_keluarga', 'individu'],
};

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads a file row by row (streamed). XLSX by the ZIP magic bytes or extension; everything else is CSV (`,` or `;`, whichever the header uses more). */
export async function* readSource(path: string, kind: ImportFileKind): AsyncIterable<SourceRow> {
  const head = await firstBytes(path, 4096);
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (isZip || path.toLowerCase().endsWith('.xlsx')) {
    yield* xlsxRows(path, kind);
    return;
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  yield* csvRows(path, delimiter);
}

async function* csvRows(path: string, delimiter: string): AsyncIterable<SourceRow> {
  const parser = createReadStream(path).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { row: record.info.lines, cells: record.record };
  }
}

/** Rows of the sheet named for the file kind, else of the first sheet (streamed with WorkbookReader). */
async function* xlsxRows(path: string, kind: ImportFileKind): AsyncIterable<SourceRow> {
  const wanted = sheetNames[kind];
  let matched = false;
  for await (const r of sheetRows(path, (name) => wanted.includes(name.trim().toLowerCase()))) {
    matched = true;
    yield r;
  }
  if (matched) return;
  yield* sheetRows(path, (_name, index) => index === 0);
}

async function* sheetRows(
  path: string,
  pick: (name: string, index: number) => boolean,
): AsyncIterable<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    entries: 'emit',
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  let index = 0;
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>;
    const name = (sheet as unknown as { name?: string }).name ?? '';
    const chosen = pick(name, index);
    index += 1;
    for await (const row of sheet) {
      if (!chosen) continue;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cellText(cell.value);
      });
      yield { row: row.number, cells: Array.from(cells, (c) => c ?? '') };
    }
    if (chosen) return;
  }
}
