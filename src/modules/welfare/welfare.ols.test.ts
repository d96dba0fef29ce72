import { describe, expect, it } from 'vitest';
import { fitOls, predictOls, solveCholesky } from './welfare.ols.ts';

/** A deterministic pseudo-random stream (mulberry32), so the data are the same on every run. */
function randomStream(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('solveCholesky', () => {
  it('solves a symmetric positive-definite system', () => {
    // [4 2; 2 3] z = [10; 8] → z = [1.75, 1.5]
    const z = solveCholesky(
      [
        [4, 2],
        [2, 3],
      ],
      [10, 8],
    );
    expect(z[0]).toBeCloseTo(1.75, 12);
    expect(z[1]).toBeCloseTo(1.5, 12);
  });

  it('refuses a singular system', () => {
    expect(() =>
      solveCholesky(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toThrow(/singular/);
  });
});

describe('fitOls', () => {
  const truth = { intercept: 13.8, coefficients: [-0.4, 0.04, 0.3, -0.15, 0.1] };

  function exactData(n: number) {
    const random = randomStream(42);
    const x = Array.from({ length: n }, () => [
      Math.log(1 + Math.floor(random() * 7)), // log household size
      Math.floor(random() * 8), // education ordinal
      random() < 0.1 ? 1 : 0, // car
      random() < 0.3 ? 1 : 0, // dirty cooking fuel
      random() * 3, // log floor area per person
    ]);
    const y = x.map((row) => predictOls(truth, row));
    return { x, y };
  }

  it('recovers the coefficients that generated exact data, with R² = 1', () => {
    const { x, y } = exactData(500);
    const fit = fitOls(x, y, 0);
    expect(fit.intercept).toBeCloseTo(truth.intercept, 9);
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth.coefficients[j]!, 9));
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.rmse).toBeLessThan(1e-9);
    expect(fit.n).toBe(500);
  });

  it('stays close to the truth with the small default ridge term, and shrinks with a large one', () => {
    const { x, y } = exactData(500);
    const small = fitOls(x, y);
    small.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth.coefficients[j]!, 4));
    const large = fitOls(x, y, 10);
    expect(Math.abs(large.coefficients[2]!)).toBeLessThan(Math.abs(truth.coefficients[2]!) / 2);
  });

  it('recovers coefficients under noise, with R² below 1', () => {
    const { x, y } = exactData(5000);
    const random = randomStream(7);
    const noisy = y.map((v) => v + (random() - 0.5) * 0.5);
    const fit = fitOls(x, noisy);
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(truth.coefficients[j]!, 1));
    expect(fit.r2).toBeGreaterThan(0.5);
    expect(fit.r2).toBeLessThan(1);
  });

  it('gives 0 to a column that is constant in the sample instead of failing', () => {
    const { x, y } = exactData(200);
    const withConstant = x.map((row) => [...row, 1]);
    const fit = fitOls(withConstant, y, 0);
    expect(fit.coefficients[5]).toBe(0);
    expect(fit.coefficients[0]).toBeCloseTo(truth.coefficients[0]!, 9);
  });

  it('solves collinear columns only with a ridge term', () => {
    const { x, y } = exactData(200);
    const collinear = x.map((row) => [...row, row[1]! * 2]);
    expect(() => fitOls(collinear, y, 0)).toThrow(/collinear/);
    const fit = fitOls(collinear, y, 1e-6);
    expect(fit.r2).toBeGreaterThan(0.999999);
  });

  it('refuses mismatched or empty input', () => {
    expect(() => fitOls([], [])).toThrow();
    expect(() => fitOls([[1]], [1, 2])).toThrow();
  });
});
