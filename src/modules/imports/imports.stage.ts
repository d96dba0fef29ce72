import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import type { BulkSession, CopyOptions, Database } from '../../db/client.ts';
import { validationError } from '../../http/errors.ts';
import { detectDelimiter } from '../ledger/ledger.file.ts';
import { resolveHeader, type ColumnMapping, type ImportFileKind } from './imports.mapping.ts';
import { readSource } from './imports.reader.ts';
import { householdBooleans, householdEnums, literal, literalList, personEnums } from './imports.sql.ts';

/**
 * Staging reads a file into a temporary table of its raw cells (`import_raw`: one text column per header column,
 * in file order), then one INSERT … SELECT trims and normalises the mapped cells into the run's staging table.
 * A CSV file goes to COPY as it is: PostgreSQL parses it, as fast as a raw COPY. If COPY refuses the file's
 * shape (ragged or blank rows, stray carriage returns, bad UTF-8), and for XLSX, the file is read in JavaScript
 * (csv-parse, exceljs) and its cells are COPYed instead. Either way the spellings are normalised once, in SQL.
 */

/** Rows per COPY chunk of the JavaScript path: large enough to amortise a write, small enough to keep memory flat. */
const rowsPerChunk = 5000;

/** What String.prototype.trim removes (white space and line terminators), removed in SQL the same way. */
const blanks =
  ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const trimmed = (column: string) => `nullif(btrim(${column}, ${literal(blanks)}), '')`;

const onlyDigits = (v: string) => `translate(${v}, '0123456789', '') = ''`;

const truthy = ['1', 't', 'true', 'y', 'ya', 'yes', 'ada'];
const falsy = ['0', 'f', 'false', 'n', 'tidak', 'no', 'tidak ada'];

/** SQL normalisers by staging column (`v`: the trimmed cell): spellings the format allows become the registry's values. */
const normalisers: Record<string, (v: string) => string> = {
  // RT/RW of up to three digits padded to three.
  rw: (v) => `CASE WHEN octet_length(${v}) <= 3 AND ${onlyDigits(v)} THEN lpad(${v}, 3, '0') ELSE ${v} END`,
  rt: (v) => `CASE WHEN octet_length(${v}) <= 3 AND ${onlyDigits(v)} THEN lpad(${v}, 3, '0') ELSE ${v} END`,
  kelurahan_code: dotted,
  ktp_region_code: dotted,
  sex: (v) =>
    `CASE lower(${v}) WHEN 'l' THEN 'M' WHEN 'm' THEN 'M' WHEN 'p' THEN 'F' WHEN 'f' THEN 'F' ELSE ${v} END`,
  birth_date: isoDate,
  chronic_illness: boolean,
  ...Object.fromEntries(householdBooleans.map((c) => [c, boolean])),
  ...Object.fromEntries(
    [...Object.keys(householdEnums), ...Object.keys(personEnums)].map((c) => [
      c,
      (v: string) => `lower(${v})`,
    ]),
  ),
  floor_area_m2: decimal,
  property_njop: decimal,
};

/** Undotted Kemendagri codes (`3171011001`) get their dots (`31.71.01.1001`); 8 digits read as 2 + 2 + 4. */
function dotted(v: string): string {
  const part = (from: number, length: number) => `substr(${v}, ${from}, ${length})`;
  return `CASE WHEN NOT ${onlyDigits(v)} THEN ${v}
    WHEN octet_length(${v}) = 4 THEN concat_ws('.', ${part(1, 2)}, ${part(3, 2)})
    WHEN octet_length(${v}) = 6 THEN concat_ws('.', ${part(1, 2)}, ${part(3, 2)}, ${part(5, 2)})
    WHEN octet_length(${v}) = 8 THEN concat_ws('.', ${part(1, 2)}, ${part(3, 2)}, ${part(5, 4)})
    WHEN octet_length(${v}) = 10 THEN concat_ws('.', ${part(1, 2)}, ${part(3, 2)}, ${part(5, 2)}, ${part(7, 4)})
    ELSE ${v} END`;
}

/** `DD/MM/YYYY` and `DD-MM-YYYY` (Indonesian order) become ISO; anything else stays for the checks. */
function isoDate(v: string): string {
  const piece = (n: number) => `split_part(translate(${v}, '/', '-'), '-', ${n})`;
  // Only a value with a separator second or third is matched against the pattern (ISO dates are not).
  return `CASE WHEN (substr(${v}, 2, 1) IN ('/', '-') OR substr(${v}, 3, 1) IN ('/', '-'))
      AND ${v} ~ '^[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{4}$'
    THEN ${piece(3)} || '-' || lpad(${piece(2)}, 2, '0') || '-' || lpad(${piece(1)}, 2, '0') ELSE ${v} END`;
}

function boolean(v: string): string {
  return `CASE WHEN lower(${v}) IN ${literalList(truthy)} THEN 't' WHEN lower(${v}) IN ${literalList(falsy)} THEN 'f' ELSE ${v} END`;
}

/** A decimal comma (`36,5`) becomes a point. */
function decimal(v: string): string {
  return `CASE WHEN strpos(${v}, ',') > 0 AND ${v} ~ '^[0-9]+,[0-9]+$' THEN replace(${v}, ',', '.') ELSE ${v} END`;
}

/** A CSV field for COPY: empty is NULL (unquoted), anything needing it is quoted. */
function csvField(value: string): string {
  if (value === '') return '';
  return /[",\r\n]/.test(value) || value === '\\.' ? `"${value.replaceAll('"', '""')}"` : value;
}

const rawColumns = (count: number) => Array.from({ length: count }, (_, i) => `c${i + 1}`);

/** Creates the transaction's raw table for a header of `count` columns (`row` is given by the JavaScript path). */
async function createRawTable(session: BulkSession, count: number): Promise<void> {
  await session.query(
    `CREATE TEMPORARY TABLE import_raw (ord int GENERATED ALWAYS AS IDENTITY, row int,
       ${rawColumns(count)
         .map((c) => `${c} text`)
         .join(', ')}) ON COMMIT DROP`,
  );
}

/**
 * Moves the raw rows into the staging table: mapped cells trimmed (empty → NULL) and normalised, rows with no
 * cell at all skipped, `row` the spreadsheet row (record number + 1 for the header) unless the reader gave it.
 */
async function insertStaged(
  session: BulkSession,
  runId: number,
  kind: ImportFileKind,
  columns: readonly (string | null)[],
): Promise<number> {
  const table = kind === 'household' ? 'import_household_stage' : 'import_person_stage';
  const mapped = columns.flatMap((field, i) => (field === null ? [] : [{ field, raw: `c${i + 1}` }]));
  const unmapped = columns.flatMap((field, i) => (field === null ? [`c${i + 1}`] : []));
  const cells = [...mapped.map((m) => `t.${m.field}`), ...unmapped.map(trimmed)];
  const [inserted] = await session.query<{ n: string | number }>(
    `WITH staged AS (
       INSERT INTO ${table} (run_id, row, ${mapped.map((m) => m.field).join(', ')})
       SELECT ${runId}, t.row, ${mapped.map((m) => normalisers[m.field]?.(`t.${m.field}`) ?? `t.${m.field}`).join(', ')}
       FROM (SELECT coalesce(row, ord + 1) AS row, ${unmapped.join(', ')}${unmapped.length > 0 ? ', ' : ''}
               ${mapped.map((m) => `${trimmed(m.raw)} AS ${m.field}`).join(', ')}
             FROM import_raw OFFSET 0) t
       WHERE num_nonnulls(${cells.join(', ')}) > 0
       RETURNING 1)
     SELECT count(*) AS n FROM staged`,
  );
  return Number(inserted!.n);
}

/**
 * One transaction: the raw table, the COPY of `chunks` into it (each line the raw cells, after the row number
 * when `withRow`), and the move into the staging table. Returns the rows staged.
 */
function stageChunks(
  database: Database,
  runId: number,
  kind: ImportFileKind,
  columns: readonly (string | null)[],
  chunks: AsyncIterable<string>,
  options: CopyOptions & { withRow?: boolean },
): Promise<number> {
  const cells = rawColumns(columns.length);
  return database.bulkTransaction(async (session) => {
    await createRawTable(session, columns.length);
    await session.copyCsv('import_raw', options.withRow ? ['row', ...cells] : cells, chunks, options);
    return insertStaged(session, runId, kind, columns);
  });
}

/** Thrown when COPY would end early: a line holding only `\.` is PostgreSQL's end-of-data marker. */
class EndMarkerInFile extends Error {}

/**
 * A CSV file's text after its header, in pieces that end at record boundaries (a line break outside quotes:
 * RFC 4180 doubles quotes inside a quoted field, so their parity tells) — COPY on PGlite sends each piece as a
 * statement of its own. `onRecords` hears the running count of records.
 */
async function* csvRecords(
  path: string,
  start: number,
  onRecords: (records: number) => void,
): AsyncIterable<string> {
  let quoted = false;
  let carry = '';
  let records = 0;
  let reported = 0;
  for await (const text of createReadStream(path, { encoding: 'utf8', start }) as AsyncIterable<string>) {
    let cut = -1;
    for (let i = 0; i < text.length;) {
      if (quoted) {
        const q = text.indexOf('"', i);
        if (q < 0) break;
        quoted = false;
        i = q + 1;
        continue;
      }
      const q = text.indexOf('"', i);
      const n = text.indexOf('\n', i);
      if (n >= 0 && (q < 0 || n < q)) {
        cut = n;
        records += 1;
        i = n + 1;
      } else if (q >= 0) {
        quoted = true;
        i = q + 1;
      } else break;
    }
    if (cut < 0) {
      carry += text;
      continue;
    }
    const piece = carry + text.slice(0, cut + 1);
    carry = text.slice(cut + 1);
    if (/(^|\n)\\\.\r?\n/.test(piece)) throw new EndMarkerInFile();
    yield piece;
    if (records - reported >= rowsPerChunk) {
      reported = records;
      onRecords(records);
    }
  }
  if (carry !== '') {
    if (/(^|\n)\\\.\r?$/.test(carry)) throw new EndMarkerInFile();
    yield carry;
  }
  onRecords(records + (carry.trim() === '' ? 0 : 1));
}

/**
 * The header of a CSV file by path: its cells, delimiter and byte length, from the first 64 KiB. Null for a
 * workbook, an empty file or a header too long to find there (the JavaScript path deals with those).
 */
async function csvHeader(
  path: string,
): Promise<{ cells: string[]; delimiter: ',' | ';'; bytes: number } | null> {
  if (path.toLowerCase().endsWith('.xlsx')) return null;
  const handle = await open(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, 65536));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0 || (head[0] === 0x50 && head[1] === 0x4b)) return null;
  let quoted = false;
  let end = -1;
  for (let i = 0; i < head.length && end < 0; i++) {
    if (head[i] === 0x22) quoted = !quoted;
    else if (head[i] === 0x0a && !quoted) end = i + 1;
  }
  if (end < 0) {
    if (head.length < size) return null;
    end = head.length;
  }
  const text = head.subarray(0, end).toString('utf8');
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  const records: string[][] = parseCsv(text, { delimiter, bom: true, relax_column_count: true });
  const cells = records[0];
  if (!cells || cells.every((c) => c.trim() === '')) return null;
  return { cells, delimiter, bytes: end };
}

function headerColumns(kind: ImportFileKind, cells: readonly string[], mapping?: ColumnMapping) {
  const resolved = resolveHeader(kind, cells, mapping);
  if (resolved.missing.length > 0) {
    throw validationError(
      [{ path: `${kind}File`, reason: 'missing_columns', message: resolved.missing.join(', ') }],
      `The ${kind} file lacks required columns: ${resolved.missing.join(', ')}.`,
    );
  }
  return resolved.columns;
}

/** A way of staging one file of a run; `onRows` hears the rows read so far. */
type Stager<T> = (
  database: Database,
  run: { id: number; mapping?: ColumnMapping },
  kind: ImportFileKind,
  path: string,
  onRows: (rows: number) => void,
) => Promise<T>;

/** The CSV path: the file's records COPYed as they are (null when COPY refused the file's shape). */
const stageCsv: Stager<number | null> = async (database, run, kind, path, onRows) => {
  const header = await csvHeader(path);
  if (header === null) return null;
  const columns = headerColumns(kind, header.cells, run.mapping);
  try {
    return await stageChunks(database, run.id, kind, columns, csvRecords(path, header.bytes, onRows), {
      delimiter: header.delimiter,
    });
  } catch (error) {
    // COPY refuses what csv-parse tolerates (ragged or blank rows, stray CRs, bad UTF-8, a `\.` line).
    const code = (error as { code?: string }).code;
    if (error instanceof EndMarkerInFile || code?.startsWith('22')) return null;
    throw error;
  }
};

/** The JavaScript path: rows read with csv-parse or exceljs, their cells COPYed into the raw table. */
const stageRows: Stager<number> = async (database, run, kind, path, onRows) => {
  let columns: (string | null)[] | null = null;
  const source = readSource(path, kind)[Symbol.asyncIterator]();
  const first = await source.next();
  if (!first.done) {
    try {
      columns = headerColumns(kind, first.value.cells, run.mapping);
    } catch (error) {
      await source.return?.();
      throw error;
    }
  }
  if (columns === null) {
    throw validationError(
      [{ path: `${kind}File`, reason: 'empty', message: 'The file has no header row.' }],
      `The ${kind} file is empty.`,
    );
  }
  const width = columns.length;
  async function* chunks(): AsyncIterable<string> {
    let lines: string[] = [];
    let read = 0;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const cells = next.value.cells;
      lines.push(
        `${next.value.row},${Array.from({ length: width }, (_, i) => csvField(cells[i] ?? '')).join(',')}\n`,
      );
      read += 1;
      if (lines.length >= rowsPerChunk) {
        yield lines.join('');
        lines = [];
        onRows(read);
      }
    }
    if (lines.length > 0) yield lines.join('');
    onRows(read);
  }
  return stageChunks(database, run.id, kind, columns, chunks(), { withRow: true });
};

/**
 * Stages one file: the header is mapped (a missing required column refuses the file), the rows land in the run's
 * staging table with their cells trimmed and normalised. Returns the number of data rows.
 */
export const stageFile: Stager<number> = async (...args) => (await stageCsv(...args)) ?? stageRows(...args);
