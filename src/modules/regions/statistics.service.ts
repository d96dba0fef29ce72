import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import {
  kotaPovertySeries,
  povertyTargets,
  provincePovertySeries,
  type OfficialPovertyFigures,
  type PovertyTarget,
  type StatConfidence,
} from './official-stats.data.ts';
import { selectExistingCodes, selectRegion } from './regions.repository.ts';
import {
  refreshRegionStatsTable,
  selectPovertySeries,
  upsertOfficialStats,
  type NewOfficialPovertyStat,
} from './statistics.repository.ts';

const toNumeric = (value: number | null) => (value === null ? null : String(value));
const fromNumeric = (value: string | null) => (value === null ? null : Number(value));

function toStatRow(figures: OfficialPovertyFigures): NewOfficialPovertyStat {
  return {
    regionCode: figures.regionCode,
    period: `${figures.period}-01`,
    poorPersons: toNumeric(figures.poorPersons),
    p0: toNumeric(figures.p0),
    povertyLine: toNumeric(figures.povertyLine),
    p1: toNumeric(figures.p1),
    p2: toNumeric(figures.p2),
    source: figures.source,
    confidence: figures.confidence,
  };
}

/**
 * Loads the official BPS poverty series (province §5.1, kota §5.2 of the domain brief) for the regions that are
 * loaded; idempotent. Returns the number of rows written.
 */
export async function loadOfficialPovertyStats(db: Db): Promise<number> {
  const all = [...provincePovertySeries, ...kotaPovertySeries];
  const known = await selectExistingCodes(db, [...new Set(all.map((f) => f.regionCode))]);
  const rows = all.filter((f) => known.has(f.regionCode)).map(toStatRow);
  await upsertOfficialStats(db, rows);
  return rows.length;
}

/**
 * Recomputes the registry figures of every region (households, persons, desil counts, extreme poor) from the
 * registry and the latest welfare snapshot. Call after seeding, imports and each welfare recompute.
 */
export async function refreshRegionStats(db: Db): Promise<void> {
  await refreshRegionStatsTable(db);
}

/** One period of an official series, as numbers. */
export interface PovertySeriesPoint {
  period: string;
  poorPersons: number | null;
  p0: number | null;
  povertyLine: number | null;
  p1: number | null;
  p2: number | null;
  source: string;
  confidence: StatConfidence;
}

/** The official series of a region and its target band (null where none is set). Unknown region → NOT_FOUND. */
export async function getPovertyStatistics(db: Db, regionCode: string) {
  const place = await selectRegion(db, regionCode);
  if (!place) throw notFound(`Region ${regionCode}`);
  const rows = await selectPovertySeries(db, regionCode);
  const series: PovertySeriesPoint[] = rows.map((row) => ({
    period: row.period,
    poorPersons: fromNumeric(row.poorPersons),
    p0: fromNumeric(row.p0),
    povertyLine: fromNumeric(row.povertyLine),
    p1: fromNumeric(row.p1),
    p2: fromNumeric(row.p2),
    source: row.source,
    confidence: row.confidence,
  }));
  const target: PovertyTarget | null = povertyTargets.find((t) => t.regionCode === regionCode) ?? null;
  return { region: place, series, target };
}
