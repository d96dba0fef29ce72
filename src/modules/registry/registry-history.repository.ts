import { and, asc, desc, eq, gt, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appUser } from '../access/access.schema.ts';
import { region } from '../regions/regions.schema.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';
import { householdVersion } from './registry.schema.ts';
import type { HouseholdState } from './registry.state.ts';

/** A stored version of a household: the state it had and the change that replaced it. */
export interface HouseholdVersionRow {
  version: number;
  validFrom: string;
  validTo: string;
  snapshot: HouseholdState;
  changedBy: number | null;
  changeSource: string;
  changeReason: string | null;
}

function toVersionRow(row: typeof householdVersion.$inferSelect): HouseholdVersionRow {
  return {
    version: row.version,
    validFrom: row.validFrom.toISOString(),
    validTo: row.validTo.toISOString(),
    snapshot: row.snapshot as HouseholdState,
    changedBy: row.changedBy,
    changeSource: row.changeSource,
    changeReason: row.changeReason,
  };
}

/** The stored version of a household that was valid at `asOf` (validFrom ≤ asOf < validTo). */
export async function findVersionCovering(db: Db, householdId: number, asOf: string) {
  const at = new Date(asOf);
  const [row] = await db
    .select()
    .from(householdVersion)
    .where(
      and(
        eq(householdVersion.householdId, householdId),
        lte(householdVersion.validFrom, at),
        gt(householdVersion.validTo, at),
      ),
    )
    .limit(1);
  return row ? toVersionRow(row) : null;
}

/** All stored versions of a household, oldest first. */
export async function listHouseholdVersions(db: Db, householdId: number): Promise<HouseholdVersionRow[]> {
  const rows = await db
    .select()
    .from(householdVersion)
    .where(eq(householdVersion.householdId, householdId))
    .orderBy(asc(householdVersion.version));
  return rows.map(toVersionRow);
}

/** When the household's first version began (the oldest stored version), or null when it has none stored. */
export async function findFirstValidFrom(db: Db, householdId: number): Promise<string | null> {
  const [row] = await db
    .select({ first: min(householdVersion.validFrom) })
    .from(householdVersion)
    .where(eq(householdVersion.householdId, householdId));
  return row?.first ? new Date(row.first).toISOString() : null;
}

/** One ranking of a household: its desil, score and extreme-poverty flag in a dated snapshot. */
export interface WelfareRow {
  snapshotId: number;
  snapshotDate: string;
  modelVersion: string;
  desil: number;
  score: number;
  isExtremePoor: boolean;
}

/** The household's rankings, newest first; with `asOfDate`, only snapshots dated on or before it. */
export async function listWelfareHistory(
  db: Db,
  householdId: number,
  asOfDate?: string,
): Promise<WelfareRow[]> {
  return db
    .select({
      snapshotId: welfareSnapshot.id,
      snapshotDate: welfareSnapshot.snapshotDate,
      modelVersion: pmtModel.version,
      desil: householdWelfare.desil,
      score: householdWelfare.score,
      isExtremePoor: householdWelfare.isExtremePoor,
    })
    .from(householdWelfare)
    .innerJoin(welfareSnapshot, eq(welfareSnapshot.id, householdWelfare.snapshotId))
    .innerJoin(pmtModel, eq(pmtModel.id, welfareSnapshot.modelId))
    .where(
      and(
        eq(householdWelfare.householdId, householdId),
        asOfDate === undefined ? undefined : lte(welfareSnapshot.snapshotDate, asOfDate),
      ),
    )
    .orderBy(desc(welfareSnapshot.snapshotDate), desc(welfareSnapshot.id));
}

export interface RegionName {
  code: string;
  name: string;
  level: string;
}

/** A kelurahan and its ancestors (kecamatan, kota, province), by code prefix. */
export async function findRegionPath(db: Db, kelurahanCode: string): Promise<RegionName[]> {
  const parts = kelurahanCode.split('.');
  const codes = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  return db
    .select({ code: region.code, name: region.name, level: region.level })
    .from(region)
    .where(inArray(region.code, codes))
    .orderBy(sql`length(${region.code})`);
}

/** Display names of users, for provenance and history ("changed by"). */
export async function findUserNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: appUser.id, name: appUser.displayName })
    .from(appUser)
    .where(inArray(appUser.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
