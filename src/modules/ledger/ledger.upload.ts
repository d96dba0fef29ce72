import type { ProgramUnit } from '../programs/programs.schema.ts';
import type { RegionPrefixes } from '../regions/region-codes.ts';
import { parseKk, parseNik } from '../registry/nik.ts';
import { enrolmentStatuses, type EnrolmentStatus, type UploadRowError } from './ledger.schema.ts';
import type { RawRow } from './ledger.file.ts';

/** Accepted header names (Indonesian first) for each column the upload understands. */
export const columnAliases = {
  nik: ['nik', 'no_nik', 'nomor_nik', 'nik_ktp'],
  kk: ['no_kk', 'kk', 'nomor_kk', 'nkk', 'kk_number', 'no_kartu_keluarga'],
  name: ['nama', 'name', 'nama_lengkap'],
  startDate: ['tanggal_mulai', 'start_date', 'tgl_mulai', 'mulai'],
  status: ['status', 'status_kepesertaan'],
} as const;
type Column = keyof typeof columnAliases;

/** A row that passed the checks that need no database: what to match and what to load. */
export interface CandidateRow {
  line: number;
  nik: string | null;
  kk: string | null;
  name: string | null;
  startDate: string;
  status: EnrolmentStatus;
}

export interface ValidatedRows {
  candidates: CandidateRow[];
  errors: UploadRowError[];
  /** Lines with at least one error (never loadable). */
  badLines: Set<number>;
}

/** Which header (as written in the file, normalised) carries each known column. */
export function resolveColumns(header: string[]): Partial<Record<Column, string>> {
  const found: Partial<Record<Column, string>> = {};
  for (const [column, aliases] of Object.entries(columnAliases) as [Column, readonly string[]][]) {
    const name = header.find((h) => aliases.includes(h));
    if (name) found[column] = name;
  }
  return found;
}

/** A day as ISO from `yyyy-mm-dd` or `dd/mm/yyyy` (also `dd-mm-yyyy`), or null when it is not a real date. */
export function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dmy = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dmy
      ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])]
      : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !year ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Checks every row without the database: the NIK (or KK number) is well formed (domain brief §2.1, §2.2), not
 * repeated in the file, the date real, the status known. Household programs accept a KK number instead of a NIK.
 */
export function validateRows(
  rows: RawRow[],
  header: string[],
  options: { unit: ProgramUnit; prefixes: RegionPrefixes; defaultStartDate: string },
): ValidatedRows {
  const columns = resolveColumns(header);
  const errors: UploadRowError[] = [];
  const badLines = new Set<number>();
  const identifiers = options.unit === 'household' ? ['nik', 'no_kk'] : ['nik'];
  if (!columns.nik && !(options.unit === 'household' && columns.kk)) {
    errors.push({
      line: 1,
      column: identifiers.join(' / '),
      value: '',
      reason: `missing_column: the header has no ${identifiers.join(' or ')} column`,
    });
    for (const row of rows) badLines.add(row.line);
    return { candidates: [], errors, badLines };
  }
  const seen = new Map<string, number>();
  const candidates: CandidateRow[] = [];
  for (const row of rows) {
    const rowErrors: UploadRowError[] = [];
    const fail = (column: string, value: string, reason: string) =>
      rowErrors.push({ line: row.line, column, value, reason });
    const candidate = checkRow(row, columns, options, fail);
    const key = candidate.nik ? `nik:${candidate.nik}` : candidate.kk ? `kk:${candidate.kk}` : null;
    if (key && rowErrors.length === 0) {
      const first = seen.get(key);
      if (first !== undefined)
        fail(
          candidate.nik ? columns.nik! : columns.kk!,
          candidate.nik ?? candidate.kk!,
          `duplicate: also on line ${first}`,
        );
      else seen.set(key, row.line);
    }
    errors.push(...rowErrors);
    if (rowErrors.length > 0) badLines.add(row.line);
    else candidates.push(candidate);
  }
  return { candidates, errors, badLines };
}

type Fail = (column: string, value: string, reason: string) => void;

function checkRow(
  row: RawRow,
  columns: Partial<Record<Column, string>>,
  options: { unit: ProgramUnit; prefixes: RegionPrefixes; defaultStartDate: string },
  fail: Fail,
): CandidateRow {
  const cell = (column: Column) => (columns[column] ? (row.cells[columns[column]] ?? '') : '');
  const nik = checkIdentifier(cell('nik'), columns.nik ?? 'nik', 'nik', options.prefixes, fail);
  const kk =
    options.unit === 'household' && !cell('nik') && columns.kk
      ? checkIdentifier(cell('kk'), columns.kk, 'kk', options.prefixes, fail)
      : null;
  if (!cell('nik') && !(options.unit === 'household' && cell('kk')))
    fail(
      columns.nik ?? columns.kk!,
      '',
      options.unit === 'household'
        ? 'empty_nik: neither NIK nor KK number given'
        : 'empty_nik: the NIK is empty',
    );
  let startDate = options.defaultStartDate;
  if (cell('startDate')) {
    const day = parseDay(cell('startDate'));
    if (day) startDate = day;
    else
      fail(
        columns.startDate!,
        cell('startDate'),
        'invalid_date: not a real date as yyyy-mm-dd or dd/mm/yyyy',
      );
  }
  const statusText = cell('status').toLowerCase() || 'active';
  const status = enrolmentStatuses.find((s) => s === statusText);
  if (!status)
    fail(columns.status!, cell('status'), `unknown_status: must be one of ${enrolmentStatuses.join(', ')}`);
  return { line: row.line, nik, kk, name: cell('name') || null, startDate, status: status ?? 'active' };
}

/** A NIK or KK number checked with the registry's own rules; the reason carries its stable code and message. */
function checkIdentifier(
  value: string,
  column: string,
  kind: 'nik' | 'kk',
  prefixes: RegionPrefixes,
  fail: Fail,
): string | null {
  if (value === '') return null;
  const compact = value.replace(/[\s.]/g, '');
  const parsed = kind === 'nik' ? parseNik(compact, prefixes) : parseKk(compact, prefixes);
  if (parsed.ok) return compact;
  for (const issue of parsed.issues)
    fail(column, value, `invalid_${kind}: ${issue.reason}: ${issue.message}`);
  return null;
}

/** Words of a name, lower case, letters only, for the loose name check. */
function nameWords(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\p{L}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 0),
  );
}

/** True when the name in the file clearly is someone else: it shares no word with the registry's name. */
export function isNameMismatch(fileName: string, registryName: string): boolean {
  const registry = nameWords(registryName);
  const words = [...nameWords(fileName)];
  return words.length > 0 && !words.some((w) => registry.has(w));
}
