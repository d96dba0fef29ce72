import type { RegionWithStatRow } from './regions.repository.ts';
import type { RegionLevel } from './regions.schema.ts';

/** Registry figures of a region (aggregates, not personal data). */
export interface RegionStats {
  households: number;
  persons: number;
  /** Households per desil 1..10 in the latest welfare snapshot (index 0 = desil 1). */
  desilCounts: number[];
  extremePoorHouseholds: number;
  /** Share of ranked households in desil 1–4 (0..1); null when no household is ranked. */
  desil1to4Share: number | null;
  snapshotId: number | null;
  /** When the figures were computed; null before the first refresh. */
  refreshedAt: string | null;
}

/** A region as the API shows it. */
export interface RegionSummary {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  bpsCode: string | null;
  isPriority: boolean;
  hasBoundary: boolean;
  stats: RegionStats;
}

/** The figures of a row; zeros before the first refresh. */
export function presentStats(row: RegionWithStatRow): RegionStats {
  const desilCounts = row.desilCounts ?? Array.from({ length: 10 }, () => 0);
  const ranked = desilCounts.reduce((sum, n) => sum + n, 0);
  const lowest = desilCounts.slice(0, 4).reduce((sum, n) => sum + n, 0);
  return {
    households: row.households ?? 0,
    persons: row.persons ?? 0,
    desilCounts,
    extremePoorHouseholds: row.extremePoorHouseholds ?? 0,
    desil1to4Share: ranked === 0 ? null : lowest / ranked,
    snapshotId: row.snapshotId,
    refreshedAt: row.refreshedAt ? row.refreshedAt.toISOString() : null,
  };
}

/** A region with its figures. */
export function presentRegion(row: RegionWithStatRow): RegionSummary {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    bpsCode: row.bpsCode,
    isPriority: row.isPriority,
    hasBoundary: Boolean(row.hasBoundary),
    stats: presentStats(row),
  };
}

/** A breadcrumb entry. */
export function presentAncestor(row: RegionWithStatRow) {
  return { code: row.code, name: row.name, level: row.level };
}

/** A map feature: geometry plus the figures a choropleth colours by. */
export function presentMapFeature(
  row: RegionWithStatRow & { geometry: unknown; centroidLng: number | null; centroidLat: number | null },
) {
  // Stored only after validation as a Polygon or MultiPolygon (boundaries.service.ts).
  const geometry = row.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
  const stats = presentStats(row);
  return {
    type: 'Feature' as const,
    geometry,
    properties: {
      code: row.code,
      name: row.name,
      isPriority: row.isPriority,
      centroid:
        row.centroidLng === null || row.centroidLat === null ? null : [row.centroidLng, row.centroidLat],
      households: stats.households,
      persons: stats.persons,
      extremePoorHouseholds: stats.extremePoorHouseholds,
      desil1to4Share: stats.desil1to4Share,
    },
  };
}
