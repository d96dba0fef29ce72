/**
 * The targeting recompute (issue 3, part 6): every program's eligible set, then inclusion errors, exclusion
 * errors and overlaps, then the rollups — one transaction, so readers see the old figures or the new, never a
 * mix. The same statements, restricted to one household, run after a change to that household.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { tuneBulkTransaction, withIndexesDeferred, withParallelScans } from '../../db/tuning.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import {
  insertExclusionErrors,
  insertInclusionErrors,
  insertOverlaps,
} from './targeting.findings.repository.ts';
import {
  clearDerived,
  dropWorkTables,
  materializeBits,
  materializeEligibleFromFacts,
  materializeEligibleFromResults,
  materializeEnrolled,
  materializeFacts,
  materializeUnits,
  ProgramMasks,
  selectPrograms,
  writeEligibility,
} from './targeting.recompute.repository.ts';
import { refreshCoverageRollup, refreshTargetingRollup } from './targeting.rollup.repository.ts';
import { refreshAfterTargeting } from '../indicators/indicators.refresh.ts';

export type ProgressReporter = (done: number, total: number, message?: string) => void;

export interface TargetingRecomputeResult {
  runId: number;
  referenceDate: string;
  /** Eligible units per program code (programs with an active rule). */
  eligible: Record<string, number>;
  findings: { inclusion: number; exclusion: number; overlap: number };
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  durationMs: number;
}

/** Recomputes eligibility, findings and rollups for all of Jakarta; reports progress per phase. */
export async function recomputeTargeting(
  db: Db,
  options: { referenceDate?: string; onProgress?: ProgressReporter } = {},
): Promise<TargetingRecomputeResult> {
  const started = performance.now();
  const referenceDate = options.referenceDate ?? todayInJakarta();
  const masks = new ProgramMasks(await selectPrograms(db));
  const steps = [
    'facts',
    'eligibility',
    'eligible sets',
    'ledger',
    'units',
    'inclusion errors',
    'exclusion errors',
    'overlaps',
    'program rollup',
    'coverage rollup',
    'indicators',
  ] as const;
  const phases: Record<string, number> = {};
  const timed = async (name: (typeof steps)[number], work: () => Promise<unknown>): Promise<void> => {
    options.onProgress?.(steps.indexOf(name), steps.length, name);
    const t0 = performance.now();
    await work();
    phases[name] = Math.round(performance.now() - t0);
  };
  return db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    await materializeBits(tx, masks);
    await timed('facts', () => withParallelScans(tx, () => materializeFacts(tx, referenceDate)));
    await timed('eligibility', () => materializeEligibleFromFacts(tx, masks, referenceDate));
    await timed('eligible sets', () => storeEligibleSets(tx));
    await timed('ledger', () => withParallelScans(tx, () => materializeEnrolled(tx, masks, undefined)));
    await timed('units', () => materializeUnits(tx, masks));
    await timed('inclusion errors', () => insertInclusionErrors(tx, masks, undefined));
    await timed('exclusion errors', () => insertExclusionErrors(tx, masks, undefined));
    await timed('overlaps', () => insertOverlaps(tx, undefined));
    await timed('program rollup', () => refreshTargetingRollup(tx));
    await timed('coverage rollup', () => refreshCoverageRollup(tx));
    // Indicators that read the rollups just built (desil-1 coverage) and data freshness, in the same transaction.
    await timed('indicators', () => refreshAfterTargeting(tx));
    await dropWorkTables(tx);
    const eligible = await countEligible(tx, masks);
    const findings = await countFindings(tx);
    const durationMs = Math.round(performance.now() - started);
    // The rule versions the eligible sets were computed with (eligible_unit keeps only the program codes).
    const rules = Object.fromEntries(
      masks.programs.flatMap((p) => (p.rule ? [[p.code, p.rule.version]] : [])),
    );
    const runId = await insertRun(tx, referenceDate, { eligible, rules, findings, phases, durationMs });
    options.onProgress?.(steps.length, steps.length, 'done');
    return { runId, referenceDate, eligible, findings, phases, durationMs };
  });
}

/**
 * Reflects a change to one household at once: its eligibility for every program, its findings, and the rollups
 * of the kelurahan it was and is in.
 */
export async function refreshHouseholdTargeting(
  db: Db,
  householdId: number,
  referenceDate = todayInJakarta(),
): Promise<void> {
  const masks = new ProgramMasks(await selectPrograms(db));
  await db.transaction(async (tx) => {
    const before = await kelurahanOfDerived(tx, householdId);
    await materializeBits(tx, masks);
    await materializeFacts(tx, referenceDate, householdId);
    await materializeEligibleFromFacts(tx, masks, referenceDate);
    await clearDerived(tx, householdId);
    await writeEligibility(tx);
    const after = await kelurahanOfDerived(tx, householdId);
    const touched = [...new Set([...before, ...after])];
    await materializeEligibleFromResults(tx, touched);
    await materializeEnrolled(tx, masks, touched);
    await materializeUnits(tx, masks);
    await insertInclusionErrors(tx, masks, householdId);
    await insertExclusionErrors(tx, masks, householdId);
    await insertOverlaps(tx, householdId);
    await refreshTargetingRollup(tx, touched);
    await refreshCoverageRollup(tx, touched);
    await dropWorkTables(tx);
  });
}

/** Recomputes only the eligible sets (used before seeding synthetic enrolments). */
export async function recomputeEligibility(db: Db, referenceDate = todayInJakarta()): Promise<void> {
  const masks = new ProgramMasks(await selectPrograms(db));
  await db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    await materializeBits(tx, masks);
    await withParallelScans(tx, () => materializeFacts(tx, referenceDate));
    await materializeEligibleFromFacts(tx, masks, referenceDate);
    await storeEligibleSets(tx);
    await dropWorkTables(tx);
  });
}

/** Replaces the eligible units with tgt_elig: indexes rebuilt once after the load, then statistics. */
async function storeEligibleSets(tx: Db): Promise<void> {
  await clearDerived(tx, undefined);
  await withIndexesDeferred(tx, 'eligible_unit', () => writeEligibility(tx));
  await tx.execute(sql`ANALYZE eligible_unit`);
}

/** Eligible units per program with an active rule, from the rollup just built. */
async function countEligible(tx: Db, masks: ProgramMasks): Promise<Record<string, number>> {
  const rows = await queryRows<{ code: string; n: number }>(
    tx,
    sql`SELECT program_code AS code, sum(eligible)::int AS n FROM targeting_rollup GROUP BY program_code`,
  );
  const counts = new Map(rows.map((r) => [r.code, r.n]));
  return Object.fromEntries(
    masks.programs.filter((p) => p.rule !== null).map((p) => [p.code, counts.get(p.code) ?? 0]),
  );
}

async function kelurahanOfDerived(tx: Db, householdId: number): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    tx,
    sql`SELECT kelurahan_code AS code FROM household WHERE id = ${householdId}
        UNION SELECT kelurahan_code FROM eligible_unit WHERE household_id = ${householdId}
        UNION SELECT kelurahan_code FROM targeting_finding WHERE household_id = ${householdId}`,
  );
  return rows.map((r) => r.code);
}

async function countFindings(tx: Db) {
  const rows = await queryRows<{ kind: 'inclusion' | 'exclusion' | 'overlap'; n: number }>(
    tx,
    sql`SELECT kind, count(*)::int AS n FROM targeting_finding GROUP BY kind`,
  );
  const findings = { inclusion: 0, exclusion: 0, overlap: 0 };
  for (const row of rows) findings[row.kind] = row.n;
  return findings;
}

async function insertRun(tx: Db, referenceDate: string, stats: unknown): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO targeting_run (reference_date, snapshot_id, finished_at, stats)
        VALUES (${referenceDate}, ${latestSnapshotId}, now(), ${JSON.stringify(stats)}::jsonb) RETURNING id`,
  );
  return row!.id;
}
