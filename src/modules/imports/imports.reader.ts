import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellText, detectDelimiter } from '../ledger/ledger.file.ts';
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

/** A file by its path, or its bytes already in memory (an upload being checked). */
type Source = string | Uint8Array;

const streamOf = (source: Source) =>
  typeof source === 'string' ? createReadStream(source) : Readable.from([Buffer.from(source)]);

/**
 * Reads a file row by row (streamed). XLSX by the ZIP magic bytes or extension; everything else is CSV (`,` or
 * `;`, whichever the header uses more). Leaving early is safe only for bytes in memory (a file stays open).
 */
export async function* readSource(source: Source, kind: ImportFileKind): AsyncIterable<SourceRow> {
  const head =
    typeof source === 'string' ? await firstBytes(source, 4096) : Buffer.from(source.subarray(0, 4096));
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (isZip || (typeof source === 'string' && source.toLowerCase().endsWith('.xlsx'))) {
    yield* xlsxRows(source, kind);
    return;
  }
  yield* csvRows(source, detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, '')));
}

async function* csvRows(source: Source, delimiter: string): AsyncIterable<SourceRow> {
  const parser = streamOf(source).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { row: record.info.lines, cells: record.record };
  }
}

/** Rows of the sheet named for the file kind, else of the first sheet (streamed with WorkbookReader). */
async function* xlsxRows(source: Source, kind: ImportFileKind): AsyncIterable<SourceRow> {
  const wanted = sheetNames[kind];
  let matched = false;
  for await (const r of sheetRows(source, (name) => wanted.includes(name.trim().toLowerCase()))) {
    matched = true;
    yield r;
  }
  if (matched) return;
  yield* sheetRows(source, (_name, index) => index === 0);
}

async function* sheetRows(
  source: Source,
  pick: (name: string, index: number) => boolean,
): AsyncIterable<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    typeof source === 'string' ? source : streamOf(source),
    {
      entries: 'emit',
      sharedStrings: 'cache',
      worksheets: 'emit',
      styles: 'cache',
      hyperlinks: 'ignore',
    },
  );
  let index = 0;
  let yielded = false;
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as ExcelJS.Worksheet & AsyncIterable<ExcelJS.Row>;
      const name = (sheet as unknown as { name?: string }).name ?? '';
      const chosen = pick(name, index);
      index += 1;
      for await (const row of sheet) {
        if (!chosen) continue;
        yielded = true;
        yield rowOf(row);
      }
      if (chosen) return;
    }
  } catch (error) {
    // The streaming reader fails (a TypeError in its _parseWorksheet) when a workbook's ZIP holds a worksheet after
    // the relationships and shared strings but before xl/workbook.xml: nothing was read yet, so read it whole.
    if (yielded || !(error instanceof TypeError)) throw error;
    yield* loadedSheetRows(source, pick);
  }
}

function rowOf(row: ExcelJS.Row): SourceRow {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    cells[column - 1] = cellText(cell.value);
  });
  return { row: row.number, cells: Array.from(cells, (c) => c ?? '') };
}

/** The rows of the picked sheet of a workbook read whole (for ZIP entry orders the streaming reader refuses). */
async function* loadedSheetRows(
  source: Source,
  pick: (name: string, index: number) => boolean,
): AsyncIterable<SourceRow> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(Buffer.from(source) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets.find((s, i) => pick(s.name, i));
  if (!sheet) return;
  const rows: SourceRow[] = [];
  sheet.eachRow((row) => rows.push(rowOf(row)));
  yield* rows;
}
