import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { ageCutoffs, featureNames, subtractYears, todayInJakarta } from './welfare.features.ts';
import { defaultCoefficients, scoreExpressionSql } from './welfare.model.ts';
import { computeTargetingQuality } from './welfare.quality.ts';

describe('PMT model as data', () => {
  it('ships a default coefficient for every whitelisted feature, with the expected signs', () => {
    expect(Object.keys(defaultCoefficients).sort()).toEqual([...featureNames].sort());
    expect(defaultCoefficients.log_hh_size).toBeLessThan(0);
    expect(defaultCoefficients.has_car).toBeGreaterThan(0);
    expect(defaultCoefficients.cook_dirty).toBeLessThan(0);
  });

  it('generates the score from whitelisted names, with the weights as bound parameters', () => {
    const query = new PgDialect().sqlToQuery(scoreExpressionSql(13, { has_car: 0.3, log_hh_size: -0.4 }));
    expect(query.sql).toBe('$1::float8 + $2::float8 * f."has_car" + $3::float8 * f."log_hh_size"');
    expect(query.params).toEqual([13, 0.3, -0.4]);
  });

  it('refuses a feature name outside the whitelist, naming it (no SQL is built from user strings)', () => {
    const attempt = () => scoreExpressionSql(13, { 'has_car"; DROP TABLE household; --': 1 });
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify((error as AppError).details)).toContain('coefficients.has_car\\"; DROP TABLE');
    }
  });

  it('refuses non-finite weights', () => {
    expect(() => scoreExpressionSql(13, { has_car: Number.NaN })).toThrow(AppError);
    expect(() => scoreExpressionSql(Number.POSITIVE_INFINITY, {})).toThrow(AppError);
  });
});

describe('reference dates', () => {
  it('subtracts years like PostgreSQL, 29 February falling back to 28', () => {
    expect(subtractYears('2024-02-29', 15)).toBe('2009-02-28');
    expect(subtractYears('2024-02-29', 4)).toBe('2020-02-29');
    expect(ageCutoffs('2026-01-01')).toEqual({
      child: '2011-01-01',
      elderly: '1961-01-01',
      elderlyHead: '1966-01-01',
    });
  });

  it('takes today in Jakarta (UTC+7), not in UTC', () => {
    expect(todayInJakarta(new Date('2026-03-31T18:30:00Z'))).toBe('2026-04-01');
    expect(todayInJakarta(new Date('2026-03-31T16:30:00Z'))).toBe('2026-03-31');
  });
});

describe('targeting quality', () => {
  it('defines exclusion and inclusion errors per selection', () => {
    const quality = computeTargetingQuality(
      {
        households: 100,
        trulyPoor: 20,
        trulyExtremePoor: 4,
        cutoffs: [
          { maxDesil: 1, selected: 10, selectedPoor: 8 },
          { maxDesil: 2, selected: 20, selectedPoor: 14 },
        ],
        flaggedExtreme: 0,
        flaggedTrulyExtreme: 0,
      },
      'test',
    )!;
    expect(quality.poorShareInDesil1to2).toBe(0.7);
    expect(quality.cutoffs[0]).toMatchObject({ label: 'desil 1', exclusionError: 0.6, inclusionError: 0.2 });
    expect(quality.cutoffs[1]).toMatchObject({
      label: 'desil 1–2',
      exclusionError: 0.3,
      inclusionError: 0.3,
    });
    expect(quality.extremeFlag).toEqual({
      selected: 0,
      selectedTrue: 0,
      exclusionError: 1,
      inclusionError: null,
    });
  });

  it('is null when no household has a reference consumption', () => {
    const empty = {
      households: 0,
      trulyPoor: 0,
      trulyExtremePoor: 0,
      cutoffs: [],
      flaggedExtreme: 0,
      flaggedTrulyExtreme: 0,
    };
    expect(computeTargetingQuality(empty, 'test')).toBeNull();
  });
});
