import { describe, expect, it } from 'vitest';
import { readAreaRows } from './idn-area.ts';
import { ancestorCodes, isRegionCode, levelOfCode, loadRegionPrefixes, undotCode } from './region-codes.ts';

describe('region codes', () => {
  it('recognises the four Kemendagri code shapes and nothing else', () => {
    expect(['31', '31.71', '31.71.01', '31.71.01.1001'].map(levelOfCode)).toEqual([
      'province',
      'kota',
      'kecamatan',
      'kelurahan',
    ]);
    for (const bad of ['3', '3171', '31.7', '31.71.01.101', '31.71.01.1001.1', '31-71', ' 31', '']) {
      expect(isRegionCode(bad), bad).toBe(false);
      expect(levelOfCode(bad)).toBeUndefined();
    }
  });

  it('derives ancestors from the code, province first', () => {
    expect(ancestorCodes('31.71.01.1001')).toEqual(['31', '31.71', '31.71.01']);
    expect(ancestorCodes('31.71')).toEqual(['31']);
    expect(ancestorCodes('31')).toEqual([]);
  });

  it('undots codes as a NIK writes them', () => {
    expect(undotCode('31.71.01')).toBe('317101');
  });
});

describe('idn-area-data', () => {
  it('reads quoted names and parent codes', () => {
    const district = readAreaRows('districts', '35').find((row) => row.code === '35.29.22');
    expect(district).toEqual({ code: '35.29.22', parentCode: '35.29', name: 'Ra"as' });
  });

  it('filters by province without picking up look-alike codes', () => {
    const jakarta = readAreaRows('villages', '31');
    expect(jakarta).toHaveLength(267);
    expect(jakarta.every((row) => row.code.startsWith('31.') && row.parentCode?.startsWith('31.'))).toBe(
      true,
    );
  });
});

describe('loadRegionPrefixes', () => {
  it('holds all Indonesian provinces, regencies and districts, undotted, and is cached', () => {
    const prefixes = loadRegionPrefixes();
    expect(prefixes.provinces.size).toBe(38);
    expect(prefixes.provinces.has('31')).toBe(true);
    expect(prefixes.provinces.has('99')).toBe(false);
    expect(prefixes.regencies.has('3171')).toBe(true);
    expect(prefixes.regencies.has('3101')).toBe(true);
    expect(prefixes.regencies.has('3176')).toBe(false);
    expect(prefixes.districts.has('317101')).toBe(true);
    expect(prefixes.districts.has('352922')).toBe(true);
    expect(prefixes.districts.size).toBe(readAreaRows('districts').length);
    expect(loadRegionPrefixes()).toBe(prefixes);
  });
});
