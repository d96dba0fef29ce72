/**
 * The checks of one row of an extract, in JavaScript while the file streams: its cells trimmed and normalised
 * (the spellings the format allows become the registry's values) and every column's first failing reason found.
 * A million person rows cost about 3 s here (9 s with reading the file), where the same work as SQL expressions (a
 * function call per cell and check) cost about 50 s. Checks that need other rows or the registry (a KK or NIK twice in the file, the KK's head
 * count, a person's household) run afterwards in SQL over the staged rows (imports.repository.ts).
 */
import { isRegionCode } from '../regions/region-codes.ts';
import { fieldSpecs, personFieldSpecs, type ImportFileKind } from './imports.mapping.ts';
import { householdBooleans, householdEnums, personEnums } from './imports.sql.ts';

/** What the row checks need to know of the run and the regions. */
export interface RowContext {
  /** Province codes (two digits) a NIK or KK may start with. */
  provinces: ReadonlySet<string>;
  /** Dotted codes of the kelurahan the registry knows. */
  kelurahan: ReadonlySet<string>;
  /** Region code prefix the import may write, or null for all. */
  areaCode: string | null;
  /** The extract's date (ISO day): no one is born after it. */
  extractDate: string;
}

/** One failing column of a row: the header it is reported under, its (normalised) value and the reason. */
export type RowError = [header: string, value: string | null, reason: string];

/** A row's values in field order, and its errors (null when it is valid as far as one row can tell). */
export interface CheckedRow {
  values: (string | null)[];
  errors: RowError[] | null;
}

const decimalNumber = /^[0-9]{1,15}(\.[0-9]{1,4})?$/;
const dayMonthYear = /^([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})$/;
const decimalComma = /^[0-9]+,[0-9]+$/;

const truthy = new Set(['1', 't', 'true', 'y', 'ya', 'yes', 'ada']);
const falsy = new Set(['0', 'f', 'false', 'n', 'tidak', 'no', 'tidak ada']);

/** RT/RW of up to three digits padded to three. */
const padded = (v: string) => (v.length <= 3 && isDigits(v) ? v.padStart(3, '0') : v);

/** Undotted Kemendagri codes (`3171011001`) get their dots (`31.71.01.1001`); 8 digits read as 2 + 2 + 4. */
function dotted(v: string): string {
  if (!isDigits(v)) return v;
  switch (v.length) {
    case 4:
      return `${v.slice(0, 2)}.${v.slice(2)}`;
    case 6:
    case 8:
      return `${v.slice(0, 2)}.${v.slice(2, 4)}.${v.slice(4)}`;
    case 10:
      return `${v.slice(0, 2)}.${v.slice(2, 4)}.${v.slice(4, 6)}.${v.slice(6)}`;
    default:
      return v;
  }
}

/** `DD/MM/YYYY` and `DD-MM-YYYY` (Indonesian order) become ISO; anything else stays for the checks. */
function isoDate(v: string): string {
  if (!(v[1] === '/' || v[1] === '-' || v[2] === '/' || v[2] === '-')) return v;
  const m = dayMonthYear.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v;
}

function boolean(v: string): string {
  if (v === 't' || v === 'f') return v;
  const lower = v.toLowerCase();
  return truthy.has(lower) ? 't' : falsy.has(lower) ? 'f' : v;
}

/** A decimal comma (`36,5`) becomes a point. */
const decimal = (v: string) => (v.includes(',') && decimalComma.test(v) ? v.replace(',', '.') : v);

function sex(v: string): string {
  if (v === 'M' || v === 'F') return v;
  const lower = v.toLowerCase();
  return lower === 'l' || lower === 'm' ? 'M' : lower === 'p' || lower === 'f' ? 'F' : v;
}

/** Enumerations are lower case: a value already allowed is kept as it is (lower-casing costs more than the look-up). */
const lower = (allowed: ReadonlySet<string>) => (v: string) => (allowed.has(v) ? v : v.toLowerCase());

/** Normalisers by field (applied to the trimmed, non-empty cell). */
const normalisers: Record<string, (v: string) => string> = {
  rw: padded,
  rt: padded,
  kelurahan_code: dotted,
  ktp_region_code: dotted,
  sex,
  birth_date: isoDate,
  chronic_illness: boolean,
  floor_area_m2: decimal,
  property_njop: decimal,
  ...Object.fromEntries(householdBooleans.map((c) => [c, boolean])),
  ...Object.fromEntries(
    Object.entries({ ...householdEnums, ...personEnums }).map(([c, values]) => [c, lower(new Set(values))]),
  ),
};

/** True when `v` is `length` ASCII digits (any non-zero length when omitted). */
function isDigits(v: string, length?: number): boolean {
  if (length === undefined ? v.length === 0 : v.length !== length) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number written by the two digits of `v` at `at` (the caller knows they are digits). */
const twoDigits = (v: string, at: number) => (v.charCodeAt(at) - 48) * 10 + v.charCodeAt(at + 1) - 48;

/** True when `v` is an ISO date of a real calendar day. */
function isRealDate(v: string): boolean {
  if (v.length !== 10 || v[4] !== '-' || v[7] !== '-') return false;
  if (!isDigits(v.slice(0, 4)) || !isDigits(v.slice(5, 7)) || !isDigits(v.slice(8))) return false;
  const year = Number(v.slice(0, 4));
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  if (month < 1 || month > 12 || year === 0) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 4 || month === 6 || month === 9 || month === 11 ? 30 : month !== 2 ? 31 : leap ? 29 : 28;
  return day >= 1 && day <= days;
}

type Cell = string | null;

/**
 * A column's check: the first failing reason of its value, or null. `row` holds all the row's values in field
 * order, for the checks that look at more than their own column (NIK, sex and birth date).
 */
type Check = (value: Cell, row: readonly Cell[], ctx: RowContext) => string | null;

/** The position of each person field in a row's values. */
const personAt = Object.fromEntries(personFieldSpecs.map((s, i) => [s.field, i])) as Record<string, number>;
const nikAt = personAt.nik!;
const sexAt = personAt.sex!;

const enumCheck =
  (values: readonly string[], optional: boolean): Check =>
  (value) => {
    if (value === null) return optional ? null : 'required';
    return allowedSets.get(values)!.has(value) ? null : 'not_in_list';
  };
const allowedSets = new Map<readonly string[], Set<string>>(
  [...Object.values(householdEnums), ...Object.values(personEnums)].map((v) => [v, new Set(v)]),
);

const booleanCheck =
  (optional: boolean): Check =>
  (value) =>
    value === null ? (optional ? null : 'required') : value === 't' || value === 'f' ? null : 'not_boolean';

const requiredCheck: Check = (value) => (value === null ? 'required' : null);

const kkCheck: Check = (kk, _row, ctx) =>
  kk === null
    ? 'required'
    : !isDigits(kk, 16)
      ? 'kk_format'
      : !ctx.provinces.has(kk.slice(0, 2))
        ? 'unknown_province'
        : null;

const rtRwCheck: Check = (value) =>
  value === null ? 'required' : value.length === 3 && isDigits(value) ? null : 'not_rt_rw';

const householdChecks: Record<string, Check> = {
  kk_number: kkCheck,
  kelurahan_code: (code, _row, ctx) =>
    code === null
      ? 'required'
      : !ctx.kelurahan.has(code)
        ? 'unknown_kelurahan'
        : ctx.areaCode !== null && !code.startsWith(ctx.areaCode)
          ? 'outside_area'
          : null,
  rw: rtRwCheck,
  rt: rtRwCheck,
  address: requiredCheck,
  floor_area_m2: (area) =>
    area === null
      ? 'required'
      : !decimalNumber.test(area)
        ? 'not_a_number'
        : Number(area) <= 0
          ? 'not_positive'
          : null,
  electricity_va: (va) => (va === null || (va.length <= 6 && isDigits(va)) ? null : 'not_an_integer'),
  property_njop: (njop) => (njop === null || decimalNumber.test(njop) ? null : 'not_a_number'),
  ...Object.fromEntries(Object.entries(householdEnums).map(([f, values]) => [f, enumCheck(values, false)])),
  ...Object.fromEntries(householdBooleans.map((f) => [f, booleanCheck(false)])),
};

/** The day digits of a well-formed NIK (DD, plus 40 for a woman). */
const nikDay = (nik: string) => twoDigits(nik, 6);
const wellFormedNik = (nik: Cell): nik is string => nik !== null && isDigits(nik, 16);

const personChecks: Record<string, Check> = {
  kk_number: kkCheck,
  nik: (nik, _row, ctx) => {
    if (nik === null) return 'required';
    if (!isDigits(nik, 16)) return 'nik_format';
    if (!ctx.provinces.has(nik.slice(0, 2))) return 'unknown_province';
    const day = nikDay(nik);
    if (day === 0 || (day >= 32 && day <= 40) || day > 71) return 'nik_birth_digits';
    const month = twoDigits(nik, 8);
    return month < 1 || month > 12 ? 'nik_birth_digits' : null;
  },
  name: requiredCheck,
  sex: (sex, row) => {
    if (sex === null) return 'required';
    if (sex !== 'M' && sex !== 'F') return 'not_in_list';
    const nik = row[nikAt]!;
    return wellFormedNik(nik) && nikDay(nik) > 40 !== (sex === 'F') ? 'nik_sex_mismatch' : null;
  },
  birth_date: (date, row, ctx) => {
    if (date === null) return 'required';
    if (!isRealDate(date)) return 'not_a_date';
    // A well-formed ISO date orders as text.
    if (date > ctx.extractDate) return 'future_date';
    const nik = row[nikAt]!;
    const sex = row[sexAt]!;
    if (!wellFormedNik(nik) || (sex !== 'M' && sex !== 'F')) return null;
    // The NIK's birth digits: DD (+40 for women) MM YY.
    return nikDay(nik) !== twoDigits(date, 8) + (sex === 'F' ? 40 : 0) ||
      nik.slice(8, 10) !== date.slice(5, 7) ||
      nik.slice(10, 12) !== date.slice(2, 4)
      ? 'nik_birth_date_mismatch'
      : null;
  },
  ktp_region_code: (code, _row, ctx) =>
    code === null
      ? null
      : !isRegionCode(code)
        ? 'not_a_region_code'
        : !ctx.provinces.has(code.slice(0, 2))
          ? 'unknown_province'
          : null,
  ...Object.fromEntries(
    Object.entries(personEnums).map(([f, values]) => [f, enumCheck(values, f === 'disability')]),
  ),
  chronic_illness: booleanCheck(true),
  position: (position) =>
    position === null
      ? 'required'
      : position.length <= 2 && position[0] !== '0' && isDigits(position)
        ? null
        : 'not_a_position',
};

/**
 * A checker for the rows of a file whose header mapped its columns to `columns` (a field or null per column). It
 * returns a row's values, normalised, for every field of the kind in `fields` order (null where the file has no
 * column), with the row's errors — or null for a row whose every cell is blank (it is skipped). A field the file
 * lacks is optional (the header check refuses a file without a required one), and its checks pass on null.
 */
export function rowChecker(kind: ImportFileKind, columns: readonly (string | null)[], ctx: RowContext) {
  const specs = fieldSpecs[kind];
  const fields = specs.map((s) => s.field);
  const checks = kind === 'household' ? householdChecks : personChecks;
  const mapped = specs.flatMap((spec, index) => {
    const at = columns.indexOf(spec.field);
    return at < 0
      ? []
      : [
          {
            field: spec.field,
            index,
            at,
            normalise: normalisers[spec.field],
            check: checks[spec.field],
            header: spec.headers[0]!,
          },
        ];
  });
  const template: Cell[] = fields.map(() => null);
  const unmapped = columns.flatMap((c, i) => (c === null ? [i] : []));
  return {
    fields,
    check(cells: readonly string[]): CheckedRow | null {
      const values = template.slice();
      let blank = true;
      for (const m of mapped) {
        const cell = cells[m.at];
        if (cell === undefined) continue;
        const trimmed = cell.trim();
        if (trimmed === '') continue;
        values[m.index] = m.normalise ? m.normalise(trimmed) : trimmed;
        blank = false;
      }
      // Unmapped cells count too: a row with only those is still a row (and fails its required fields).
      if (blank && !unmapped.some((i) => (cells[i] ?? '').trim() !== '')) return null;
      let errors: RowError[] | null = null;
      for (const m of mapped) {
        if (m.check === undefined) continue;
        const value = values[m.index]!;
        const reason = m.check(value, values, ctx);
        if (reason !== null) (errors ??= []).push([m.header, value, reason]);
      }
      return { values, errors };
    },
  };
}
