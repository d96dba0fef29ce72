import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
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

/** Rows per batch the readers hand on: one call per batch rather than per row keeps a million rows cheap. */
const rowsPerBatch = 2000;

/**
 * Reads a file in batches of rows (streamed; the header is the first row of the first batch). XLSX by the ZIP
 * magic bytes or extension; everything else is CSV (`,` or `;`, whichever the header uses more). Leaving early is
 * safe only for bytes in memory (a file stays open).
 */
export async function* readBatches(
  source: Source,
  kind: ImportFileKind,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncIterable<SourceRow[]> {
  const head =
    typeof source === 'string' ? await firstBytes(source, 4096) : Buffer.from(source.subarray(0, 4096));
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (isZip || (typeof source === 'string' && source.toLowerCase().endsWith('.xlsx'))) {
    let batch: SourceRow[] = [];
    for await (const row of xlsxRows(source, kind, onBytes)) {
      batch.push(row);
      if (batch.length >= rowsPerBatch) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  const delimiter = detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, ''));
  if (typeof source !== 'string') {
    yield* csvBatches([new TextDecoder('utf-8').decode(source)], delimiter);
    return;
  }
  const stream = createReadStream(source, { encoding: 'utf8', highWaterMark: 1 << 20 });
  async function* pieces(): AsyncIterable<string> {
    for await (const piece of stream as AsyncIterable<string>) {
      yield piece;
      onBytes(stream.bytesRead);
    }
  }
  yield* csvBatches(pieces(), delimiter);
}

/** Reads a file row by row (see readBatches). */
export async function* readSource(source: Source, kind: ImportFileKind): AsyncIterable<SourceRow> {
  for await (const batch of readBatches(source, kind)) yield* batch;
}

/**
 * One CSV record of `text` from `start` (RFC 4180: a field in double quotes may hold delimiters, line breaks and
 * doubled quotes; a CR before the line break is dropped), or null when the text ends inside it and more may come.
 * A line with no quote is split at once; only lines with quotes are read character by character. `quote` is the
 * position of the next double quote at or after `start` (the text's length when there is none).
 */
function csvRecord(
  text: string,
  start: number,
  delimiter: string,
  final: boolean,
  quote: number,
): { cells: string[]; next: number } | null {
  const newline = text.indexOf('\n', start);
  if (newline < 0 && !final) return null;
  const end = newline < 0 ? text.length : newline;
  if (quote > end) {
    const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    return { cells: text.slice(start, cut).split(delimiter), next: end + 1 };
  }
  const cells: string[] = [];
  let cell = '';
  let i = start;
  for (;;) {
    if (i >= text.length) {
      if (!final) return null;
      cells.push(cell);
      return { cells, next: i + 1 };
    }
    const c = text[i]!;
    if (c === '"') {
      // A quoted stretch, up to the first quote that is not doubled.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          if (!final) return null;
          cells.push(cell + text.slice(j));
          return { cells, next: text.length + 1 };
        }
        if (text[q + 1] === '"') {
          cell += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        cell += text.slice(j, q);
        i = q + 1;
        break;
      }
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      cells.push(cell);
      return { cells, next: c === '\n' ? i + 1 : i + 2 };
    } else {
      cell += c;
      i += 1;
    }
  }
}

/**
 * CSV text (in pieces) as batches of rows numbered as a spreadsheet numbers them: each record, a blank one too, is
 * one row, the header row 1. Blank records are not handed on; a byte-order mark is dropped.
 */
export async function* csvBatches(
  pieces: AsyncIterable<string> | Iterable<string>,
  delimiter: string,
): AsyncIterable<SourceRow[]> {
  let text = '';
  let row = 0;
  let first = true;
  let batch: SourceRow[] = [];
  const take = (final: boolean) => {
    let at = 0;
    // The next quote, searched again only once passed (a file without quotes is searched once per piece).
    let quote = -1;
    while (at < text.length) {
      if (quote < at) {
        quote = text.indexOf('"', at);
        if (quote < 0) quote = text.length;
      }
      const record = csvRecord(text, at, delimiter, final, quote);
      if (record === null) break;
      at = record.next;
      row += 1;
      if (record.cells.length > 1 || record.cells[0] !== '') batch.push({ row, cells: record.cells });
    }
    text = at >= text.length ? '' : text.slice(at);
  };
  for await (const piece of pieces) {
    text = text === '' ? piece : text + piece;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    take(false);
    if (batch.length >= rowsPerBatch) {
      yield batch;
      batch = [];
    }
  }
  take(true);
  if (batch.length > 0) yield batch;
}

/** Rows of the sheet named for the file kind, else of the first sheet (streamed with WorkbookReader). */
async function* xlsxRows(
  source: Source,
  kind: ImportFileKind,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncIterable<SourceRow> {
  const wanted = sheetNames[kind];
  let matched = false;
  for await (const r of sheetRows(source, (name) => wanted.includes(name.trim().toLowerCase()), onBytes)) {
    matched = true;
    yield r;
  }
  if (matched) return;
  yield* sheetRows(source, (_name, index) => index === 0, onBytes);
}

async function* sheetRows(
  source: Source,
  pick: (name: string, index: number) => boolean,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncIterable<SourceRow> {
  // The workbook's bytes read so far (the ZIP is read front to back) tell how far the reading is.
  const file = typeof source === 'string' ? createReadStream(source) : null;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file ?? streamOf(source), {
    entries: 'emit',
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
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
        if (file) onBytes(file.bytesRead);
      }
      if (chosen) return;
    }
  } catch (error) {
    // The streaming reader fails (a TypeError in its _parseWorksheet) when a workbook's ZIP holds a worksheet after
    // the relationships and shared strings but before xl/workbook.xml: nothing was read yet, so read it whole.
    if (yielded || !(error instanceof TypeError)) throw error;
    yield* loadedSheetRows(source, pick);
  } finally {
    file?.destroy();
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
