/**
 * Indicators, targets, trajectory, graduation and freshness on a tiny hand-made registry whose figures are worked
 * out by hand below (three snapshots with chosen desil and extreme-poverty flags, a few enrolments, a campaign).
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { insertTestRegions, loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadOfficialPovertyStats } from '../regions/statistics.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { insertHandHousehold } from '../welfare/welfare.test-support.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';
import { loadIndicatorData } from './indicators.repository.ts';
import { refreshAfterRanking } from './indicators.refresh.ts';
import { annualActuals, computeTrajectory } from './indicators.trajectory.ts';

const password = 'indicators-password';
const P = '31.72.01.1001'; // Penjaringan
const K = '31.72.01.1002'; // Kamal Muara
const G = '31.71.01.1001'; // Gambir

/**
 * The hand-made history: kelurahan, members, and (desil, extreme poor) in snapshots S1, S2, S3.
 * H1 stays in desil 1 extreme poor; H2 graduates (2 → 6); H3 leaves extreme poverty (1 → 3); H4 enters desil 1–4
 * in S2 (cohort S2); H5 is never poor; H6 graduates (4 → 5); H7 becomes extreme poor; H8 graduates in S2 and comes
 * back in S3 (a re-entry).
 */
const history = {
  H1: {
    kel: P,
    members: 3,
    path: [
      [1, true],
      [1, true],
      [1, true],
    ],
  },
  H2: {
    kel: P,
    members: 2,
    path: [
      [2, false],
      [6, false],
      [6, false],
    ],
  },
  H3: {
    kel: P,
    members: 4,
    path: [
      [1, true],
      [3, false],
      [3, false],
    ],
  },
  H4: {
    kel: K,
    members: 1,
    path: [
      [7, false],
      [3, false],
      [3, false],
    ],
  },
  H5: {
    kel: K,
    members: 5,
    path: [
      [9, false],
      [9, false],
      [9, false],
    ],
  },
  H6: {
    kel: G,
    members: 2,
    path: [
      [4, false],
      [5, false],
      [5, false],
    ],
  },
  H7: {
    kel: G,
    members: 3,
    path: [
      [1, false],
      [1, true],
      [1, true],
    ],
  },
  H8: {
    kel: G,
    members: 2,
    path: [
      [3, false],
      [6, false],
      [2, false],
    ],
  },
} as const;
type Name = keyof typeof history;
const snapshotDates = ['2024-06-30', '2025-06-30', '2026-06-30'];

async function buildRegistry(db: Db) {
  const ids = {} as Record<Name, number>;
  let n = 0;
  for (const [name, h] of Object.entries(history) as [Name, (typeof history)[Name]][]) {
    n += 1;
    ids[name] = await insertHandHousehold(
      db,
      { kkNumber: `31720100000${String(n).padStart(5, '0')}`, kelurahanCode: h.kel },
      Array.from({ length: h.members }, () => ({})),
    );
  }
  const [model] = await db
    .insert(pmtModel)
    .values({
      version: 'hand',
      description: 'hand-made',
      intercept: 13,
      coefficients: {},
      extremePovertyLine: '350000',
      calibratedFrom: 'test',
    })
    .returning({ id: pmtModel.id });
  const snapshots: number[] = [];
  for (const [index, date] of snapshotDates.entries()) {
    const [snap] = await db
      .insert(welfareSnapshot)
      .values({ modelId: model!.id, snapshotDate: date, householdCount: 8 })
      .returning({ id: welfareSnapshot.id });
    snapshots.push(snap!.id);
    await db.insert(householdWelfare).values(
      (Object.keys(history) as Name[]).map((name) => {
        const [desil, extreme] = history[name].path[index]!;
        return {
          snapshotId: snap!.id,
          householdId: ids[name],
          score: 12 + desil / 10,
          desil,
          isExtremePoor: extreme,
        };
      }),
    );
    // As the welfare recompute does at its end, snapshot by snapshot.
    await refreshAfterRanking(db, snap!.id);
  }
  return { ids, snapshots };
}

describe('trajectory arithmetic (hand-checked)', () => {
  it('runs the path linearly from the baseline actual to the band and takes actual − path', () => {
    // P0 of Jakarta: March 2024 4.30 (baseline), March 2025 4.28; RPJMD band 1.82–2.91 in 2029.
    // Per year the low edge falls by (4.30 − 1.82) / 5 = 0.496 and the high edge by (4.30 − 2.91) / 5 = 0.278.
    const actuals = annualActuals(
      [
        { period: '2024-03-01', value: 4.3 },
        { period: '2024-09-01', value: 4.14 },
        { period: '2025-03-01', value: 4.28 },
        { period: '2025-09-01', value: 4.03 },
      ],
      'official',
    );
    const { baseline, years } = computeTrajectory(
      actuals,
      { year: 2029, valueMin: 1.82, valueMax: 2.91, baselineYear: 2024 },
      'down',
    );
    expect(baseline).toBe(4.3);
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027, 2028, 2029]);
    expect(years[1]).toEqual({
      year: 2025,
      actual: 4.28,
      actualPeriod: '2025-03-01',
      pathLow: 3.804,
      pathHigh: 4.022,
      gapLow: 0.476,
      gapHigh: 0.258,
      onTrack: false,
    });
    expect(years[2]).toMatchObject({
      actual: null,
      pathLow: 3.308,
      pathHigh: 3.744,
      gapLow: null,
      onTrack: null,
    });
    expect(years[5]).toMatchObject({ pathLow: 1.82, pathHigh: 2.91 });
    // The baseline year is on its own path by construction.
    expect(years[0]).toMatchObject({ pathLow: 4.3, pathHigh: 4.3, gapLow: 0, gapHigh: 0, onTrack: true });
  });

  it('takes the latest snapshot of a year for registry series and judges up-is-good against the low edge', () => {
    const actuals = annualActuals(
      [
        { period: '2025-02-01', value: 10 },
        { period: '2025-11-01', value: 20 },
        { period: '2026-05-01', value: 45 },
      ],
      'registry',
    );
    const { years } = computeTrajectory(
      actuals,
      { year: 2027, valueMin: 60, valueMax: 80, baselineYear: 2025 },
      'up',
    );
    // Path low 20 → 60 over 2 years: 40 in 2026; high 20 → 80: 50.
    expect(years[1]).toMatchObject({
      actual: 45,
      pathLow: 40,
      pathHigh: 50,
      gapLow: 5,
      gapHigh: -5,
      onTrack: true,
    });
  });
});

describeEachDatabase(
  'indicators, graduation, targets and freshness on a hand-made registry',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let ids: Record<Name, number>;
    let snapshots: number[];
    const sessions: Record<string, TestSession> = {};
    const db = () => env().ctx.database.db;
    const get = async <T>(user: string, path: string) => {
      const response = await request(app, 'GET', path, { session: sessions[user]! });
      return { status: response.status, body: (await response.json()) as T };
    };
    const values = (code: string, snapshot: number) =>
      queryRows<{ region: string; value: number | null; numerator: number; denominator: number }>(
        db(),
        sql`SELECT region_code AS region, value, numerator, denominator FROM indicator_value
            WHERE indicator_code = ${code} AND snapshot_id = ${snapshot} ORDER BY region_code`,
      );
    const figures = async (code: string, snapshot: number) =>
      Object.fromEntries((await values(code, snapshot)).map((v) => [v.region, [v.numerator, v.denominator]]));

    beforeAll(async () => {
      ({ ids, snapshots } = await buildRegistry(db()));
      // Enrolments: H1 (desil 1) in BPNT (pillar 2), H7 (desil 1) in PENATAAN_PERMUKIMAN (pillar 4), H3 (desil 3) in
      // PKH (pillar 2, not desil 1: must not count).
      await db().execute(sql`
        INSERT INTO enrolment (program_code, household_id, provider, provider_kind, start_date, status)
        VALUES ('BPNT', ${ids.H1}, 'DINSOS', 'agency', '2025-01-01', 'active'),
               ('PENATAAN_PERMUKIMAN', ${ids.H7}, 'DPRKP', 'agency', '2025-01-01', 'active'),
               ('PKH', ${ids.H3}, 'DINSOS', 'agency', '2025-01-01', 'active')`);
      // Freshness: an approved visit of H2 captured 10 days ago and a pending one of H1; an active campaign that
      // started 30 days ago with H1 and H2 assigned.
      const [officer] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
      );
      await db().execute(sql`
        INSERT INTO field_submission (client_id, officer_id, household_id, base_version, outcome, captured_at, status, payload)
        VALUES (gen_random_uuid(), ${officer!.id}, ${ids.H2}, 1, 'found', now() - interval '10 days', 'approved', '{}'),
               (gen_random_uuid(), ${officer!.id}, ${ids.H1}, 1, 'found', now() - interval '2 days', 'pending', '{}')`);
      const [campaign] = await queryRows<{ id: number }>(
        db(),
        sql`INSERT INTO verification_campaign (name, purpose, area_codes, period_start, period_end, criteria, status, created_by)
            VALUES ('Uji', 'uji', ARRAY[${P}], (now() - interval '30 days')::date, (now() + interval '30 days')::date,
                    '{}', 'active', ${officer!.id}) RETURNING id`,
      );
      await db().execute(sql`
        INSERT INTO campaign_assignment (campaign_id, household_id, officer_id, assigned_by)
        VALUES (${campaign!.id}, ${ids.H1}, ${officer!.id}, ${officer!.id}),
               (${campaign!.id}, ${ids.H2}, ${officer!.id}, ${officer!.id})`);
      await recomputeTargeting(db(), { referenceDate: '2026-07-01' });
      app = createApp(env().ctx);
      for (const user of ['sekretariat', 'tkpk.jakut', 'kel.penjaringan'])
        sessions[user] = await loginAs(app, user, password);
    });

    it('counts extreme-poor households and desil 1–4 persons per area and snapshot, rolled up', async () => {
      expect(await figures('extreme_poor_households', snapshots[0]!)).toMatchObject({
        [P]: [2, 3],
        [K]: [0, 2],
        [G]: [0, 3],
        '31.72.01': [2, 5],
        '31.72': [2, 5],
        '31.71': [0, 3],
        '31': [2, 8],
      });
      expect(await figures('extreme_poor_households', snapshots[1]!)).toMatchObject({
        [P]: [1, 3],
        [G]: [1, 3],
        '31': [2, 8],
      });
      expect(await figures('desil_1_4_persons', snapshots[0]!)).toMatchObject({
        [P]: [9, 9],
        [K]: [0, 6],
        [G]: [7, 7],
        '31.72': [9, 15],
        '31': [16, 22],
      });
      expect(await figures('desil_1_4_persons', snapshots[1]!)).toMatchObject({
        [P]: [7, 9],
        [K]: [1, 6],
        '31': [11, 22],
      });
      expect(await figures('desil_1_4_persons', snapshots[2]!)).toMatchObject({
        [G]: [5, 7],
        '31': [13, 22],
      });
      const [province] = (await values('desil_1_4_persons', snapshots[2]!)).filter((v) => v.region === '31');
      expect(province!.value).toBe(13);
    });

    it('counts graduations and re-entries between consecutive snapshots, none for the first', async () => {
      expect(await values('graduated_households', snapshots[0]!)).toEqual([]);
      // S1 → S2: H2 and H3 in Penjaringan, H6 and H8 in Gambir, out of 3 + 3 poor in S1.
      expect(await figures('graduated_households', snapshots[1]!)).toMatchObject({
        [P]: [2, 3],
        [K]: [0, 0],
        [G]: [2, 3],
        '31': [4, 6],
      });
      expect(await figures('reentered_households', snapshots[1]!)).toMatchObject({ '31': [0, 8] });
      // S2 → S3: no graduation; H8 back in desil 2 (it was poor in S1). H4 entering in S2 is not a re-entry.
      expect(await figures('graduated_households', snapshots[2]!)).toMatchObject({
        '31': [0, 4],
        [K]: [0, 1],
      });
      expect(await figures('reentered_households', snapshots[2]!)).toMatchObject({
        [G]: [1, 3],
        '31': [1, 8],
        [K]: [0, 2],
      });
    });

    it('computes desil-1 coverage by pillar from the targeting rollup of the latest snapshot', async () => {
      // Desil 1 in S3: H1 (Penjaringan, BPNT = pillar 2) and H7 (Gambir, PENATAAN_PERMUKIMAN = pillar 4).
      const latest = snapshots[2]!;
      expect(await figures('coverage_desil1_pillar2', latest)).toMatchObject({
        [P]: [1, 1],
        [G]: [0, 1],
        '31': [1, 2],
      });
      expect(await figures('coverage_desil1_pillar4', latest)).toMatchObject({
        [P]: [0, 1],
        [G]: [1, 1],
        '31': [1, 2],
      });
      expect(await figures('coverage_desil1_pillar1', latest)).toMatchObject({ '31': [0, 2] });
      const p2 = (await values('coverage_desil1_pillar2', latest)).find((v) => v.region === '31');
      expect(p2!.value).toBe(50);
      const k = (await values('coverage_desil1_pillar2', latest)).find((v) => v.region === K);
      expect(k!.value).toBeNull();
    });

    it('gives graduation by cohort for an area', async () => {
      interface Body {
        cohorts: {
          cohortSnapshotId: number;
          size: number;
          latest: { households: number; inDesil14: number };
          graduated: number;
          reentered: number;
          leftExtremePoverty: number;
        }[];
      }
      const { status, body } = await get<Body>('sekretariat', '/graduation?region=31');
      expect(status).toBe(200);
      expect(body.cohorts).toEqual([
        expect.objectContaining({
          cohortSnapshotId: snapshots[0],
          size: 6,
          graduated: 4,
          reentered: 1,
          leftExtremePoverty: 1,
        }),
        expect.objectContaining({ cohortSnapshotId: snapshots[1], size: 1, graduated: 0, reentered: 0 }),
      ]);
      expect(body.cohorts[0]!.latest).toMatchObject({ households: 6, inDesil14: 4 });
      const north = await get<Body>('tkpk.jakut', '/graduation?region=31.72');
      expect(north.body.cohorts[0]).toMatchObject({
        size: 3,
        graduated: 2,
        reentered: 0,
        leftExtremePoverty: 1,
      });
      expect((await get('tkpk.jakut', '/graduation?region=31.71')).status).toBe(403);
    });

    it('shows a household trajectory in scope, audited, and hides one of another kota (404)', async () => {
      interface Body {
        household: { id: number; exited: boolean };
        path: { desil: number; event: string | null }[];
        programs: { programCode: string }[];
      }
      const h8 = await get<Body>('sekretariat', `/households/${ids.H8}/trajectory`);
      expect(h8.status).toBe(200);
      expect(h8.body.path.map((p) => [p.desil, p.event])).toEqual([
        [3, 'entered'],
        [6, 'graduated'],
        [2, 'reentered'],
      ]);
      const h1 = await get<Body>('tkpk.jakut', `/households/${ids.H1}/trajectory?purpose=monitoring`);
      expect(h1.status).toBe(200);
      expect(h1.body.programs.map((p) => p.programCode)).toEqual(['BPNT']);
      expect(h1.body.household.exited).toBe(false);
      const [audited] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
            WHERE u.username = 'tkpk.jakut' AND a.subject_type = 'household' AND a.subject_id = ${String(ids.H1)}
              AND a.purpose = 'monitoring' AND a.details->>'view' = 'trajectory'`,
      );
      expect(audited!.n).toBe(1);
      const other = await get<{ error: { code: string } }>('tkpk.jakut', `/households/${ids.H6}/trajectory`);
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('NOT_FOUND');
      expect((await get('kel.penjaringan', `/households/${ids.H4}/trajectory`)).status).toBe(404);
    });

    it('gives the P0 trajectory against the seeded RPJMD band with the hand-checked gap', async () => {
      interface Body {
        target: { valueMin: number; valueMax: number; year: number; baselineYear: number } | null;
        years: {
          year: number;
          actual: number | null;
          pathLow: number;
          pathHigh: number;
          gapLow: number | null;
          gapHigh: number | null;
        }[];
      }
      const { status, body } = await get<Body>('sekretariat', '/indicators/p0/trajectory?region=31');
      expect(status).toBe(200);
      expect(body.target).toMatchObject({ valueMin: 1.82, valueMax: 2.91, year: 2029, baselineYear: 2024 });
      expect(body.years.find((y) => y.year === 2025)).toMatchObject({
        actual: 4.28,
        pathLow: 3.804,
        pathHigh: 4.022,
        gapLow: 0.476,
        gapHigh: 0.258,
      });
      const extreme = await get<Body>('sekretariat', '/indicators/extreme_poverty_rate/trajectory?region=31');
      // Baseline March 2024: 0.35 %, target 0 in 2029.
      expect(extreme.body.years[0]).toMatchObject({ year: 2024, actual: 0.35, pathLow: 0.35, gapLow: 0 });
      expect(extreme.body.years[1]).toMatchObject({ pathLow: 0.28, pathHigh: 0.28, actual: null });
    });

    it('lets only the secretariat set a target, and follows it on a registry indicator', async () => {
      const body = { valueMin: 3, valueMax: 3, baselineYear: 2024, name: 'Uji', source: 'test' };
      const refused = await request(app, 'PUT', '/indicators/desil_1_4_persons/targets/31.72/2028', {
        session: sessions['tkpk.jakut']!,
        body,
      });
      expect(refused.status).toBe(403);
      const saved = await request(app, 'PUT', '/indicators/desil_1_4_persons/targets/31.72/2028', {
        session: sessions.sekretariat!,
        body,
      });
      expect(saved.status).toBe(200);
      interface Body {
        years: {
          year: number;
          actual: number | null;
          pathLow: number;
          gapLow: number | null;
          onTrack: boolean | null;
        }[];
      }
      const { body: trajectory } = await get<Body>(
        'tkpk.jakut',
        '/indicators/desil_1_4_persons/trajectory?region=31.72&year=2028',
      );
      // Jakarta Utara: 9 persons in 2024, 8 in 2025 and 2026; path 9 → 3 over four years: 7.5, 6.
      expect(trajectory.years.map((y) => [y.year, y.actual, y.pathLow, y.gapLow, y.onTrack])).toEqual([
        [2024, 9, 9, 0, true],
        [2025, 8, 7.5, 0.5, false],
        [2026, 8, 6, 2, false],
        [2027, null, 4.5, null, null],
        [2028, null, 3, null, null],
      ]);
      const invalid = await request(app, 'PUT', '/indicators/p0/targets/31/2029', {
        session: sessions.sekretariat!,
        body: { ...body, valueMin: 4, valueMax: 3 },
      });
      expect(invalid.status).toBe(400);
    });

    it('reports data freshness per kelurahan and the share verified in the active campaign', async () => {
      interface Body {
        summary: {
          households: number;
          verifiedHouseholds: number;
          campaignAssigned: number;
          campaignVerified: number;
        };
        kelurahan: {
          code: string;
          daysSinceVerification: number | null;
          verifiedHouseholds: number;
          campaignShare: number | null;
        }[];
      }
      const { status, body } = await get<Body>('tkpk.jakut', '/dashboard/freshness?region=31.72');
      expect(status).toBe(200);
      const penjaringan = body.kelurahan.find((k) => k.code === P)!;
      expect(penjaringan.verifiedHouseholds).toBe(1);
      expect(penjaringan.daysSinceVerification).toBeGreaterThanOrEqual(9);
      expect(penjaringan.daysSinceVerification).toBeLessThanOrEqual(11);
      expect(penjaringan.campaignShare).toBe(0.5);
      expect(body.kelurahan.find((k) => k.code === K)).toMatchObject({
        daysSinceVerification: null,
        campaignShare: null,
      });
      expect(body.summary).toMatchObject({
        households: 5,
        verifiedHouseholds: 1,
        campaignAssigned: 2,
        campaignVerified: 1,
      });
    });

    it('gives desil-1 coverage and targeting errors per child area', async () => {
      interface Body {
        areas: { code: string; desil1Households: number; desil1Coverage: Record<string, number | null> }[];
      }
      const { status, body } = await get<Body>('sekretariat', '/dashboard/targeting?region=31');
      expect(status).toBe(200);
      expect(body.areas.find((a) => a.code === '31')).toMatchObject({
        desil1Households: 2,
        desil1Coverage: { '1': 0, '2': 0.5, '3': 0, '4': 0.5 },
      });
      expect(body.areas.find((a) => a.code === '31.72')).toMatchObject({
        desil1Coverage: { '2': 1, '4': 0 },
      });
    });

    it('sums targeting errors over the area and each child area, at every level', async () => {
      interface Area {
        code: string;
        eligible: number;
        inclusionErrors: number;
        exclusionErrors: number;
        overlaps: number;
      }
      const db = env().ctx.database.db;
      await db.execute(sql`DELETE FROM targeting_rollup WHERE program_code IN ('TEST_A', 'TEST_B')`);
      await db.execute(sql`INSERT INTO targeting_rollup (program_code, kelurahan_code, eligible, enrolled,
          inclusion_errors, exclusion_errors, "overlaps", eligible_desil1, enrolled_desil1) VALUES
        ('TEST_A', '31.72.01.1001', 10, 8, 1, 3, 2, 0, 0), ('TEST_B', '31.72.01.1001', 5, 5, 0, 1, 1, 0, 0),
        ('TEST_A', '31.72.01.1002', 7, 6, 2, 3, 0, 0, 0), ('TEST_A', '31.71.01.1001', 20, 21, 4, 3, 5, 0, 0)`);
      const truth = async (code: string) =>
        (
          await queryRows<Omit<Area, 'code'>>(
            db,
            sql`SELECT coalesce(sum(eligible), 0)::int AS eligible,
                  coalesce(sum(inclusion_errors), 0)::int AS "inclusionErrors",
                  coalesce(sum(exclusion_errors), 0)::int AS "exclusionErrors",
                  coalesce(sum("overlaps"), 0)::int AS "overlaps"
                FROM targeting_rollup WHERE kelurahan_code = ${code} OR kelurahan_code LIKE ${`${code}.%`}`,
          )
        )[0]!;
      try {
        for (const [region, codes] of [
          ['31', ['31', '31.71', '31.72']],
          ['31.72', ['31.72', '31.72.01']],
          ['31.72.01', ['31.72.01', '31.72.01.1001', '31.72.01.1002']],
          ['31.72.01.1001', ['31.72.01.1001', '31.72.01.1001']],
        ] as const) {
          const { status, body } = await get<{ areas: Area[] }>(
            'sekretariat',
            `/dashboard/targeting?region=${region}`,
          );
          expect(status).toBe(200);
          expect(body.areas.map((a) => a.code)).toEqual(codes);
          for (const area of body.areas)
            expect(area, `${region} → ${area.code}`).toMatchObject(await truth(area.code));
        }
        const province = await truth('31');
        expect(province.exclusionErrors).toBeGreaterThanOrEqual(10);
      } finally {
        await db.execute(sql`DELETE FROM targeting_rollup WHERE program_code IN ('TEST_A', 'TEST_B')`);
      }
    });
  },
  async ({ ctx }) => {
    const db = ctx.database.db;
    await insertTestRegions(db);
    await loadOfficialPovertyStats(db);
    await loadIndicatorData(db);
    await ensureDemoUsers(db, password);
    await ensurePrograms(db);
  },
);
