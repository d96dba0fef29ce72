import type { Db } from '../../db/client.ts';
import { tuneBulkTransaction } from '../../db/tuning.ts';
import type { AppContext, SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { refreshRegionStats } from '../regions/statistics.service.ts';
import { refreshAfterRanking } from '../indicators/indicators.refresh.ts';
import { todayInJakarta } from './welfare.features.ts';
import { scoreExpressionSql } from './welfare.model.ts';
import { ensureDefaultModel } from './welfare.models.service.ts';
import { computeTargetingQuality, qualityCutoffs, type TargetingQuality } from './welfare.quality.ts';
import { countTargetingOutcomes, insertHouseholdScores } from './welfare.ranking.repository.ts';
import {
  findActiveModel,
  findModelByVersion,
  insertSnapshot,
  updateSnapshotQuality,
  type PmtModelRow,
} from './welfare.repository.ts';

/** Where targeting quality is measured against: the hidden consumption of the synthetic population. */
export const qualityReference = 'synthetic.household_truth';

/** Reports progress of a recompute: `done` of `total` phases, with the phase about to run. */
export type ProgressReporter = (done: number, total: number, message?: string) => void;

export interface RecomputeOptions {
  /** Model version to score with; the active model when absent. */
  modelVersion?: string;
  /** The snapshot's reference date (ages are computed on it); today in Jakarta when absent. */
  snapshotDate?: string;
  onProgress?: ProgressReporter;
}

export interface RecomputeResult {
  snapshotId: number;
  modelVersion: string;
  snapshotDate: string;
  householdCount: number;
  durationMs: number;
  /** Null when no household has a reference consumption (a real registry). */
  quality: TargetingQuality | null;
}

const phases = ['model', 'ranking (features, score, desil)', 'targeting quality', 'region statistics'];

/**
 * Scores every active household with one model in ONE set-based statement inside the database, assigns desil
 * 1–10 within the province and the extreme-poverty flag, and stores it all as a new dated snapshot (earlier
 * snapshots are kept). Then measures targeting quality against the hidden consumption when there is one.
 */
export async function recomputeWelfare(db: Db, options: RecomputeOptions = {}): Promise<RecomputeResult> {
  const started = performance.now();
  const progress = (phase: number) => options.onProgress?.(phase, phases.length, phases[phase] ?? 'done');
  progress(0);
  const model = await resolveModel(db, options.modelVersion);
  const snapshotDate = options.snapshotDate ?? todayInJakarta();
  const outcome = await db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    const snapshotId = await insertSnapshot(tx, model.id, snapshotDate);
    progress(1);
    const householdCount = await insertHouseholdScores(tx, {
      snapshotId,
      snapshotDate,
      score: scoreExpressionSql(model.intercept, model.coefficients),
      extremePovertyLine: Number(model.extremePovertyLine),
    });
    progress(2);
    const counts = await countTargetingOutcomes(tx, snapshotId, qualityCutoffs);
    const quality = computeTargetingQuality(counts, qualityReference);
    await updateSnapshotQuality(tx, snapshotId, quality);
    progress(3);
    // In the same transaction, so region figures and the snapshot they come from appear together.
    await refreshRegionStats(tx);
    await refreshAfterRanking(tx, snapshotId);
    return { snapshotId, householdCount, quality };
  });
  progress(4);
  return {
    ...outcome,
    modelVersion: model.version,
    snapshotDate,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The model to score with: the given version (404 when unknown) or the active one (the default if none). */
export async function resolveModel(db: Db, version?: string): Promise<PmtModelRow> {
  // The shipped default always exists, so naming it works on a fresh database too.
  await ensureDefaultModel(db);
  if (version === undefined) return (await findActiveModel(db))!;
  const model = await findModelByVersion(db, version);
  if (!model) throw notFound(`PMT model "${version}"`);
  return model;
}

/** Roles that may start a province-wide re-ranking (product.md §2: the TKPK secretariat configures targeting). */
export const recomputeRoles: readonly Role[] = ['secretariat'];

/**
 * Queues a recompute for a user: 403 for roles other than the secretariat, 404 for an unknown model version
 * (checked now, so the caller hears it rather than a failed job). Returns the job id.
 */
export async function requestRecompute(
  ctx: Pick<AppContext, 'database' | 'jobs'>,
  user: SessionUser,
  payload: { modelVersion?: string; snapshotDate?: string },
): Promise<number> {
  if (!recomputeRoles.includes(user.role)) {
    throw new AppError('FORBIDDEN', 'Only the TKPK secretariat may recompute the welfare ranking.');
  }
  if (payload.modelVersion !== undefined) await resolveModel(ctx.database.db, payload.modelVersion);
  const jobId = await ctx.jobs.enqueue('welfare.recompute', payload, user.id);
  // Eligibility and targeting follow a new ranking; jobs run one after another, so this one sees the new desil.
  await ctx.jobs.enqueue('targeting.recompute', { referenceDate: payload.snapshotDate }, user.id);
  return jobId;
}
