/**
 * Fellegi–Sunter model for person deduplication: a comparison vector per candidate pair, m and u probabilities per
 * field level estimated by expectation–maximisation over the pattern counts (computed in SQL; a few hundred
 * patterns at most), log2 likelihood-ratio weights, and the two thresholds.
 */

/** The fields compared and how many levels each has (0 = disagree … highest = agree). */
export const comparisonFields = [
  // 2 same NIK, 1 one digit different, 0 otherwise.
  { name: 'nik', levels: 3 },
  // 3 same name key, 2 close (edit distance ≤ 2 or trigram similarity ≥ 0.7), 1 similar (≥ 0.4), 0 otherwise.
  { name: 'name', levels: 4 },
  // 2 same date, 1 one field off (day, month or year) or day and month swapped, 0 otherwise.
  { name: 'birthDate', levels: 3 },
  { name: 'sex', levels: 2 },
  // 2 same household, 1 same kelurahan, 0 otherwise.
  { name: 'area', levels: 3 },
] as const;

export type FieldName = (typeof comparisonFields)[number]['name'];
export type Pattern = readonly number[];

export interface PatternCount {
  pattern: Pattern;
  count: number;
}

export interface ModelParameters {
  /** Share of candidate pairs that are matches. */
  p: number;
  /** m[field][level] = P(level | match); u[field][level] = P(level | non-match). */
  m: number[][];
  u: number[][];
  iterations: number;
  converged: boolean;
}

const floor = 1e-6;
const clamp = (x: number) => Math.min(1 - floor, Math.max(floor, x));

/** Starting values: matches mostly agree, non-matches mostly disagree. */
function initial(): ModelParameters {
  const m = comparisonFields.map((f) =>
    Array.from({ length: f.levels }, (_, level) => (level === f.levels - 1 ? 0.9 : 0.1 / (f.levels - 1))),
  );
  const u = comparisonFields.map((f) =>
    Array.from({ length: f.levels }, (_, level) => (level === f.levels - 1 ? 0.1 : 0.9 / (f.levels - 1))),
  );
  return { p: 0.1, m, u, iterations: 0, converged: false };
}

function likelihood(levels: number[][], pattern: Pattern): number {
  let product = 1;
  for (let f = 0; f < pattern.length; f++) product *= levels[f]![pattern[f]!]!;
  return product;
}

/**
 * u-probabilities (P(level | non-match)) counted directly on pairs known to be non-matches (e.g. the compared pairs
 * failing the match rule), without EM. `domain` restricts a field to the levels a pair can have after the rule
 * (e.g. NIK level ≥ 1); u is counted and normalised over those levels only, i.e. conditional on the rule, as the
 * pairs EM then sees. One pseudo-count per level (Laplace) keeps a level never seen among the non-matches from
 * getting an unbounded weight.
 */
export function estimateU(patterns: readonly PatternCount[], domain: readonly number[] = []): number[][] {
  const counts = comparisonFields.map((f) => new Array<number>(f.levels).fill(0));
  for (const { pattern, count } of patterns)
    pattern.forEach((level, f) => {
      counts[f]![level]! += count;
    });
  return counts.map((levels, f) => {
    const lowest = domain[f] ?? 0;
    const allowed = levels.map((x, l) => (l >= lowest ? x + 1 : 0));
    const total = allowed.reduce((s, x) => s + x, 0);
    return allowed.map((x, l) => (l >= lowest ? clamp(x / total) : floor));
  });
}

/**
 * EM under conditional independence of the fields, on pattern counts. With `fixedU`, the u-probabilities are held
 * at the given values and EM learns only the m-probabilities and the match share.
 */
export function estimateParameters(
  patterns: readonly PatternCount[],
  options: { maxIterations?: number; tolerance?: number; fixedU?: number[][] } = {},
): ModelParameters {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-8;
  let params = initial();
  if (options.fixedU) params = { ...params, u: options.fixedU.map((levels) => [...levels]) };
  const total = patterns.reduce((s, p) => s + p.count, 0);
  if (total === 0) return params;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // E step: posterior match probability of each pattern.
    const weights = patterns.map(({ pattern }) => {
      const pm = params.p * likelihood(params.m, pattern);
      const pu = (1 - params.p) * likelihood(params.u, pattern);
      return pm / (pm + pu);
    });
    // M step: expected counts per field level.
    const matches = patterns.reduce((s, p, i) => s + p.count * weights[i]!, 0);
    const m = comparisonFields.map((f) => new Array<number>(f.levels).fill(0));
    const u = comparisonFields.map((f) => new Array<number>(f.levels).fill(0));
    patterns.forEach(({ pattern, count }, i) => {
      pattern.forEach((level, f) => {
        m[f]![level]! += count * weights[i]!;
        u[f]![level]! += count * (1 - weights[i]!);
      });
    });
    // One pseudo-count per class and per m level (Laplace): negligible on a full run, but a run over a handful of
    // persons (e.g. an import's) cannot conclude from one or two pairs that every pair is a certain match.
    const next: ModelParameters = {
      p: clamp((matches + 1) / (total + 2)),
      m: m.map((levels) => levels.map((x) => clamp((x + 1) / (matches + levels.length)))),
      u: options.fixedU
        ? params.u
        : u.map((levels) => levels.map((x) => clamp(x / Math.max(total - matches, floor)))),
      iterations: iteration,
      converged: false,
    };
    const change = Math.max(
      Math.abs(next.p - params.p),
      ...next.m.flatMap((levels, f) => levels.map((x, l) => Math.abs(x - params.m[f]![l]!))),
      ...next.u.flatMap((levels, f) => levels.map((x, l) => Math.abs(x - params.u[f]![l]!))),
    );
    params = next;
    if (change < tolerance) return { ...params, converged: true };
  }
  return params;
}

/** Log2 likelihood-ratio weight of a comparison vector: the pair's score. */
export function patternScore(params: ModelParameters, pattern: Pattern): number {
  return pattern.reduce((s, level, f) => s + Math.log2(params.m[f]![level]! / params.u[f]![level]!), 0);
}

/** Posterior probability that a pair with this score is a match, under the estimated prior. */
export function matchProbability(params: ModelParameters, score: number): number {
  const odds = (params.p / (1 - params.p)) * 2 ** score;
  return odds / (1 + odds);
}

/**
 * The two thresholds, on the score: a pair goes to review when its posterior match probability is at least
 * `reviewProbability` and is merged without review when it is at least `autoProbability`. Posterior odds are the
 * prior odds times 2^score, so each threshold is log2(P / (1 − P)) − log2(p / (1 − p)).
 */
export function thresholds(
  params: ModelParameters,
  autoProbability = 0.999,
  reviewProbability = 0.9,
): { auto: number; review: number; autoProbability: number; reviewProbability: number } {
  const prior = Math.log2(params.p / (1 - params.p));
  const logit = (q: number) => Math.log2(q / (1 - q));
  return {
    auto: logit(autoProbability) - prior,
    review: logit(reviewProbability) - prior,
    autoProbability,
    reviewProbability,
  };
}
