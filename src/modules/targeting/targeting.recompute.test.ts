import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedSyntheticEnrolments } from '../synthetic/enrolments.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import { eligibleSetRows } from './targeting.recompute.repository.ts';
import { recomputeTargeting } from './targeting.recompute.ts';

const password = 'recompute-password';

/** Keys of findings and of planted errors, comparable as sets. */
async function keys(db: Db, table: 'targeting_finding' | 'synthetic.planted_targeting_error', kind: string) {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`SELECT DISTINCT concat_ws('|', COALESCE(program_code, purpose_group), household_id, COALESCE(person_id, 0)) AS key
        FROM ${sql.raw(table)} WHERE kind = ${kind}`,
  );
  return rows.map((r) => r.key).sort();
}

async function resetLedger(db: Db) {
  await db.execute(sql`DELETE FROM delivery`);
  await db.execute(sql`DELETE FROM enrolment`);
  await db.execute(sql`DELETE FROM synthetic.planted_targeting_error`);
}

describeEachDatabase(
  'targeting recompute: inclusion errors, exclusion errors and overlaps',
  (env) => {
    const db = () => env().ctx.database.db;

    it('finds every planted inclusion error, exclusion error and overlap, and nothing else', async () => {
      await resetLedger(db());
      const seeded = await seedSyntheticEnrolments(db(), { seed: 11, plantRate: 0.05 });
      expect(seeded.planted.inclusion).toBeGreaterThan(5);
      expect(seeded.planted.exclusion).toBeGreaterThan(5);
      expect(seeded.planted.overlap).toBeGreaterThan(5);
      expect(seeded.deliveries).toBeGreaterThan(0);
      const result = await recomputeTargeting(db());
      for (const kind of ['inclusion', 'exclusion', 'overlap']) {
        const found = await keys(db(), 'targeting_finding', kind);
        const planted = await keys(db(), 'synthetic.planted_targeting_error', kind);
        expect(found, kind).toEqual(planted);
      }
      expect(result.findings.inclusion).toBe(seeded.planted.inclusion);
      // Eligible units per program, and the rule versions the run records, as the stored tables hold them.
      const stored = await queryRows<{ code: string; n: number }>(
        db(),
        sql`SELECT program_code AS code, count(*)::int AS n FROM ${eligibleSetRows} e GROUP BY program_code`,
      );
      const ruled = await queryRows<{ code: string; version: number }>(
        db(),
        sql`SELECT program_code AS code, version FROM program_rule WHERE is_active`,
      );
      const expected = Object.fromEntries(ruled.map((r) => [r.code, 0]));
      for (const row of stored) expected[row.code] = row.n;
      expect(result.eligible).toEqual(expected);
      const [run] = await queryRows<{ rules: Record<string, number> }>(
        db(),
        sql`SELECT stats->'rules' AS rules FROM targeting_run WHERE id = ${result.runId}`,
      );
      expect(run!.rules).toEqual(Object.fromEntries(ruled.map((r) => [r.code, r.version])));
    });

    it('reports no error and no overlap on a clean ledger', async () => {
      await resetLedger(db());
      const seeded = await seedSyntheticEnrolments(db(), { seed: 11, plantRate: 0 });
      expect(seeded.enrolments).toBeGreaterThan(100);
      const result = await recomputeTargeting(db());
      expect(result.findings).toEqual({ inclusion: 0, exclusion: 0, overlap: 0 });
      const [rollup] = await queryRows<{ eligible: number; enrolled: number }>(
        db(),
        sql`SELECT sum(eligible)::int AS eligible, sum(enrolled)::int AS enrolled FROM targeting_rollup`,
      );
      expect(rollup!.eligible).toBeGreaterThan(0);
    });

    it('rollups agree with the findings and the eligible sets', async () => {
      await resetLedger(db());
      await seedSyntheticEnrolments(db(), { seed: 12, plantRate: 0.05 });
      await recomputeTargeting(db());
      const [check] = await queryRows<{ a: number; b: number; c: number; d: number }>(
        db(),
        sql`SELECT (SELECT sum(eligible)::int FROM targeting_rollup) AS a,
                   (SELECT count(*)::int FROM ${eligibleSetRows} e) AS b,
                   (SELECT sum(exclusion_errors)::int FROM targeting_rollup) AS c,
                   (SELECT count(*)::int FROM targeting_finding WHERE kind = 'exclusion') AS d`,
      );
      expect(check!.a).toBe(check!.b);
      expect(check!.c).toBe(check!.d);
      const [coverage] = await queryRows<{ households: number; active: number }>(
        db(),
        sql`SELECT (SELECT sum(households)::int FROM coverage_rollup WHERE pillar = 2) AS households,
                   (SELECT count(*)::int FROM household WHERE status = 'active') AS active`,
      );
      expect(coverage!.households).toBe(coverage!.active);
    });

    it('reflects a change to one household in its eligibility and findings at once', async () => {
      await resetLedger(db());
      await seedSyntheticEnrolments(db(), { seed: 13, plantRate: 0 });
      await recomputeTargeting(db());
      // A household with a KJP Plus pupil, enrolled: buying a car excludes it (Jakarta exclusions).
      const [target] = await queryRows<{ householdId: number; version: number }>(
        db(),
        sql`SELECT h.id::int AS "householdId", h.version FROM household h
            JOIN enrolment n ON n.household_id = h.id AND n.program_code = 'KJP_PLUS'
            WHERE h.kelurahan_code LIKE '31.72.01.%' ORDER BY h.id LIMIT 1`,
      );
      expect(target).toBeDefined();
      const app = createApp(env().ctx);
      const session = await loginAs(app, 'kec.penjaringan', password);
      const response = await request(app, 'PATCH', `/households/${target!.householdId}`, {
        session,
        body: { baseVersion: target!.version, hasCar: true, source: 'field-verification', reason: 'new car' },
      });
      expect(response.status).toBe(200);
      const [after] = await queryRows<{ eligible: number; inclusion: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM ${eligibleSetRows} e
                    WHERE household_id = ${target!.householdId} AND program_code = 'KJP_PLUS') AS eligible,
                   (SELECT count(*)::int FROM targeting_finding WHERE household_id = ${target!.householdId}
                    AND kind = 'inclusion' AND program_code = 'KJP_PLUS') AS inclusion`,
      );
      expect(after).toEqual({ eligible: 0, inclusion: expect.any(Number) as number });
      expect(after!.inclusion).toBeGreaterThan(0);
      const [rollup] = await queryRows<{ inclusion: number }>(
        db(),
        sql`SELECT sum(inclusion_errors)::int AS inclusion FROM targeting_rollup WHERE program_code = 'KJP_PLUS'`,
      );
      expect(rollup!.inclusion).toBe(after!.inclusion);
      // The one-household refresh leaves exactly what a full recompute would build.
      const derived = () =>
        queryRows<{ eligible: string; findings: string; programs: string; coverage: string }>(
          db(),
          sql`SELECT
            (SELECT string_agg(concat_ws('|', program_code, household_id, person_id, kelurahan_code), ','
                               ORDER BY program_code, household_id, person_id) FROM ${eligibleSetRows} e) AS eligible,
            (SELECT string_agg(concat_ws('|', kind, program_code, purpose_group, household_id, person_id,
                                         kelurahan_code, programs, providers, desil), ','
                               ORDER BY kind, purpose_group, program_code, household_id, person_id)
             FROM targeting_finding) AS findings,
            (SELECT string_agg(r::text, ',' ORDER BY r.program_code, r.kelurahan_code) FROM targeting_rollup r)
              AS programs,
            (SELECT string_agg(c::text, ',' ORDER BY c.kelurahan_code, c.desil, c.pillar) FROM coverage_rollup c)
              AS coverage`,
        );
      const refreshed = await derived();
      await recomputeTargeting(db());
      expect(refreshed).toEqual(await derived());
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 7 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
  },
);
