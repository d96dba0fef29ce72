import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Reads the Kemendagri area lists of the npm package `idn-area-data` (Kepmendagri 300.2.2-2138/2025; data under
 * the ODbL, attribution required). The package is ESM for node ≥ 22, so we read its CSV files instead of
 * importing it (domain brief §1.4).
 */
const packageJsonPath = createRequire(import.meta.url).resolve('idn-area-data/package.json');
const dataDir = path.join(path.dirname(packageJsonPath), 'data');

/** Name and version of the source, e.g. `idn-area-data 4.0.1`. */
export function describeAreaSource(): string {
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  return `idn-area-data ${version}`;
}

export type AreaFile = 'provinces' | 'regencies' | 'districts' | 'villages';

/** One area: dotted Kemendagri code, its parent's code (null for a province) and its name. */
export interface AreaRow {
  code: string;
  parentCode: string | null;
  name: string;
}

const parentColumn: Record<AreaFile, string | null> = {
  provinces: null,
  regencies: 'province_code',
  districts: 'regency_code',
  villages: 'district_code',
};

/**
 * Reads one area list; with `codePrefix` (e.g. `31`), only the areas inside that region. Lines are pre-filtered
 * on the code (the first column, never quoted, one record per line) so a province loads without parsing 83k villages.
 */
export function readAreaRows(area: AreaFile, codePrefix?: string): AreaRow[] {
  let text = readFileSync(path.join(dataDir, `${area}.csv`), 'utf8');
  if (codePrefix !== undefined) {
    const [header = '', ...lines] = text.split(/\r?\n/);
    text = [header, ...lines.filter((line) => line.startsWith(`${codePrefix}.`))].join('\n');
  }
  const records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true });
  const column = parentColumn[area];
  return records.map((record) => ({
    code: record.code ?? '',
    parentCode: column ? (record[column] ?? null) : null,
    name: record.name ?? '',
  }));
}
