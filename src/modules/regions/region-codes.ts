import type { RegionLevel } from './regions.schema.ts';
import { readAreaRows } from './idn-area.ts';

/**
 * Kemendagri region codes: `31` province, `31.71` kota/kabupaten, `31.71.01` kecamatan, `31.71.01.1001`
 * kelurahan/desa (domain brief §1.1). Codes nest by prefix, so a region's ancestors are its code's prefixes.
 */
export const regionCodePattern = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

const levelByLength: Readonly<Record<number, RegionLevel>> = {
  2: 'province',
  5: 'kota',
  8: 'kecamatan',
  13: 'kelurahan',
};

/** True for a well-formed dotted Kemendagri code. */
export function isRegionCode(code: string): boolean {
  return regionCodePattern.test(code);
}

/** The level a well-formed code stands for (`31.71` → `kota`); undefined for a malformed code. */
export function levelOfCode(code: string): RegionLevel | undefined {
  return isRegionCode(code) ? levelByLength[code.length] : undefined;
}

/** The codes of a region's ancestors, from the province down (`31.71.01` → `['31', '31.71']`). */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The code without dots, as in a NIK or BPS-style string (`31.71.01` → `317101`). */
export function undotCode(code: string): string {
  return code.replaceAll('.', '');
}

/** Undotted Kemendagri prefixes of all Indonesia, for checking the region part of a NIK or KK number. */
export interface RegionPrefixes {
  provinces: Set<string>;
  regencies: Set<string>;
  districts: Set<string>;
}

let cachedPrefixes: RegionPrefixes | undefined;

/** The known province (`31`), regency (`3171`) and district (`317101`) prefixes; read once, then cached. */
export function loadRegionPrefixes(): RegionPrefixes {
  cachedPrefixes ??= {
    provinces: new Set(readAreaRows('provinces').map((row) => undotCode(row.code))),
    regencies: new Set(readAreaRows('regencies').map((row) => undotCode(row.code))),
    districts: new Set(readAreaRows('districts').map((row) => undotCode(row.code))),
  };
  return cachedPrefixes;
}
