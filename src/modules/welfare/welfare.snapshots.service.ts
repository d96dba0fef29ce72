import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import {
  countSnapshots,
  findSnapshotById,
  selectDesilDistribution,
  selectSnapshots,
  type SnapshotWithModel,
} from './welfare.repository.ts';

/** Snapshots, latest first (snapshot date, then computation order), one page at a time. */
export async function listSnapshots(
  db: Db,
  page: number,
  pageSize: number,
): Promise<{ items: SnapshotWithModel[]; total: number }> {
  const [items, total] = await Promise.all([
    selectSnapshots(db, pageSize, (page - 1) * pageSize),
    countSnapshots(db),
  ]);
  return { items, total };
}

/** The latest snapshot (what "current desil" means everywhere), or undefined before the first recompute. */
export async function findLatestSnapshot(db: Db): Promise<SnapshotWithModel | undefined> {
  const [latest] = await selectSnapshots(db, 1, 0);
  return latest;
}

/** One snapshot with its desil distribution (households and extreme-poor flags per desil); 404 if unknown. */
export async function getSnapshotDetail(db: Db, id: number) {
  const snapshot = await findSnapshotById(db, id);
  if (!snapshot) throw notFound(`Welfare snapshot ${id}`);
  const desils = await selectDesilDistribution(db, id);
  return { snapshot, desils };
}
