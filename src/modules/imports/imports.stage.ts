import type { Database } from '../../db/client.ts';
import { validationError } from '../../http/errors.ts';
import { fieldSpecs, resolveHeader, type ColumnMapping, type ImportFileKind } from './imports.mapping.ts';
import { readSource } from './imports.reader.ts';
import { householdBooleans, householdEnums, personEnums } from './imports.sql.ts';

/** Rows per COPY chunk: large enough to amortise a write, small enough to keep memory flat. */
const rowsPerChunk = 5000;

const truthy = new Set(['1', 't', 'true', 'y', 'ya', 'yes', 'ada']);
const falsy = new Set(['0', 'f', 'false', 'n', 'tidak', 'no', 'tidak ada']);

/** Cell normalisers by staging column: spellings the format allows become the registry's values. */
const normalisers: Record<string, (value: string) => string> = {
  rw: padRtRw,
  rt: padRtRw,
  kelurahan_code: dotted,
  ktp_region_code: dotted,
  sex: (v) => ({ l: 'M', p: 'F', m: 'M', f: 'F' })[v.toLowerCase()] ?? v,
  birth_date: isoDate,
  chronic_illness: boolean,
  ...Object.fromEntries(householdBooleans.map((c) => [c, boolean])),
  ...Object.fromEntries(
    [...Object.keys(householdEnums), ...Object.keys(personEnums)].map((c) => [
      c,
      (v: string) => v.toLowerCase(),
    ]),
  ),
  floor_area_m2: decimal,
  property_njop: decimal,
};

function padRtRw(value: string): string {
  return /^\d{1,3}$/.test(value) ? value.padStart(3, '0') : value;
}

/** Undotted Kemendagri codes (`3171011001`) get their dots (`31.71.01.1001`). */
function dotted(value: string): string {
  const m = /^(\d{2})(\d{2})?(\d{2})?(\d{4})?$/.exec(value);
  return m ? m.slice(1).filter(Boolean).join('.') : value;
}

/** `DD/MM/YYYY` and `DD-MM-YYYY` (Indonesian order) become ISO; anything else stays for the checks. */
function isoDate(value: string): string {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value;
}

function boolean(value: string): string {
  const v = value.toLowerCase();
  return truthy.has(v) ? 't' : falsy.has(v) ? 'f' : value;
}

/** A decimal comma (`36,5`) becomes a point. */
function decimal(value: string): string {
  return /^\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
}

/** A CSV field for COPY: empty is NULL (unquoted), anything needing it is quoted. */
function csvField(value: string): string {
  if (value === '') return '';
  return /[",\r\n]/.test(value) || value === '\\.' ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Streams one file into its staging table: the header is mapped (a missing required column refuses the file),
 * each row's cells are trimmed and normalised, and rows go to COPY in chunks. Returns the number of data rows.
 */
export async function stageFile(
  database: Database,
  run: { id: number; mapping?: ColumnMapping },
  kind: ImportFileKind,
  path: string,
  onRows: (rows: number) => void,
): Promise<number> {
  const fields = fieldSpecs[kind].map((s) => s.field);
  let staged = 0;
  async function* chunks(): AsyncIterable<string> {
    let columns: (string | null)[] | null = null;
    let lines: string[] = [];
    for await (const source of readSource(path, kind)) {
      if (columns === null) {
        const resolved = resolveHeader(kind, source.cells, run.mapping);
        if (resolved.missing.length > 0) {
          throw validationError(
            [{ path: `${kind}File`, reason: 'missing_columns', message: resolved.missing.join(', ') }],
            `The ${kind} file lacks required columns: ${resolved.missing.join(', ')}.`,
          );
        }
        columns = resolved.columns;
        continue;
      }
      if (source.cells.every((c) => c.trim() === '')) continue;
      const values: Record<string, string> = {};
      columns.forEach((field, i) => {
        if (field === null) return;
        const raw = (source.cells[i] ?? '').trim();
        values[field] = raw === '' ? '' : (normalisers[field]?.(raw) ?? raw);
      });
      lines.push(`${run.id},${source.row},${fields.map((f) => csvField(values[f] ?? '')).join(',')}\n`);
      staged += 1;
      if (lines.length >= rowsPerChunk) {
        yield lines.join('');
        lines = [];
        onRows(staged);
      }
    }
    if (columns === null) {
      throw validationError(
        [{ path: `${kind}File`, reason: 'empty', message: 'The file has no header row.' }],
        `The ${kind} file is empty.`,
      );
    }
    if (lines.length > 0) yield lines.join('');
    onRows(staged);
  }
  const table = kind === 'household' ? 'import_household_stage' : 'import_person_stage';
  await database.copyCsv(table, ['run_id', 'row', ...fields], chunks());
  return staged;
}
