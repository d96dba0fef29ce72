import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows } from '../../db/client.ts';
import { featureNames } from './welfare.features.ts';
import { defaultCoefficients, defaultIntercept } from './welfare.model.ts';
import { calibratePmtModel } from './welfare.models.service.ts';
import { recomputeWelfare } from './welfare.service.ts';
import { insertWelfareFixture } from './welfare.fixture.ts';
import { insertFixtureRegions } from './welfare.test-support.ts';

const referenceDate = '2026-01-01';

describeEachDatabase(
  'PMT calibration',
  (env) => {
    const db = () => env().ctx.database.db;

    it('recovers the coefficients of the model that generated the consumption', async () => {
      // The hidden consumption is exactly the default model's prediction: OLS on SQL-computed features must
      // give the default coefficients back, which also proves scoring and calibration see the same features.
      const { snapshotId } = await recomputeWelfare(db(), { snapshotDate: referenceDate });
      await db().execute(sql`
        INSERT INTO synthetic.household_truth (household_id, true_pc_consumption, poverty_line, is_poor, is_extreme_poor)
        SELECT household_id, exp(score), 850000, exp(score) < 850000, exp(score) < 350000
        FROM household_welfare WHERE snapshot_id = ${snapshotId}`);
      const { model, fit } = await calibratePmtModel(db(), {
        sampleSize: 10_000,
        seed: 3,
        version: 'test-recovered',
        referenceDate,
        ridge: 1e-12,
      });
      expect(fit.n).toBe(600);
      expect(fit.r2).toBeGreaterThan(0.999999);
      expect(model.intercept).toBeCloseTo(defaultIntercept, 4);
      for (const name of featureNames)
        expect(model.coefficients[name]).toBeCloseTo(defaultCoefficients[name], 4);
      expect(model.calibratedFrom).toContain('600 households');
      expect(model.isActive).toBe(false);
    });

    it('draws the same sample for the same seed and another for another seed', async () => {
      await db().execute(sql`
        UPDATE synthetic.household_truth SET true_pc_consumption = true_pc_consumption * exp(((household_id * 7919) % 101 - 50) / 100.0)`);
      const options = { sampleSize: 300, referenceDate, ridge: 1e-4 };
      const a = await calibratePmtModel(db(), { ...options, seed: 5, version: 'test-seed-5a' });
      const b = await calibratePmtModel(db(), {
        ...options,
        seed: 5,
        version: 'test-seed-5b',
        activate: true,
      });
      const c = await calibratePmtModel(db(), { ...options, seed: 6, version: 'test-seed-6' });
      expect(a.fit.n).toBe(300);
      expect(b.model.coefficients).toEqual(a.model.coefficients);
      expect(c.model.coefficients).not.toEqual(a.model.coefficients);
      expect(a.fit.r2).toBeGreaterThan(0.3);
      expect(a.fit.r2).toBeLessThan(0.999);
      const [active] = await queryRows<{ version: string; fit: { n: number } }>(
        db(),
        sql`SELECT version, fit_statistics AS fit FROM pmt_model WHERE is_active`,
      );
      expect(active).toEqual({
        version: 'test-seed-5b',
        fit: expect.objectContaining({ n: 300 }) as unknown,
      });
    });

    it('matches the extreme cut-off to the sample’s extreme-poor share', async () => {
      const { model } = await calibratePmtModel(db(), {
        sampleSize: 600,
        seed: 9,
        version: 'test-extreme',
        referenceDate,
      });
      const result = await recomputeWelfare(db(), {
        modelVersion: model.version,
        snapshotDate: referenceDate,
      });
      const [truth] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM synthetic.household_truth WHERE is_extreme_poor`,
      );
      expect(truth!.n).toBeGreaterThan(0);
      expect(model.calibratedFrom).toContain('matched');
      // The whole registry is the sample here, so as many households are flagged as are truly extreme poor
      // (minus any the desil-1 condition drops).
      expect(result.quality!.extremeFlag.selected).toBeGreaterThan(0);
      expect(result.quality!.extremeFlag.selected).toBeLessThanOrEqual(truth!.n);
      await expect(
        calibratePmtModel(db(), { sampleSize: 600, seed: 9, version: 'test-extreme' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        calibratePmtModel(db(), { sampleSize: 0, seed: 9, version: 'test-zero' }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  },
  async ({ ctx }) => {
    await insertFixtureRegions(ctx.database.db);
    await insertWelfareFixture(ctx.database.db, { households: 600, seed: 23, withTruth: false });
  },
);
