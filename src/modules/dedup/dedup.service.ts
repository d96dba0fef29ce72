import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tuneBulkTransaction } from '../../db/tuning.ts';
import { dedupRun } from './dedup.schema.ts';
import { mergePairs } from './dedup.merge.ts';
import {
  comparisonFields,
  estimateParameters,
  estimateU,
  matchProbability,
  patternScore,
  thresholds,
  type PatternCount,
} from './dedup.model.ts';
import {
  autoMergeablePairs,
  materializeCandidates,
  materializePersons,
  patternCounts,
  storePairs,
} from './dedup.repository.ts';

export interface DedupOptions {
  /** Limit the run to pairs involving these persons (e.g. the persons of an import); all persons otherwise. */
  personIds?: readonly number[];
  startedBy?: number | null;
  /** Merge pairs above the auto-merge threshold (default true). */
  autoMerge?: boolean;
  progress?: (done: number, total: number, message: string) => void;
}

export interface DedupResult {
  runId: number;
  personsConsidered: number;
  pairsCompared: number;
  blockPairs: Record<string, number>;
  review: number;
  autoMerged: number;
  seconds: number;
}

const steps = 5;

/** NIK equal or one digit off, and names at least similar (levels in `comparisonFields`). */
const isPossibleMatch = (p: PatternCount) => p.pattern[0]! >= 1 && p.pattern[1]! >= 1;
/** The lowest level each field can have on a possible pair (same order as `comparisonFields`). */
const possibleDomain = [1, 1, 0, 0, 0];

/**
 * Runs deduplication: blocking and comparison in SQL, EM on the pattern counts, scoring, storing the pairs worth
 * a look, and merging the unambiguous pairs above the auto-merge threshold. One transaction: a failed run leaves
 * only its `dedup_run` row, marked failed.
 */
export async function runDeduplication(db: Db, options: DedupOptions = {}): Promise<DedupResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => {});
  const [run] = await db
    .insert(dedupRun)
    .values({ scope: options.personIds ? 'persons' : 'all', startedBy: options.startedBy ?? null })
    .returning({ id: dedupRun.id });
  const runId = run!.id;
  try {
    const result = await db.transaction(async (tx) => {
      await tuneBulkTransaction(tx);
      progress(0, steps, 'normalising names');
      const personsConsidered = await materializePersons(tx, options.personIds);
      progress(1, steps, 'blocking and comparing');
      const { pairsCompared, blockPairs } = await materializeCandidates(tx);
      progress(2, steps, 'estimating m and u (EM)');
      const patterns = await patternCounts(tx);
      // Only pairs whose NIKs are equal or one digit apart and whose names are at least similar can be
      // duplicates (a rule, not a weight): the blocks on birth date and NIK date part bring many pairs of different
      // people born the same day, and at city scale EM would otherwise take "same birth date" for the match class.
      // u is counted on the compared pairs failing the rule (non-matches by the rule; all compared pairs would not
      // do, as blocking makes duplicates a large share of them on small populations), conditional on the rule's
      // levels; EM learns only m and the match share on the possible pairs. EM learning u as well on the possible
      // pairs alone took "NIK one digit off" for a non-match sign on small populations, where almost all possible
      // pairs are duplicates, and missed every NIK-typo duplicate.
      const possible = patterns.filter(isPossibleMatch);
      const nonMatches = patterns.filter((p) => !isPossibleMatch(p));
      const params = estimateParameters(possible, { fixedU: estimateU(nonMatches, possibleDomain) });
      const limits = thresholds(params);
      const scores = possible.map((p) => ({ pattern: p.pattern, score: patternScore(params, p.pattern) }));
      progress(3, steps, 'storing pairs');
      const review = await storePairs(tx, runId, scores, limits.review);
      progress(4, steps, 'merging');
      const auto = options.autoMerge === false ? [] : await autoMergeablePairs(tx, runId, limits.auto);
      await mergePairs(tx, auto, 'auto_merged', options.startedBy ?? null);
      const parameters = {
        fields: comparisonFields,
        prior: params.p,
        m: params.m,
        u: params.u,
        weights: params.m.map((levels, f) => levels.map((m, l) => Math.log2(m / params.u[f]![l]!))),
        emIterations: params.iterations,
        emConverged: params.converged,
        thresholds: limits,
        blockPairs,
        patterns: possible.map((p) => {
          const score = patternScore(params, p.pattern);
          return { ...p, score, probability: matchProbability(params, score) };
        }),
      };
      await tx
        .update(dedupRun)
        .set({
          status: 'succeeded',
          personsConsidered,
          pairsCompared,
          autoMerged: auto.length,
          review: review - auto.length,
          parameters,
          finishedAt: sql`now()`,
        })
        .where(eq(dedupRun.id, runId));
      progress(steps, steps, 'done');
      return {
        personsConsidered,
        pairsCompared,
        blockPairs,
        review: review - auto.length,
        autoMerged: auto.length,
      };
    });
    return { runId, ...result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await db
      .update(dedupRun)
      .set({ status: 'failed', error: String(error), finishedAt: sql`now()` })
      .where(eq(dedupRun.id, runId));
    throw error;
  }
}
