import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.ts';
import { validationError } from '../../http/errors.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { resolveHeader, type ColumnMapping, type ImportFileKind } from './imports.mapping.ts';
import { readBatches, type SourceRow } from './imports.reader.ts';
import { rowChecker, type RowContext } from './imports.rows.ts';

/**
 * Staging streams a file (CSV or XLSX) through the row checks (imports.rows.ts) into the run's staging table: one
 * COPY of every row's normalised cells, with the row's errors alongside (a JSON list, null when none). Reading
 * and checking in Node while PostgreSQL takes the COPY uses both cores; memory holds one batch of rows at a time.
 */

/** A CSV field for COPY: null is an empty unquoted field, anything needing it is quoted. */
function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) || value === '\\.' || value === ''
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** What the row checks of a run need: the province codes, the kelurahan the registry knows, area and date. */
export async function rowContext(
  database: Database,
  run: { areaCode: string | null; extractDate: string },
): Promise<RowContext> {
  const kelurahan = await queryRows<{ code: string }>(
    database.db,
    sql`SELECT code FROM region WHERE level = 'kelurahan'`,
  );
  return {
    provinces: loadRegionPrefixes().provinces,
    kelurahan: new Set(kelurahan.map((r) => r.code)),
    areaCode: run.areaCode,
    extractDate: run.extractDate,
  };
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

/**
 * Stages one file: the header is mapped (a missing required column refuses the file), every row is checked and
 * its normalised cells and errors COPYed into the run's staging table, all in one transaction. Returns the number
 * of rows staged (blank rows are skipped); `onRows` hears the running count of rows and of the file's bytes read.
 */
export async function stageFile(
  database: Database,
  run: { id: number; mapping?: ColumnMapping },
  context: RowContext,
  kind: ImportFileKind,
  path: string,
  onRows: (rows: number, bytes: number) => void,
): Promise<number> {
  let bytes = 0;
  const batches = readBatches(path, kind, (read) => {
    bytes = Math.max(bytes, read);
  })[Symbol.asyncIterator]();
  const opening = await batches.next();
  const openingRows: SourceRow[] = opening.done ? [] : opening.value;
  const header = openingRows[0];
  if (header === undefined) {
    throw validationError(
      [{ path: `${kind}File`, reason: 'empty', message: 'The file has no header row.' }],
      `The ${kind} file is empty.`,
    );
  }
  let columns: (string | null)[];
  try {
    columns = headerColumns(kind, header.cells, run.mapping);
  } catch (error) {
    await batches.return?.();
    throw error;
  }
  const checker = rowChecker(kind, columns, context);
  const prefix = `${run.id},`;
  let staged = 0;
  let read = 0;
  const lines = (rows: readonly SourceRow[]) => {
    let text = '';
    for (const { row, cells } of rows) {
      const checked = checker.check(cells);
      if (checked === null) continue;
      staged += 1;
      text += `${prefix}${row},${checked.values.map(csvField).join(',')},${
        checked.errors === null ? '' : csvField(JSON.stringify(checked.errors))
      }\n`;
    }
    read += rows.length;
    onRows(read, bytes);
    return text;
  };
  async function* chunks(): AsyncIterable<string> {
    try {
      yield lines(openingRows.slice(1));
      for (let next = await batches.next(); !next.done; next = await batches.next()) yield lines(next.value);
    } finally {
      // A COPY that fails stops reading here: the file is closed at once, not when collected.
      await batches.return?.();
    }
  }
  const table = kind === 'household' ? 'import_household_stage' : 'import_person_stage';
  await database.bulkTransaction((session) =>
    session.copyCsv(table, ['run_id', 'row', ...checker.fields, 'errors'], chunks()),
  );
  return staged;
}
