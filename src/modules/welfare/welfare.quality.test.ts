import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows } from '../../db/client.ts';
import { householdTruth } from '../synthetic/synthetic.schema.ts';
import { calibratePmtModel, createPmtModel } from './welfare.models.service.ts';
import { recomputeWelfare } from './welfare.service.ts';
import { insertFixtureRegions, insertHandHousehold } from './welfare.test-support.ts';

/**
 * Twenty one-person households whose floor area is 1..20 m², scored by a model whose prediction is
 * Rp100,000 × floor area per person: household i predicts Rp100,000 × i and ranks i-th, so desil = ⌈i / 2⌉.
 * The extreme line Rp350,000 flags those predicted below it AND in desil 1: households 1 and 2.
 * Truly poor: 1, 2, 3, 5, 9; truly extreme poor: 1, 3. Everything below is counted by hand from that.
 */
const trulyPoor = new Set([1, 2, 3, 5, 9]);
const trulyExtreme = new Set([1, 3]);
const ids: number[] = [];

describeEachDatabase(
  'welfare targeting quality on a hand-made registry',
  (env) => {
    const db = () => env().ctx.database.db;

    it('ranks only active households with current members, and reports no quality without a reference', async () => {
      const result = await recomputeWelfare(db(), { modelVersion: 'hand-floor', snapshotDate: '2026-01-01' });
      expect(result.householdCount).toBe(20);
      expect(result.quality).toBeNull();
      const rows = await queryRows<{
        household_id: number;
        desil: number;
        is_extreme_poor: boolean;
        pc: number;
      }>(
        db(),
        sql`SELECT household_id::int AS household_id, desil, is_extreme_poor, round(exp(score))::int AS pc
            FROM household_welfare WHERE snapshot_id = ${result.snapshotId} ORDER BY household_id`,
      );
      expect(rows.map((r) => r.household_id)).toEqual(ids);
      rows.forEach((row, index) => {
        expect(row.pc).toBe(100_000 * (index + 1));
        expect(row.desil).toBe(Math.ceil((index + 1) / 2));
        expect(row.is_extreme_poor).toBe(index < 2);
      });
    });

    it('refuses to calibrate without households that have a reference consumption', async () => {
      await expect(
        calibratePmtModel(db(), { sampleSize: 100, seed: 1, version: 'none' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('measures exclusion and inclusion errors against the hidden consumption', async () => {
      await db()
        .insert(householdTruth)
        .values(
          ids.map((householdId, index) => ({
            householdId,
            truePcConsumption: 100_000 * (index + 1),
            povertyLine: 850_000,
            isPoor: trulyPoor.has(index + 1),
            isExtremePoor: trulyExtreme.has(index + 1),
          })),
        );
      const { quality, snapshotId } = await recomputeWelfare(db(), {
        modelVersion: 'hand-floor',
        snapshotDate: '2026-01-01',
      });
      expect(quality).toEqual({
        reference: 'synthetic.household_truth',
        households: 20,
        trulyPoor: 5,
        trulyExtremePoor: 2,
        // desil 1–2 = households 1–4, holding truly poor 1, 2, 3 of 5.
        poorShareInDesil1to2: 3 / 5,
        cutoffs: [
          // desil 1 = {1, 2}: both poor; poor 3, 5, 9 left out.
          {
            maxDesil: 1,
            label: 'desil 1',
            selected: 2,
            selectedTrue: 2,
            exclusionError: 3 / 5,
            inclusionError: 0,
          },
          // desil 1–2 = {1..4}: 4 is not poor; 5 and 9 left out.
          {
            maxDesil: 2,
            label: 'desil 1–2',
            selected: 4,
            selectedTrue: 3,
            exclusionError: 2 / 5,
            inclusionError: 1 / 4,
          },
          // desil 1–4 = {1..8}: 4, 6, 7, 8 not poor; 9 left out.
          {
            maxDesil: 4,
            label: 'desil 1–4',
            selected: 8,
            selectedTrue: 4,
            exclusionError: 1 / 5,
            inclusionError: 4 / 8,
          },
        ],
        // flagged {1, 2} against truly extreme {1, 3}.
        extremeFlag: { selected: 2, selectedTrue: 1, exclusionError: 1 / 2, inclusionError: 1 / 2 },
      });
      const [stored] = await queryRows<{ quality: unknown }>(
        db(),
        sql`SELECT quality FROM welfare_snapshot WHERE id = ${snapshotId}`,
      );
      expect(stored!.quality).toEqual(quality);
    });
  },
  async ({ ctx }) => {
    const { db } = ctx.database;
    ids.length = 0; // the suite runs once per database
    await insertFixtureRegions(db);
    for (let i = 1; i <= 20; i++) {
      ids.push(
        await insertHandHousehold(db, {
          kkNumber: `31710190000001${String(i).padStart(2, '0')}`,
          floorAreaM2: String(i),
        }),
      );
    }
    // Not ranked: an inactive household, one whose only member left, one whose only member died.
    await insertHandHousehold(db, { kkNumber: '3171019000000201', status: 'inactive' });
    await insertHandHousehold(db, { kkNumber: '3171019000000202' }, [{ endDate: '2025-06-30' }]);
    await insertHandHousehold(db, { kkNumber: '3171019000000203' }, [{ status: 'deceased' }]);
    await createPmtModel(db, {
      version: 'hand-floor',
      description: 'prediction = Rp100,000 × floor area per person',
      intercept: Math.log(100_000),
      coefficients: { log_floor_area_pc: 1 },
      extremePovertyLine: 350_000,
      calibratedFrom: 'test',
    });
  },
);
