import { describe, expect, it } from 'vitest';
import { checkNikAgainstPerson, parseKk, parseNik, type ParsedNik, type RegionPrefixes } from './nik.ts';

const prefixes: RegionPrefixes = {
  provinces: new Set(['31', '32']),
  regencies: new Set(['3171', '3174', '3201']),
  districts: new Set(['317101', '317404', '320101']),
};
const today = new Date('2026-03-01T00:00:00Z');

/** A NIK from its parts: region (6 digits), day code, month, two-digit year, sequence. */
const nikOf = (region: string, dd: string, mm: string, yy: string, seq = '0001') =>
  `${region}${dd}${mm}${yy}${seq}`;

function parseOk(nik: string): ParsedNik {
  const result = parseNik(nik, prefixes, { today });
  if (!result.ok) throw new Error(`expected a valid NIK, got ${JSON.stringify(result.issues)}`);
  return result;
}

function reasonsOf(nik: string): string[] {
  const result = parseNik(nik, prefixes, { today });
  return result.ok ? [] : result.issues.map((i) => i.reason);
}

describe('parseNik', () => {
  it('decodes a man: region prefixes, sex, birth date and sequence', () => {
    const parsed = parseOk(nikOf('317101', '15', '08', '85', '0042'));
    expect(parsed).toMatchObject({
      provinceCode: '31',
      regencyCode: '3171',
      districtCode: '317101',
      sex: 'M',
      birthDate: '1985-08-15',
      sequence: '0042',
      warnings: [],
    });
  });

  it('reads a day above 40 as a woman born on day − 40', () => {
    const parsed = parseOk(nikOf('317404', '52', '09', '05'));
    expect(parsed.sex).toBe('F');
    expect(parsed.birthDate).toBe('2005-09-12');
    expect(parsed.birthDateCandidates).toEqual(['1905-09-12', '2005-09-12']);
    expect(parseOk(nikOf('317404', '71', '01', '90')).birthDate).toBe('1990-01-31');
    expect(parseOk(nikOf('317404', '41', '01', '90')).birthDate).toBe('1990-01-01');
  });

  it('rejects day codes 00, 32–40 and above 71, and months outside 1–12', () => {
    for (const dd of ['00', '32', '40', '72', '99'])
      expect(reasonsOf(nikOf('317101', dd, '01', '90'))).toEqual(['invalid_day']);
    for (const mm of ['00', '13'])
      expect(reasonsOf(nikOf('317101', '10', mm, '90'))).toEqual(['invalid_month']);
  });

  it('rejects dates that do not exist on the calendar, for men and women', () => {
    expect(reasonsOf(nikOf('317101', '31', '04', '90'))).toEqual(['impossible_date']);
    expect(reasonsOf(nikOf('317101', '70', '02', '90'))).toEqual(['impossible_date']); // 30 Feb, woman
    expect(reasonsOf(nikOf('317101', '29', '02', '23'))).toEqual(['impossible_date']); // 1923 and 2023 not leap
  });

  it('accepts 29 February only in a leap year, trying both centuries', () => {
    expect(parseOk(nikOf('317101', '69', '02', '24')).birthDate).toBe('2024-02-29');
    // 1900 is not a leap year but 2000 is: only one candidate survives.
    expect(parseOk(nikOf('317101', '29', '02', '00')).birthDateCandidates).toEqual(['2000-02-29']);
  });

  it('resolves the century to 20YY unless that date is in the future', () => {
    expect(parseOk(nikOf('317101', '01', '01', '25')).birthDate).toBe('2025-01-01');
    expect(parseOk(nikOf('317101', '01', '01', '27')).birthDate).toBe('1927-01-01');
    // 2026-03-02 is tomorrow: only 1926 is possible.
    expect(parseOk(nikOf('317101', '02', '03', '26')).birthDateCandidates).toEqual(['1926-03-02']);
    expect(parseOk(nikOf('317101', '01', '03', '26')).birthDate).toBe('2026-03-01');
  });

  it('reports a date that can only lie in the future', () => {
    const result = parseNik(nikOf('317101', '29', '02', '00'), prefixes, { today: new Date('1999-06-01') });
    expect(result.ok ? [] : result.issues.map((i) => i.reason)).toEqual(['future_date']);
  });

  it('rejects the wrong length and non-digits', () => {
    expect(reasonsOf('317101150885004')).toEqual(['length']);
    expect(reasonsOf('31710115088500421')).toEqual(['length']);
    expect(reasonsOf('')).toEqual(['length']);
    expect(reasonsOf('3171011508850O42')).toEqual(['not_digits']);
    expect(reasonsOf('3171 0115088500')).toEqual(['length', 'not_digits']);
  });

  it('treats an unknown province as an error but unknown regency or district as warnings', () => {
    expect(reasonsOf(nikOf('997101', '15', '08', '85'))).toEqual(['unknown_province']);
    expect(reasonsOf(nikOf('990101', '00', '08', '85'))).toEqual(['unknown_province', 'invalid_day']);
    expect(parseOk(nikOf('317199', '15', '08', '85')).warnings.map((w) => w.reason)).toEqual([
      'unknown_district',
    ]);
    expect(parseOk(nikOf('317999', '15', '08', '85')).warnings.map((w) => w.reason)).toEqual([
      'unknown_regency',
    ]);
  });

  it('warns on sequence 0000', () => {
    expect(parseOk(nikOf('317101', '15', '08', '85', '0000')).warnings.map((w) => w.reason)).toEqual([
      'zero_sequence',
    ]);
  });
});

describe('checkNikAgainstPerson', () => {
  const woman = parseOk(nikOf('317404', '52', '09', '05'));

  it('accepts a matching record and resolves the century from it', () => {
    expect(checkNikAgainstPerson(woman, { sex: 'F', birthDate: '1905-09-12' })).toEqual({
      issues: [],
      resolvedBirthDate: '1905-09-12',
    });
  });

  it('reports a sex mismatch and a birth-date mismatch', () => {
    const check = checkNikAgainstPerson(woman, { sex: 'M', birthDate: '2005-09-13' });
    expect(check.issues.map((i) => i.reason)).toEqual(['sex_mismatch', 'birth_date_mismatch']);
    expect(check.resolvedBirthDate).toBeNull();
  });

  it('checks only what the record says', () => {
    expect(checkNikAgainstPerson(woman, {}).issues).toEqual([]);
  });
});

describe('parseKk', () => {
  it('accepts 16 digits with a known province and derives nothing beyond the region prefix', () => {
    expect(parseKk('3171010101200001', prefixes)).toEqual({
      ok: true,
      kk: '3171010101200001',
      provinceCode: '31',
      regencyCode: '3171',
      districtCode: '317101',
      warnings: [],
    });
  });

  it('rejects the wrong length, non-digits and an unknown province; warns on an unknown district', () => {
    const reasons = (kk: string) => {
      const result = parseKk(kk, prefixes);
      return result.ok
        ? result.warnings.map((w) => `warning:${w.reason}`)
        : result.issues.map((i) => i.reason);
    };
    expect(reasons('317101010120000')).toEqual(['length']);
    expect(reasons('31710101012000a1')).toEqual(['not_digits']);
    expect(reasons('9971010101200001')).toEqual(['unknown_province']);
    expect(reasons('3171990101200001')).toEqual(['warning:unknown_district']);
  });
});
