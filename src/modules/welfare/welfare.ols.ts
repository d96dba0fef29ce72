/** The result of an ordinary-least-squares fit with an intercept. */
export interface OlsFit {
  intercept: number;
  /** One weight per feature column, in column order (0 for a column constant in the sample). */
  coefficients: number[];
  /** In-sample coefficient of determination. */
  r2: number;
  /** In-sample root mean squared error. */
  rmse: number;
  n: number;
}

/**
 * Fits y = intercept + X·β by least squares with a small ridge term (λ = ridge × n on every centred feature,
 * never on the intercept), solving the normal equations by Cholesky. Columns constant in the sample get β = 0.
 * The system is p×p (~35 features), so this runs in Node on a sample the database sends.
 */
export function fitOls(x: readonly (readonly number[])[], y: readonly number[], ridge = 1e-6): OlsFit {
  const n = x.length;
  if (n === 0 || n !== y.length) throw new Error('fitOls needs as many rows as responses, at least one');
  const p = x[0]!.length;
  const xMean = columnMeans(x, p);
  const yMean = y.reduce((sum, v) => sum + v, 0) / n;
  const { gram, moment } = centredNormalEquations(x, y, xMean, yMean);
  const active = [...Array(p).keys()].filter((j) => gram[j]![j]! > 1e-12 * n);
  const system = active.map((j) => active.map((k) => gram[j]![k]! + (j === k ? ridge * n : 0)));
  const solved = solveCholesky(
    system,
    active.map((j) => moment[j]!),
  );
  const beta = new Array<number>(p).fill(0);
  active.forEach((j, i) => (beta[j] = solved[i]!));
  const intercept = yMean - beta.reduce((sum, b, j) => sum + b * xMean[j]!, 0);
  let ssr = 0;
  let sst = 0;
  x.forEach((row, i) => {
    const predicted = predictOls({ intercept, coefficients: beta }, row);
    ssr += (y[i]! - predicted) ** 2;
    sst += (y[i]! - yMean) ** 2;
  });
  return { intercept, coefficients: beta, r2: sst > 0 ? 1 - ssr / sst : 0, rmse: Math.sqrt(ssr / n), n };
}

function columnMeans(x: readonly (readonly number[])[], p: number): number[] {
  const means = new Array<number>(p).fill(0);
  for (const row of x) for (let j = 0; j < p; j++) means[j]! += row[j]!;
  return means.map((sum) => sum / x.length);
}

/** X'X and X'y on centred columns (centring keeps the intercept out of the ridge and the system well-scaled). */
function centredNormalEquations(
  x: readonly (readonly number[])[],
  y: readonly number[],
  xMean: number[],
  yMean: number,
) {
  const p = xMean.length;
  const gram = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const moment = new Array<number>(p).fill(0);
  const centred = new Array<number>(p);
  x.forEach((row, i) => {
    for (let j = 0; j < p; j++) centred[j] = row[j]! - xMean[j]!;
    const dy = y[i]! - yMean;
    for (let j = 0; j < p; j++) {
      moment[j]! += centred[j]! * dy;
      for (let k = 0; k <= j; k++) gram[j]![k]! += centred[j]! * centred[k]!;
    }
  });
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) gram[j]![k] = gram[k]![j]!;
  return { gram, moment };
}

/** Solves A·z = b for a symmetric positive-definite A (throws when A is singular: collinear features). */
export function solveCholesky(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const m = b.length;
  const l = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    let diagonal = a[j]![j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j]![k]! ** 2;
    if (!(diagonal > 1e-12 * Math.max(1, Math.abs(a[j]![j]!)))) {
      throw new Error('The normal equations are singular: some features are collinear (use a ridge term).');
    }
    l[j]![j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < m; i++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = sum / l[j]![j]!;
    }
  }
  const z = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * z[k]!;
    z[i] = sum / l[i]![i]!;
  }
  const solution = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < m; k++) sum -= l[k]![i]! * solution[k]!;
    solution[i] = sum / l[i]![i]!;
  }
  return solution;
}

/** The fitted value of one feature row. */
export function predictOls(fit: Pick<OlsFit, 'intercept' | 'coefficients'>, row: readonly number[]): number {
  return row.reduce((sum, value, j) => sum + value * fit.coefficients[j]!, fit.intercept);
}
