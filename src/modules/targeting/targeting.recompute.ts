/**
 * The targeting recompute (issue 3, part 6): every program's eligible set, then inclusion errors, exclusion
 * errors and overlaps, then the rollups — one transaction, so readers see the old figures or the new, never a
 * mix. The same statements, restricted to one household, run after a change to that household.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { tuneBulkTransaction, withIndexesDeferred } from '../../db/tuning.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { parseValidRule } from '../eligibility/eligibility.service.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import {
  clearDerived,
  dropWorkTables,
  insertEligibility,
  insertExclusionErrors,
  insertInclusionErrors,
  insertOverlaps,
  materializeFacts,
  materializeUnits,
  selectActiveProgramRules,
  type ActiveProgramRule,
} from './targeting.recompute.repository.ts';
import { refreshCoverageRollup, refreshTargetingRollup } from './targeting.rollup.repository.ts';

export type ProgressReporter = (done: number, total: number, message?: string) => void;

export interface TargetingRecomputeResult {
  runId: number;
  referenceDate: string;
  /** Eligible units per program code. */
  eligible: Record<string, number>;
  findings: { inclusion: number; exclusion: number; overlap: number };
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  durationMs: number;
}

/** Recomputes eligibility, findings and rollups for all of Jakarta; reports progress per phase and program. */
export async function recomputeTargeting(
  db: Db,
  options: { referenceDate?: string; onProgress?: ProgressReporter } = {},
): Promise<TargetingRecomputeResult> {
  const started = performance.now();
  const referenceDate = options.referenceDate ?? todayInJakarta();
  const programs = await selectActiveProgramRules(db);
  const total = programs.length + 4;
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, done: number, work: () => Promise<T>): Promise<T> => {
    options.onProgress?.(done, total, name);
    const t0 = performance.now();
    const result = await work();
    phases[name] = Math.round(performance.now() - t0);
    return result;
  };
  return db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    await timed('facts', 0, () => materializeFacts(tx, referenceDate));
    const eligible = await loadEligibleSets(tx, programs, referenceDate, (program, i, insert) =>
      timed(`eligibility ${program.code}`, i + 1, insert),
    );
    await timed('units', programs.length + 1, () => materializeUnits(tx, undefined));
    await timed('inclusion errors', programs.length + 1, () => insertInclusionErrors(tx, undefined));
    await timed('exclusion errors', programs.length + 1, () => insertExclusionErrors(tx, undefined));
    await timed('overlaps', programs.length + 1, () => insertOverlaps(tx));
    await timed('program rollup', programs.length + 2, () => refreshTargetingRollup(tx));
    await timed('coverage rollup', programs.length + 2, () => refreshCoverageRollup(tx));
    await dropWorkTables(tx);
    const findings = await countFindings(tx);
    const durationMs = Math.round(performance.now() - started);
    const runId = await insertRun(tx, referenceDate, { eligible, findings, phases, durationMs });
    options.onProgress?.(total, total, 'done');
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
  const programs = await selectActiveProgramRules(db);
  await db.transaction(async (tx) => {
    const before = await kelurahanOfDerived(tx, householdId);
    await materializeFacts(tx, referenceDate, householdId);
    await clearDerived(tx, householdId);
    for (const program of programs)
      await insertEligibility(tx, program, parseValidRule(program.ruleText, program.unit), referenceDate);
    const after = await kelurahanOfDerived(tx, householdId);
    const touched = [...new Set([...before, ...after])];
    await materializeUnits(tx, touched);
    await insertInclusionErrors(tx, householdId);
    await insertExclusionErrors(tx, householdId);
    await insertOverlaps(tx);
    await refreshTargetingRollup(tx, touched);
    await refreshCoverageRollup(tx, touched);
  });
}

/** Recomputes only the eligible sets (used before seeding synthetic enrolments). */
export async function recomputeEligibility(db: Db, referenceDate = todayInJakarta()): Promise<void> {
  const programs = await selectActiveProgramRules(db);
  await db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    await materializeFacts(tx, referenceDate);
    await loadEligibleSets(tx, programs, referenceDate);
    await dropWorkTables(tx);
  });
}

/**
 * Replaces every eligible set, read from the materialized facts: indexes rebuilt once after the load, then
 * statistics. `around` wraps each program's insert (timing, progress). Returns the units per program.
 */
async function loadEligibleSets(
  tx: Db,
  programs: readonly ActiveProgramRule[],
  referenceDate: string,
  around: (program: ActiveProgramRule, index: number, insert: () => Promise<number>) => Promise<number> = (
    _p,
    _i,
    insert,
  ) => insert(),
): Promise<Record<string, number>> {
  await clearDerived(tx, undefined);
  const eligible: Record<string, number> = {};
  await withIndexesDeferred(tx, 'eligibility_result', async () => {
    for (const [i, program] of programs.entries()) {
      const ast = parseValidRule(program.ruleText, program.unit);
      eligible[program.code] = await around(program, i, () =>
        insertEligibility(tx, program, ast, referenceDate),
      );
    }
  });
  await tx.execute(sql`ANALYZE eligibility_result`);
  return eligible;
}

async function kelurahanOfDerived(tx: Db, householdId: number): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    tx,
    sql`SELECT kelurahan_code AS code FROM household WHERE id = ${householdId}
        UNION SELECT kelurahan_code FROM eligibility_result WHERE household_id = ${householdId}
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
