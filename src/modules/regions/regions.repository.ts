import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { region, regionBoundary, regionStat, type RegionLevel } from './regions.schema.ts';

export type NewRegion = typeof region.$inferInsert;
export type NewRegionBoundary = typeof regionBoundary.$inferInsert;

/** Rows per multi-row INSERT: far below PostgreSQL's 65,535 bind parameters. */
const BATCH_SIZE = 1000;

/** Inserts or updates regions by code (one multi-row upsert per batch, one transaction). */
export async function upsertRegions(db: Db, rows: readonly NewRegion[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      await tx
        .insert(region)
        .values(rows.slice(i, i + BATCH_SIZE))
        .onConflictDoUpdate({
          target: region.code,
          set: {
            parentCode: sql`excluded.parent_code`,
            level: sql`excluded.level`,
            name: sql`excluded.name`,
            bpsCode: sql`excluded.bps_code`,
            isPriority: sql`excluded.is_priority`,
          },
        });
    }
  });
}

/** Inserts or replaces boundaries by region code, in one transaction. */
export async function upsertBoundaries(db: Db, rows: readonly NewRegionBoundary[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      await tx
        .insert(regionBoundary)
        .values(rows.slice(i, i + BATCH_SIZE))
        .onConflictDoUpdate({
          target: regionBoundary.regionCode,
          set: {
            geometry: sql`excluded.geometry`,
            centroidLng: sql`excluded.centroid_lng`,
            centroidLat: sql`excluded.centroid_lat`,
            source: sql`excluded.source`,
            loadedAt: sql`now()`,
          },
        });
    }
  });
}

/** One region by code, without figures; undefined when unknown. */
export async function selectRegion(db: Db, code: string) {
  const [row] = await db
    .select({ code: region.code, name: region.name, level: region.level, parentCode: region.parentCode })
    .from(region)
    .where(eq(region.code, code));
  return row;
}

/** The subset of `codes` that exist as regions. */
export async function selectExistingCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: region.code })
    .from(region)
    .where(inArray(region.code, [...codes]));
  return new Set(rows.map((row) => row.code));
}

const regionWithStatColumns = {
  code: region.code,
  parentCode: region.parentCode,
  level: region.level,
  name: region.name,
  bpsCode: region.bpsCode,
  isPriority: region.isPriority,
  hasBoundary: sql<boolean>`EXISTS (SELECT 1 FROM region_boundary b WHERE b.region_code = ${region.code})`,
  households: regionStat.households,
  persons: regionStat.persons,
  desilCounts: regionStat.desilCounts,
  extremePoorHouseholds: regionStat.extremePoorHouseholds,
  snapshotId: regionStat.snapshotId,
  refreshedAt: regionStat.refreshedAt,
};

/** A region with its registry figures (null figures before the first refresh). */
export type RegionWithStatRow = Awaited<ReturnType<typeof selectRegionsWithStats>>[number];

/** Regions matching `condition`, with their figures, ordered by code. */
export function selectRegionsWithStats(db: Db, condition: SQL | undefined) {
  return db
    .select(regionWithStatColumns)
    .from(region)
    .leftJoin(regionStat, eq(regionStat.regionCode, region.code))
    .where(condition)
    .orderBy(asc(region.code));
}

/** Condition: the region `code` itself or any region inside it. */
export function isWithin(code: string): SQL {
  return or(eq(region.code, code), like(region.code, `${code}.%`))!;
}

/** Condition: regions at `level` inside (or equal to) `code`. */
export function isWithinAtLevel(code: string, level: RegionLevel): SQL {
  return and(eq(region.level, level), isWithin(code))!;
}

/** Condition: the direct children of `code`. */
export function isChildOf(code: string): SQL {
  return eq(region.parentCode, code);
}

/** Condition: the regions with these codes. */
export function hasCodeIn(codes: readonly string[]): SQL {
  return inArray(region.code, [...codes]);
}

/** Regions at `level` inside `code` that have a boundary, with their geometry, centroid and figures. */
export function selectMapFeatures(db: Db, code: string, level: RegionLevel) {
  return db
    .select({
      ...regionWithStatColumns,
      geometry: regionBoundary.geometry,
      centroidLng: regionBoundary.centroidLng,
      centroidLat: regionBoundary.centroidLat,
    })
    .from(region)
    .innerJoin(regionBoundary, eq(regionBoundary.regionCode, region.code))
    .leftJoin(regionStat, eq(regionStat.regionCode, region.code))
    .where(isWithinAtLevel(code, level))
    .orderBy(asc(region.code));
}
