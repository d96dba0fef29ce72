import type { Db } from '../../db/client.ts';
import { notFound, validationError } from '../../http/errors.ts';
import { readAreaRows, type AreaFile, type AreaRow } from './idn-area.ts';
import { ancestorCodes } from './region-codes.ts';
import { kotaBpsCodes, priorityKecamatan } from './regions.data.ts';
import {
  hasCodeIn,
  isChildOf,
  isWithinAtLevel,
  selectMapFeatures,
  selectRegion,
  selectRegionsWithStats,
  upsertRegions,
  type NewRegion,
  type RegionWithStatRow,
} from './regions.repository.ts';
import type { RegionLevel } from './regions.schema.ts';
import { loadOfficialPovertyStats, refreshRegionStats } from './statistics.service.ts';
import { loadIndicatorData } from '../indicators/indicators.repository.ts';

/** How many regions of each level a load wrote. */
export type RegionLoadCounts = Record<RegionLevel, number>;

const priorityCodes = new Set(priorityKecamatan.map((k) => k.code));

const levelOfFile: Record<Exclude<AreaFile, 'provinces'>, RegionLevel> = {
  regencies: 'kota',
  districts: 'kecamatan',
  villages: 'kelurahan',
};

function toRegion(row: AreaRow, level: RegionLevel): NewRegion {
  return {
    code: row.code,
    parentCode: row.parentCode,
    level,
    name: row.name,
    bpsCode: kotaBpsCodes[row.code] ?? null,
    isPriority: priorityCodes.has(row.code),
  };
}

/**
 * Loads (or refreshes) a province's Kemendagri hierarchy from `idn-area-data`: province → kota/kabupaten →
 * kecamatan → kelurahan/desa, with Jakarta's kota BPS codes and 2025 priority kecamatan. Idempotent.
 * An unknown province code is a VALIDATION_FAILED error.
 */
export async function loadProvinceRegions(db: Db, provinceCode: string): Promise<RegionLoadCounts> {
  const province = readAreaRows('provinces').find((row) => row.code === provinceCode);
  if (!province) {
    throw validationError(
      [
        {
          path: 'provinceCode',
          reason: 'unknown_province',
          message: `No province has the code "${provinceCode}".`,
        },
      ],
      `Unknown province code "${provinceCode}".`,
    );
  }
  const rows = [toRegion(province, 'province')];
  for (const [file, level] of Object.entries(levelOfFile) as [AreaFile, RegionLevel][]) {
    rows.push(...readAreaRows(file, provinceCode).map((row) => toRegion(row, level)));
  }
  await upsertRegions(db, rows);
  const counts: RegionLoadCounts = { province: 0, kota: 0, kecamatan: 0, kelurahan: 0 };
  for (const row of rows) counts[row.level] += 1;
  return counts;
}

/**
 * Everything a province needs before use: its regions, the official statistics that refer to them, and a
 * `region_stat` row for every region. Idempotent; the start-up path and `tepat regions load` call it.
 */
export async function loadProvince(db: Db, provinceCode: string) {
  const regions = await loadProvinceRegions(db, provinceCode);
  const officialStats = await loadOfficialPovertyStats(db);
  await loadIndicatorData(db);
  await refreshRegionStats(db);
  return { regions, officialStats };
}

async function requireRegion(db: Db, code: string) {
  const found = await selectRegion(db, code);
  if (!found) throw notFound(`Region ${code}`);
  return found;
}

/**
 * Regions with their figures: the children of `parent`, or with `level` every region at that level inside
 * `parent` (the parent included). `parent` defaults to the configured province.
 */
export async function listRegions(
  db: Db,
  query: { parent?: string | undefined; level?: RegionLevel | undefined },
  defaultParent: string,
): Promise<RegionWithStatRow[]> {
  const parent = query.parent ?? defaultParent;
  await requireRegion(db, parent);
  return selectRegionsWithStats(db, query.level ? isWithinAtLevel(parent, query.level) : isChildOf(parent));
}

/** A region with its figures, its ancestors (province first) and its children. Unknown code → NOT_FOUND. */
export async function getRegionDetail(db: Db, code: string) {
  const [found] = await selectRegionsWithStats(db, hasCodeIn([code]));
  if (!found) throw notFound(`Region ${code}`);
  const ancestors = await selectRegionsWithStats(db, hasCodeIn(ancestorCodes(code)));
  const children = await selectRegionsWithStats(db, isChildOf(code));
  return { region: found, ancestors, children };
}

/** The regions at `level` inside `code` that have a boundary, with geometry and figures. */
export async function getRegionMap(db: Db, code: string, level: RegionLevel) {
  await requireRegion(db, code);
  return selectMapFeatures(db, code, level);
}
