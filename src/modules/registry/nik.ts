/**
 * NIK and KK number validation (domain brief §2.1, §2.2). Pure functions: the region prefixes are passed in.
 *
 * NIK layout (UU 23/2006 as amended by UU 24/2013; Dukcapil): `PP KK CC DDMMYY SSSS` — province, kabupaten/kota,
 * kecamatan of *first registration*, birth date with day + 40 for women, sequence. There is no check digit, so
 * only impossible dates and unknown region prefixes can be caught, never typos.
 */

import type { RegionPrefixes } from '../regions/region-codes.ts';

export type { RegionPrefixes };

/** Stable reasons a NIK or KK number is rejected or flagged. */
export type NikIssueReason =
  | 'length'
  | 'not_digits'
  | 'unknown_province'
  | 'unknown_regency'
  | 'unknown_district'
  | 'invalid_day'
  | 'invalid_month'
  | 'impossible_date'
  | 'future_date'
  | 'zero_sequence'
  | 'sex_mismatch'
  | 'birth_date_mismatch';

export interface NikIssue {
  reason: NikIssueReason;
  message: string;
}

/** What the digits of a valid NIK say. Codes are undotted prefixes (`31`, `3171`, `317101`). */
export interface ParsedNik {
  ok: true;
  nik: string;
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  sex: 'M' | 'F';
  /** Real, non-future calendar dates the digits can mean (19YY and/or 20YY), ISO `YYYY-MM-DD`. */
  birthDateCandidates: string[];
  /** 20YY when that is a real date not in the future, else 19YY (domain brief §2.1). */
  birthDate: string | null;
  sequence: string;
  warnings: NikIssue[];
}

export type NikParseResult = ParsedNik | { ok: false; issues: NikIssue[] };

export interface ParsedKk {
  ok: true;
  kk: string;
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  warnings: NikIssue[];
}

export type KkParseResult = ParsedKk | { ok: false; issues: NikIssue[] };

const issue = (reason: NikIssueReason, message: string): NikIssue => ({ reason, message });

/** Checks the 16-digit shape shared by NIK and KK numbers. */
function checkShape(value: string, label: string): NikIssue[] {
  const issues: NikIssue[] = [];
  if (value.length !== 16)
    issues.push(issue('length', `A ${label} has exactly 16 digits, not ${value.length}.`));
  if (!/^\d*$/.test(value)) issues.push(issue('not_digits', `A ${label} contains digits only.`));
  return issues;
}

/** Region checks: an unknown province is an error; unknown regency/district only warns (historical codes exist). */
function checkRegion(value: string, prefixes: RegionPrefixes): { errors: NikIssue[]; warnings: NikIssue[] } {
  const province = value.slice(0, 2);
  if (!prefixes.provinces.has(province)) {
    return { errors: [issue('unknown_province', `Province code ${province} does not exist.`)], warnings: [] };
  }
  const warnings: NikIssue[] = [];
  if (!prefixes.regencies.has(value.slice(0, 4))) {
    warnings.push(issue('unknown_regency', `Regency code ${value.slice(0, 4)} is not in the current table.`));
  } else if (!prefixes.districts.has(value.slice(0, 6))) {
    warnings.push(
      issue('unknown_district', `District code ${value.slice(0, 6)} is not in the current table.`),
    );
  }
  return { errors: [], warnings };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The ISO date if year-month-day is a real calendar date, else null. */
function calendarDate(year: number, month: number, day: number): string | null {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day < 1 || day > lengths[month - 1]!) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isoToday(today: Date): string {
  return today.toISOString().slice(0, 10);
}

interface BirthDigits {
  sex: 'M' | 'F';
  candidates: string[];
  birthDate: string | null;
}

/** Decodes DDMMYY: +40 on the day for women, real calendar dates, both centuries (domain brief §2.1). */
function parseBirthDigits(digits: string, today: Date): BirthDigits | NikIssue {
  const dd = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  if (dd === 0 || (dd >= 32 && dd <= 40) || dd > 71) {
    return issue('invalid_day', `Day code ${digits.slice(0, 2)} is neither 01–31 (men) nor 41–71 (women).`);
  }
  if (month < 1 || month > 12) return issue('invalid_month', `Month ${digits.slice(2, 4)} is not 01–12.`);
  const sex = dd > 40 ? 'F' : 'M';
  const day = dd > 40 ? dd - 40 : dd;
  const real = [1900 + yy, 2000 + yy]
    .map((year) => calendarDate(year, month, day))
    .filter((d): d is string => d !== null);
  if (real.length === 0) {
    return issue(
      'impossible_date',
      `Day ${day} of month ${month} is not a real date in 19${digits.slice(4)} or 20${digits.slice(4)}.`,
    );
  }
  const candidates = real.filter((d) => d <= isoToday(today));
  if (candidates.length === 0)
    return issue('future_date', `Birth date ${real.join(' / ')} lies in the future.`);
  // The century is not encoded: assume 20YY unless that date is in the future (domain brief §2.1).
  const birthDate = candidates.find((d) => d.startsWith('20')) ?? candidates[0] ?? null;
  return { sex, candidates, birthDate };
}

/** Validates and decodes a NIK; errors make it invalid, warnings flag doubtful but possible values. */
export function parseNik(
  nik: string,
  prefixes: RegionPrefixes,
  options: { today?: Date } = {},
): NikParseResult {
  const shape = checkShape(nik, 'NIK');
  if (shape.length > 0) return { ok: false, issues: shape };
  const region = checkRegion(nik, prefixes);
  const birth = parseBirthDigits(nik.slice(6, 12), options.today ?? new Date());
  const errors = [...region.errors, ...('reason' in birth ? [birth] : [])];
  if (errors.length > 0 || 'reason' in birth) return { ok: false, issues: errors };
  const sequence = nik.slice(12);
  const warnings = [...region.warnings];
  // Sequences start at 0001 (Dukcapil); 0000 is suspicious but not proof of a fake.
  if (sequence === '0000') warnings.push(issue('zero_sequence', 'Sequence 0000 is never assigned.'));
  return {
    ok: true,
    nik,
    provinceCode: nik.slice(0, 2),
    regencyCode: nik.slice(0, 4),
    districtCode: nik.slice(0, 6),
    sex: birth.sex,
    birthDateCandidates: birth.candidates,
    birthDate: birth.birthDate,
    sequence,
    warnings,
  };
}

/** Outcome of comparing a NIK with the person record: mismatches, and the birth date the record confirms. */
export interface NikPersonCheck {
  issues: NikIssue[];
  /** The person's birth date when it is one of the NIK's candidates: this settles the century. */
  resolvedBirthDate: string | null;
}

/** Checks that the sex and birth date of a person record agree with their NIK. */
export function checkNikAgainstPerson(
  parsed: ParsedNik,
  person: { sex?: 'M' | 'F' | null; birthDate?: string | null },
): NikPersonCheck {
  const issues: NikIssue[] = [];
  if (person.sex && person.sex !== parsed.sex) {
    issues.push(issue('sex_mismatch', `The NIK says sex ${parsed.sex}, the record says ${person.sex}.`));
  }
  let resolvedBirthDate: string | null = null;
  if (person.birthDate) {
    if (parsed.birthDateCandidates.includes(person.birthDate)) {
      resolvedBirthDate = person.birthDate;
    } else {
      const said = parsed.birthDateCandidates.join(' or ');
      issues.push(
        issue('birth_date_mismatch', `The NIK says born ${said}, the record says ${person.birthDate}.`),
      );
    }
  }
  return { issues, resolvedBirthDate };
}

/**
 * Validates a KK (family card) number: 16 digits and a known province. Nothing else is derived, because the
 * layout after the region prefix is not confirmed (domain brief §2.2).
 */
export function parseKk(kk: string, prefixes: RegionPrefixes): KkParseResult {
  const shape = checkShape(kk, 'KK number');
  if (shape.length > 0) return { ok: false, issues: shape };
  const region = checkRegion(kk, prefixes);
  if (region.errors.length > 0) return { ok: false, issues: region.errors };
  return {
    ok: true,
    kk,
    provinceCode: kk.slice(0, 2),
    regencyCode: kk.slice(0, 4),
    districtCode: kk.slice(0, 6),
    warnings: region.warnings,
  };
}
