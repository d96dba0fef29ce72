import { count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from './welfare.schema.ts';

export type PmtModelRow = typeof pmtModel.$inferSelect;
export type NewPmtModel = typeof pmtModel.$inferInsert;
export type WelfareSnapshotRow = typeof welfareSnapshot.$inferSelect;

/** Inserts a model; returns nothing when the version already exists (idempotent seeding). */
export async function insertModelIfAbsent(db: Db, values: NewPmtModel): Promise<PmtModelRow | undefined> {
  const [row] = await db.insert(pmtModel).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertModel(db: Db, values: NewPmtModel): Promise<PmtModelRow> {
  const [row] = await db.insert(pmtModel).values(values).returning();
  return row!;
}

export async function findModelByVersion(db: Db, version: string): Promise<PmtModelRow | undefined> {
  const [row] = await db.select().from(pmtModel).where(eq(pmtModel.version, version));
  return row;
}

export async function findActiveModel(db: Db): Promise<PmtModelRow | undefined> {
  const [row] = await db
    .select()
    .from(pmtModel)
    .where(eq(pmtModel.isActive, true))
    .orderBy(desc(pmtModel.id))
    .limit(1);
  return row;
}

export function selectModels(db: Db): Promise<PmtModelRow[]> {
  return db.select().from(pmtModel).orderBy(desc(pmtModel.createdAt), desc(pmtModel.id));
}

/** Makes one model the only active one (a single statement, so there is never zero or two). */
export async function activateModel(db: Db, id: number): Promise<void> {
  await db.update(pmtModel).set({ isActive: sql`${pmtModel.id} = ${id}` });
}

export async function insertSnapshot(db: Db, modelId: number, snapshotDate: string): Promise<number> {
  const [row] = await db
    .insert(welfareSnapshot)
    .values({ modelId, snapshotDate, householdCount: 0 })
    .returning({ id: welfareSnapshot.id });
  return row!.id;
}

export async function updateSnapshotQuality(db: Db, snapshotId: number, quality: unknown): Promise<void> {
  await db.update(welfareSnapshot).set({ quality }).where(eq(welfareSnapshot.id, snapshotId));
}

/** A snapshot with the version of the model that produced it. */
export type SnapshotWithModel = WelfareSnapshotRow & { modelVersion: string };

const snapshotColumns = {
  id: welfareSnapshot.id,
  modelId: welfareSnapshot.modelId,
  snapshotDate: welfareSnapshot.snapshotDate,
  computedAt: welfareSnapshot.computedAt,
  householdCount: welfareSnapshot.householdCount,
  quality: welfareSnapshot.quality,
  modelVersion: pmtModel.version,
};

/** Snapshots, latest first (by snapshot date, then by computation). */
export function selectSnapshots(db: Db, limit: number, offset: number): Promise<SnapshotWithModel[]> {
  return db
    .select(snapshotColumns)
    .from(welfareSnapshot)
    .innerJoin(pmtModel, eq(pmtModel.id, welfareSnapshot.modelId))
    .orderBy(desc(welfareSnapshot.snapshotDate), desc(welfareSnapshot.id))
    .limit(limit)
    .offset(offset);
}

export async function countSnapshots(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(welfareSnapshot);
  return row!.n;
}

export async function findSnapshotById(db: Db, id: number): Promise<SnapshotWithModel | undefined> {
  const [row] = await db
    .select(snapshotColumns)
    .from(welfareSnapshot)
    .innerJoin(pmtModel, eq(pmtModel.id, welfareSnapshot.modelId))
    .where(eq(welfareSnapshot.id, id));
  return row;
}

/** Households and extreme-poor flags per desil in one snapshot (aggregates only). */
export function selectDesilDistribution(
  db: Db,
  snapshotId: number,
): Promise<{ desil: number; households: number; extremePoor: number }[]> {
  return db
    .select({
      desil: householdWelfare.desil,
      households: count(),
      extremePoor: sql<number>`count(*) FILTER (WHERE ${householdWelfare.isExtremePoor})::int`,
    })
    .from(householdWelfare)
    .where(eq(householdWelfare.snapshotId, snapshotId))
    .groupBy(householdWelfare.desil)
    .orderBy(householdWelfare.desil);
}
