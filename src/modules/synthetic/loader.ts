import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BulkSession } from '../../db/client.ts';
import type { PopulationBatch } from './records.ts';
import { batchToCsv, copyTargets, type CopyTarget } from './writer.ts';

/** Households per COPY round: large enough to amortise a statement, small enough to keep memory flat. */
const householdsPerCopy = 4000;

type CsvUnit = Record<CopyTarget, string[]>;

const emptyUnit = (): CsvUnit => ({ household: [], person: [], member: [], truth: [], duplicate: [] });

/** COPYs one unit, table by table in dependency order (households and persons before memberships). */
async function copyUnit(session: BulkSession, unit: CsvUnit): Promise<void> {
  for (const target of ['household', 'person', 'member', 'truth', 'duplicate'] as const) {
    if (unit[target].length === 0) continue;
    const { table, columns } = copyTargets[target];
    await session.copyCsv(table, columns, unit[target]);
  }
}

/**
 * Streams generated batches into the database. Generation and loading overlap: while the database ingests one
 * unit, the next is generated, yielding to the event loop after every batch so the COPY stream keeps flowing.
 * At most two units are held in memory. `onBatch` is told after each batch is generated.
 */
export async function loadBatches(
  session: BulkSession,
  batches: Iterable<PopulationBatch>,
  onBatch: (batch: PopulationBatch) => void,
): Promise<void> {
  let unit = emptyUnit();
  let unitHouseholds = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    for (const batch of batches) {
      const csv = batchToCsv(batch);
      for (const target of Object.keys(csv) as CopyTarget[]) if (csv[target]) unit[target].push(csv[target]);
      unitHouseholds += batch.households.length;
      onBatch(batch);
      if (unitHouseholds >= householdsPerCopy) {
        await pending;
        pending = copyUnit(session, unit);
        // Marked handled now; the failure surfaces at the next `await pending`.
        pending.catch(() => undefined);
        unit = emptyUnit();
        unitHouseholds = 0;
      }
      await nextTurn();
    }
    await pending;
    await copyUnit(session, unit);
  } finally {
    // Never leave a COPY running on the session when the transaction ends.
    await pending.catch(() => undefined);
  }
}
