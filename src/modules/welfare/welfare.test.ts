import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { defaultModelVersion } from './welfare.model.ts';
import { createPmtModel, ensureDefaultModel, listPmtModels } from './welfare.models.service.ts';
import { recomputeWelfare } from './welfare.service.ts';
import { insertWelfareFixture } from './welfare.fixture.ts';
import { insertFixtureRegions, insertHandHousehold } from './welfare.test-support.ts';

const snapshotDate = '2026-01-01';
let rich = 0;
let poor = 0;
let typical = 0;

async function scoresOf(db: Db, snapshotId: number) {
  return queryRows<{ household_id: number; score: number; desil: number; has_car: boolean }>(
    db,
    sql`SELECT w.household_id::int AS household_id, w.score, w.desil, h.has_car
        FROM household_welfare w JOIN household h ON h.id = w.household_id
        WHERE w.snapshot_id = ${snapshotId} ORDER BY w.household_id`,
  );
}

describeEachDatabase(
  'welfare ranking',
  (env) => {
    const db = () => env().ctx.database.db;

    it('puts 10 % ± 1 household of the households in each desil', async () => {
      const result = await recomputeWelfare(db(), { snapshotDate });
      expect(result.modelVersion).toBe(defaultModelVersion);
      expect(result.householdCount).toBe(203);
      const counts = await queryRows<{ desil: number; n: number }>(
        db(),
        sql`SELECT desil, count(*)::int AS n FROM household_welfare WHERE snapshot_id = ${result.snapshotId}
            GROUP BY desil ORDER BY desil`,
      );
      expect(counts.map((c) => c.desil)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const { n } of counts) expect(Math.abs(n - 20.3)).toBeLessThanOrEqual(1);
    });

    it('scores a richer household higher than a poorer one', async () => {
      const { snapshotId } = await recomputeWelfare(db(), { snapshotDate });
      const rows = await scoresOf(db(), snapshotId);
      const richRow = rows.find((r) => r.household_id === rich)!;
      const poorRow = rows.find((r) => r.household_id === poor)!;
      expect(richRow.score).toBeGreaterThan(poorRow.score);
      expect(richRow.desil).toBe(10);
      expect(poorRow.desil).toBe(1);
      // exp(score) is a per-capita consumption in Rp: plausible magnitudes for Jakarta.
      expect(Math.exp(poorRow.score)).toBeLessThan(500_000);
      expect(Math.exp(richRow.score)).toBeGreaterThan(3_000_000);
      // The modest household of docs/pmt-model.md: about Rp840k per capita, near the poverty line.
      const typicalRow = rows.find((r) => r.household_id === typical)!;
      expect(typicalRow.score).toBeCloseTo(13.6401, 3);
    });

    it('keeps every snapshot: a second recompute leaves the first untouched', async () => {
      const first = await recomputeWelfare(db(), { snapshotDate: '2026-02-01' });
      const before = await scoresOf(db(), first.snapshotId);
      const second = await recomputeWelfare(db(), { snapshotDate: '2026-03-01' });
      expect(second.snapshotId).not.toBe(first.snapshotId);
      expect(await scoresOf(db(), first.snapshotId)).toEqual(before);
      const snapshots = await queryRows<{ id: number; snapshot_date: string; household_count: number }>(
        db(),
        sql`SELECT id, snapshot_date::text AS snapshot_date, household_count FROM welfare_snapshot
            WHERE id IN (${first.snapshotId}, ${second.snapshotId}) ORDER BY id`,
      );
      expect(snapshots.map((s) => [s.snapshot_date, s.household_count])).toEqual([
        ['2026-02-01', 203],
        ['2026-03-01', 203],
      ]);
    });

    it('scores with the model’s coefficients (a car penalty puts every car owner in the bottom)', async () => {
      await createPmtModel(db(), {
        version: 'test-car-penalty',
        description: 'test',
        intercept: 14,
        coefficients: { has_car: -5 },
        extremePovertyLine: 350_000,
        calibratedFrom: 'test',
      });
      const result = await recomputeWelfare(db(), { snapshotDate, modelVersion: 'test-car-penalty' });
      const rows = await scoresOf(db(), result.snapshotId);
      for (const row of rows) expect(row.score).toBeCloseTo(row.has_car ? 9 : 14, 12);
      const owners = rows.filter((r) => r.has_car);
      const others = rows.filter((r) => !r.has_car);
      expect(owners.length).toBeGreaterThan(0);
      expect(owners.length).toBeLessThan(20);
      expect(Math.max(...owners.map((r) => r.desil))).toBeLessThanOrEqual(
        Math.min(...others.map((r) => r.desil)),
      );
      expect(rows.find((r) => r.household_id === rich)!.desil).toBe(1);
      // Ties are broken by household id: the equal scores of the others fill desil 1..10 in id order.
      const tied = others.map((r) => r.desil);
      expect(tied).toEqual([...tied].sort((a, b) => a - b));
    });

    it('answers NOT_FOUND for an unknown model version and writes no snapshot', async () => {
      const [before] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM welfare_snapshot`,
      );
      await expect(recomputeWelfare(db(), { modelVersion: 'no-such-model' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const [after] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM welfare_snapshot`,
      );
      expect(after!.n).toBe(before!.n);
    });

    it('refuses a model with a feature outside the whitelist, and a duplicate version', async () => {
      const model = {
        version: 'test-bad',
        description: 'test',
        intercept: 14,
        coefficients: { bogus: 1 },
        extremePovertyLine: 350_000,
        calibratedFrom: 'test',
      };
      await expect(createPmtModel(db(), model)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(
        createPmtModel(db(), { ...model, version: defaultModelVersion, coefficients: {} }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('seeds the default model once and never displaces an active model', async () => {
      await createPmtModel(db(), {
        version: 'test-active',
        description: 'test',
        intercept: 14,
        coefficients: { has_car: 0.3 },
        extremePovertyLine: 350_000,
        calibratedFrom: 'test',
        activate: true,
      });
      await ensureDefaultModel(db());
      await ensureDefaultModel(db());
      const models = await listPmtModels(db());
      expect(models.filter((m) => m.version === defaultModelVersion)).toHaveLength(1);
      expect(models.filter((m) => m.isActive).map((m) => m.version)).toEqual(['test-active']);
      expect((await recomputeWelfare(db(), { snapshotDate })).modelVersion).toBe('test-active');
    });
  },
  async ({ ctx }) => {
    const { db } = ctx.database;
    await insertFixtureRegions(db);
    await insertWelfareFixture(db, { households: 200, seed: 11 });
    rich = await insertHandHousehold(
      db,
      {
        kkNumber: '3171019000000001',
        floorAreaM2: '240',
        floorMaterial: 'ceramic',
        roofMaterial: 'concrete',
        waterSource: 'bottled',
        electricityVa: 5500,
        cookingFuel: 'lpg_large',
        hasRefrigerator: true,
        hasAirConditioner: true,
        hasMotorcycle: true,
        hasCar: true,
        hasComputer: true,
        hasGold: true,
        hasLand: true,
      },
      [
        { education: 'postgraduate', occupation: 'civil_servant' },
        { relationship: 'spouse', sex: 'F', education: 'bachelor', occupation: 'private_employee' },
      ],
    );
    typical = await insertHandHousehold(
      db,
      { kkNumber: '3171019000000003', hasRefrigerator: true, hasMotorcycle: true },
      [
        { birthDate: '1985-06-15' },
        { relationship: 'spouse', sex: 'F', birthDate: '1987-02-01', occupation: 'housekeeping' },
        { birthDate: '2014-09-01', education: 'sd_incomplete', occupation: 'student' },
        { birthDate: '2018-09-01', education: 'none', occupation: 'student' },
      ],
    );
    poor = await insertHandHousehold(
      db,
      {
        kkNumber: '3171019000000002',
        tenure: 'free',
        floorAreaM2: '12',
        floorMaterial: 'earth',
        wallMaterial: 'bamboo_thatch',
        roofMaterial: 'other',
        waterSource: 'unprotected_well',
        lightingSource: 'pln_unmetered',
        electricityVa: null,
        cookingFuel: 'wood_charcoal',
        toiletFacility: 'public',
      },
      [
        { education: 'sd_incomplete', occupation: 'labourer', birthDate: '1958-03-01' },
        {
          relationship: 'spouse',
          sex: 'F',
          education: 'none',
          occupation: 'not_working',
          birthDate: '1960-05-05',
        },
        {
          birthDate: '2015-01-01',
          education: 'sd_incomplete',
          occupation: 'student',
          disability: 'physical',
        },
        { birthDate: '2017-01-01', education: 'none', occupation: 'student' },
        { birthDate: '2019-01-01', education: 'none', occupation: 'student' },
        { birthDate: '2021-01-01', education: 'none', occupation: 'student' },
      ],
    );
  },
);
