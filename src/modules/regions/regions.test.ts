import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { sharedDataFile } from '../../../tests/support/shared-data.ts';
import { createApp } from '../../app.ts';
import { queryRows, type Db } from '../../db/client.ts';
import type { AppContext, AppEnv, SessionUser } from '../../http/context.ts';
import type { ErrorBody, FieldIssue } from '../../http/errors.ts';
import { household, householdMember, person } from '../registry/registry.schema.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';
import { loadBoundaries } from './boundaries.service.ts';
import { presentMapFeature, type RegionSummary } from './regions.presenter.ts';
import { loadProvince, loadProvinceRegions } from './regions.service.ts';
import { refreshRegionStats, type PovertySeriesPoint } from './statistics.service.ts';

const readGeoJson = (file: string): unknown => JSON.parse(readFileSync(sharedDataFile(file), 'utf8'));

const testUser: SessionUser = {
  id: 1,
  username: 'kel.gambir',
  displayName: 'Operator Gambir',
  role: 'kelurahan_operator',
  regionCode: '31.71.01.1001',
  organisation: null,
  csrfToken: 'test',
};

/**
 * The real app behind a wrapper that pins the request's user: createApp resets `user` and the session
 * middleware sets it from the cookie, so the wrapper intercepts those writes. Test-only.
 */
function appAs(ctx: AppContext, user: SessionUser | null) {
  const outer = new Hono<AppEnv>();
  outer.use('*', async (c, next) => {
    const set = c.set.bind(c) as (key: string, value: unknown) => void;
    const pinUser = (key: string, value: unknown) => set(key, key === 'user' ? user : value);
    c.set = pinUser;
    await next();
  });
  outer.route('/', createApp(ctx));
  return outer;
}

/** GET through the whole app; `T` is the documented response shape. */
async function getJson<T>(ctx: AppContext, url: string, user: SessionUser | null = testUser) {
  const response = await appAs(ctx, user).request(`/api/v1${url}`);
  return { status: response.status, body: (await response.json()) as T };
}

type ListBody = { regions: RegionSummary[] };
type DetailBody = { region: RegionSummary; ancestors: { code: string }[]; children: RegionSummary[] };
type MapFeature = ReturnType<typeof presentMapFeature>;
type MapBody = { type: string; features: MapFeature[] };
type PovertyBody = {
  series: PovertySeriesPoint[];
  target: { year: number; p0Min: number; p0Max: number } | null;
};
const issuePaths = (body: ErrorBody) =>
  (body.error.details as { issues: FieldIssue[] }).issues.map((issue) => issue.path);

async function countByLevel(db: Db, provinceCode: string) {
  const rows = await queryRows<{ level: string; n: number }>(
    db,
    sql`SELECT level, count(*)::int AS n FROM region WHERE code = ${provinceCode} OR code LIKE ${`${provinceCode}.%`} GROUP BY level`,
  );
  return Object.fromEntries(rows.map((r) => [r.level, r.n]));
}

describeEachDatabase(
  'regions: hierarchy, boundaries, official statistics and routes',
  (env) => {
    const db = () => env().ctx.database.db;

    it('loads Jakarta: 1 province, 6 kota, 44 kecamatan, 267 kelurahan', async () => {
      expect(await countByLevel(db(), '31')).toEqual({ province: 1, kota: 6, kecamatan: 44, kelurahan: 267 });
      const [province] = await queryRows<{ name: string; parent_code: string | null }>(
        db(),
        sql`SELECT name, parent_code FROM region WHERE code = '31'`,
      );
      expect(province).toEqual({ name: 'Daerah Khusus Ibukota Jakarta', parent_code: null });
    });

    it('stores the BPS codes of the kota, which differ from the Kemendagri codes', async () => {
      const rows = await queryRows<{ code: string; bps_code: string }>(
        db(),
        sql`SELECT code, bps_code FROM region WHERE level = 'kota' ORDER BY code`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.code, r.bps_code]))).toEqual({
        '31.01': '3101',
        '31.71': '3173',
        '31.72': '3175',
        '31.73': '3174',
        '31.74': '3171',
        '31.75': '3172',
      });
    });

    it('flags exactly the 10 priority kecamatan of 2025, holding 58 kelurahan', async () => {
      const priority = await queryRows<{ code: string; level: string }>(
        db(),
        sql`SELECT code, level FROM region WHERE is_priority ORDER BY code`,
      );
      expect(priority.map((r) => r.code)).toEqual([
        '31.01.02',
        '31.71.08',
        '31.72.01',
        '31.72.02',
        '31.72.05',
        '31.73.01',
        '31.73.04',
        '31.73.06',
        '31.74.09',
        '31.75.03',
      ]);
      expect(new Set(priority.map((r) => r.level))).toEqual(new Set(['kecamatan']));
      const [kelurahan] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM region k JOIN region p ON p.code = k.parent_code WHERE p.is_priority AND k.level = 'kelurahan'`,
      );
      expect(kelurahan?.n).toBe(58);
    });

    it('reloads idempotently, restoring what the source says', async () => {
      await db().execute(
        sql`UPDATE region SET name = 'renamed', is_priority = false WHERE code = '31.71.08'`,
      );
      const counts = await loadProvinceRegions(db(), '31');
      expect(counts).toEqual({ province: 1, kota: 6, kecamatan: 44, kelurahan: 267 });
      expect(await countByLevel(db(), '31')).toEqual(counts);
      const [row] = await queryRows<{ name: string; is_priority: boolean }>(
        db(),
        sql`SELECT name, is_priority FROM region WHERE code = '31.71.08'`,
      );
      expect(row).toEqual({ name: 'Johar Baru', is_priority: true });
    });

    it('loads another province by code, without BPS codes or priorities', async () => {
      const counts = await loadProvinceRegions(db(), '65');
      expect(counts).toEqual({ province: 1, kota: 5, kecamatan: 55, kelurahan: 482 });
      expect(await countByLevel(db(), '65')).toEqual(counts);
      const [flags] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM region WHERE code LIKE '65.%' AND (is_priority OR bps_code IS NOT NULL)`,
      );
      expect(flags?.n).toBe(0);
    });

    it('refuses an unknown province code', async () => {
      for (const code of ['99', '3', 'xx', '31.71']) {
        await expect(loadProvinceRegions(db(), code)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });

    it('loads the official series and serves it with the 2029 target band', async () => {
      const { status, body } = await getJson<PovertyBody>(env().ctx, '/statistics/poverty');
      expect(status).toBe(200);
      const series = body.series as { period: string; p0: number | null; poorPersons: number | null }[];
      expect(series).toHaveLength(17);
      expect(series[0]).toMatchObject({
        period: '2017-03',
        p0: 3.77,
        poorPersons: 389_690,
        povertyLine: 536_546,
      });
      expect(series.at(-1)).toMatchObject({ period: '2025-09', p0: 4.03, p1: 0.492, p2: 0.095 });
      expect(series.map((s) => s.period)).toEqual([...series.map((s) => s.period)].sort());
      expect(series.find((s) => s.period === '2019-03')).toMatchObject({ p0: 3.47, poorPersons: null });
      expect(body.target).toMatchObject({ year: 2029, p0Min: 1.82, p0Max: 2.91 });

      const kota = await getJson<PovertyBody>(env().ctx, '/statistics/poverty?region=31.74');
      expect(kota.body.series.map((s: { period: string }) => s.period)).toEqual([
        '2020-03',
        '2023-03',
        '2024-03',
      ]);
      expect(kota.body.series[2]).toMatchObject({
        p0: 3.03,
        poorPersons: 70_600,
        povertyLine: 928_278,
        p1: 0.27,
      });
      expect(kota.body.target).toBeNull();
      // No official rates below kota level (domain brief §0.11).
      expect(
        (await getJson<PovertyBody>(env().ctx, '/statistics/poverty?region=31.74.09')).body.series,
      ).toEqual([]);
    });

    it('documents its routes in the OpenAPI document', async () => {
      const response = await createApp(env().ctx).request('/api/openapi.json');
      const document = (await response.json()) as { paths: Record<string, unknown> };
      for (const route of ['/regions', '/regions/{code}', '/regions/{code}/map', '/statistics/poverty']) {
        expect(Object.keys(document.paths)).toContain(`/api/v1${route}`);
      }
    });

    it('answers 401 without a signed-in user', async () => {
      for (const url of ['/regions', '/regions/31', '/regions/31/map', '/statistics/poverty']) {
        const { status, body } = await getJson<ErrorBody>(env().ctx, url, null);
        expect(status, url).toBe(401);
        expect(body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('lists the kota of the configured province by default, and regions by level', async () => {
      const { status, body } = await getJson<ListBody>(env().ctx, '/regions');
      expect(status).toBe(200);
      expect(body.regions.map((r: { code: string }) => r.code)).toEqual([
        '31.01',
        '31.71',
        '31.72',
        '31.73',
        '31.74',
        '31.75',
      ]);
      expect(body.regions[1]).toMatchObject({
        name: 'Kota Administrasi Jakarta Pusat',
        bpsCode: '3173',
        level: 'kota',
      });
      expect(body.regions[1]?.stats).toMatchObject({
        households: 0,
        persons: 0,
        desilCounts: Array(10).fill(0),
      });
      expect((await getJson<ListBody>(env().ctx, '/regions?level=kecamatan')).body.regions).toHaveLength(44);
      expect(
        (await getJson<ListBody>(env().ctx, '/regions?parent=31.72&level=kelurahan')).body.regions,
      ).toHaveLength(31);
      expect((await getJson<ListBody>(env().ctx, '/regions?level=province')).body.regions).toHaveLength(1);
    });

    it('shows a region with its breadcrumb and children', async () => {
      const kelurahan = await getJson<DetailBody>(env().ctx, '/regions/31.71.08.1001');
      expect(kelurahan.status).toBe(200);
      expect(kelurahan.body.region).toMatchObject({
        code: '31.71.08.1001',
        level: 'kelurahan',
        parentCode: '31.71.08',
      });
      expect(kelurahan.body.ancestors.map((a: { code: string }) => a.code)).toEqual([
        '31',
        '31.71',
        '31.71.08',
      ]);
      expect(kelurahan.body.children).toEqual([]);
      const kota = await getJson<DetailBody>(env().ctx, '/regions/31.71');
      expect(kota.body.children).toHaveLength(8);
      const joharBaru = kota.body.children.find((c: { code: string }) => c.code === '31.71.08');
      expect(joharBaru).toMatchObject({ name: 'Johar Baru', isPriority: true, hasBoundary: false });
    });

    it('rejects malformed codes with a 400 naming the field, unknown ones with a 404', async () => {
      const cases: [string, string][] = [
        ['/regions/3171', 'param.code'],
        ['/regions/31.7/map', 'param.code'],
        ['/regions?parent=31-71', 'query.parent'],
        ['/regions?level=rw', 'query.level'],
        ['/regions/31/map?level=kota', 'query.level'],
        ['/statistics/poverty?region=jakarta', 'query.region'],
      ];
      for (const [url, field] of cases) {
        const { status, body } = await getJson<ErrorBody>(env().ctx, url);
        expect(status, url).toBe(400);
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(issuePaths(body), url).toContain(field);
      }
      for (const url of [
        '/regions/31.99',
        '/regions?parent=31.99.01',
        '/regions/32/map',
        '/statistics/poverty?region=32',
      ]) {
        const { status, body } = await getJson<ErrorBody>(env().ctx, url);
        expect(status, url).toBe(404);
        expect(body.error.code).toBe('NOT_FOUND');
      }
    });

    it('serves an empty map before boundaries are loaded', async () => {
      const { status, body } = await getJson<MapBody>(env().ctx, '/regions/31/map?level=kelurahan');
      expect(status).toBe(200);
      expect(body).toEqual({ type: 'FeatureCollection', features: [] });
    });

    it('loads the kecamatan and kelurahan boundaries of Jakarta', async () => {
      const kecamatan = await loadBoundaries(
        db(),
        readGeoJson('jakarta-kecamatan.geojson'),
        'test kecamatan',
      );
      expect(kecamatan).toEqual({ loaded: 44, unknownCodes: [] });
      const kelurahan = await loadBoundaries(
        db(),
        readGeoJson('jakarta-kelurahan.geojson'),
        'test kelurahan',
      );
      expect(kelurahan).toEqual({ loaded: 267, unknownCodes: [] });
      const again = await loadBoundaries(db(), readGeoJson('jakarta-kecamatan.geojson'), 'test again');
      expect(again.loaded).toBe(44);
      const [count] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM region_boundary`,
      );
      expect(count?.n).toBe(311);
    });

    it('reports unknown codes and refuses a malformed file naming the feature', async () => {
      const polygon = {
        type: 'Polygon',
        coordinates: [
          [
            [106.8, -6.2],
            [106.9, -6.2],
            [106.9, -6.1],
            [106.8, -6.2],
          ],
        ],
      };
      const feature = (code: string, geometry: unknown = polygon) => ({
        type: 'Feature',
        properties: { code },
        geometry,
      });
      const result = await loadBoundaries(
        db(),
        {
          type: 'FeatureCollection',
          features: [feature('31.71.01'), feature('31.99.99'), feature('31.71.01.9999')],
        },
        'test',
      );
      expect(result).toEqual({ loaded: 1, unknownCodes: ['31.99.99', '31.71.01.9999'] });
      const malformed = {
        type: 'FeatureCollection',
        features: [feature('31.71.01'), feature('31.71.02', { type: 'LineString', coordinates: [] })],
      };
      await expect(loadBoundaries(db(), malformed, 'test')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/feature 1/) as unknown,
      });
    });

    it('serves the map of a region at a level, with figures per feature', async () => {
      const all = await getJson<MapBody>(env().ctx, '/regions/31/map?level=kelurahan');
      expect(all.body.features).toHaveLength(267);
      const penjaringan = await getJson<MapBody>(env().ctx, '/regions/31.72.01/map?level=kelurahan');
      expect(penjaringan.body.features).toHaveLength(5);
      const first = penjaringan.body.features[0]!;
      expect(first.type).toBe('Feature');
      expect(['Polygon', 'MultiPolygon']).toContain(first.geometry.type);
      expect(first.properties).toMatchObject({
        code: '31.72.01.1001',
        name: 'Penjaringan',
        isPriority: false,
        households: 0,
      });
      const kecamatan = await getJson<MapBody>(env().ctx, '/regions/31/map');
      expect(kecamatan.body.features).toHaveLength(44);
      const priority = kecamatan.body.features.filter(
        (f: { properties: { isPriority: boolean } }) => f.properties.isPriority,
      );
      expect(priority).toHaveLength(10);
    });
  },
  async ({ ctx }) => {
    await loadProvince(ctx.database.db, '31');
  },
);

/** A household with members; each member may have left (end date) or be inactive (e.g. deceased). */
async function insertHousehold(
  db: Db,
  kk: string,
  kelurahanCode: string,
  members: { left?: boolean; status?: 'active' | 'deceased' }[],
  status: 'active' | 'inactive' = 'active',
): Promise<number> {
  const [row] = await db
    .insert(household)
    .values({
      kkNumber: kk,
      kelurahanCode,
      status,
      rw: '001',
      rt: '002',
      address: 'Jl. Contoh',
      tenure: 'own',
      floorAreaM2: '36',
      floorMaterial: 'ceramic',
      wallMaterial: 'brick_concrete',
      roofMaterial: 'tile',
      waterSource: 'piped',
      lightingSource: 'pln_metered',
      cookingFuel: 'lpg_3kg',
      toiletFacility: 'own_with_septic',
      hasRefrigerator: true,
      hasAirConditioner: false,
      hasMotorcycle: true,
      hasCar: false,
      hasComputer: false,
      hasGold: false,
      hasLand: false,
      source: 'test',
    })
    .returning({ id: household.id });
  const householdId = row!.id;
  for (const [position, member] of members.entries()) {
    const [p] = await db
      .insert(person)
      .values({
        nik: `31710141019${String(householdId).padStart(3, '0')}${position}`,
        name: `Warga ${householdId}-${position}`,
        sex: 'F',
        birthDate: '1990-01-01',
        maritalStatus: 'married',
        education: 'sma',
        occupation: 'labourer',
        schoolEnrolment: 'completed',
        status: member.status ?? 'active',
        source: 'test',
      })
      .returning({ id: person.id });
    await db.insert(householdMember).values({
      householdId,
      personId: p!.id,
      relationship: position === 0 ? 'head' : 'child',
      startDate: '2020-01-01',
      endDate: member.left ? '2024-01-01' : null,
      position,
    });
  }
  return householdId;
}

async function insertSnapshot(db: Db, modelId: number, date: string, rows: [number, number, boolean][]) {
  const [snapshot] = await db
    .insert(welfareSnapshot)
    .values({ modelId, snapshotDate: date, householdCount: rows.length })
    .returning({ id: welfareSnapshot.id });
  await db.insert(householdWelfare).values(
    rows.map(([householdId, desil, isExtremePoor]) => ({
      snapshotId: snapshot!.id,
      householdId,
      score: 13 - desil / 10,
      desil,
      isExtremePoor,
    })),
  );
  return snapshot!.id;
}

type StatRow = {
  households: number;
  persons: number;
  desil_counts: number[];
  extreme_poor_households: number;
  snapshot_id: number | null;
};

describeEachDatabase(
  'regions: registry figures per region',
  (env) => {
    const db = () => env().ctx.database.db;
    const statOf = async (code: string) => {
      const [row] = await queryRows<StatRow>(
        db(),
        sql`SELECT households, persons, desil_counts, extreme_poor_households, snapshot_id FROM region_stat WHERE region_code = ${code}`,
      );
      return row;
    };
    const desils = (counts: Record<number, number>) =>
      Array.from({ length: 10 }, (_, i) => counts[i + 1] ?? 0);

    it('counts active households and current members per region from the latest snapshot, rolled up by code', async () => {
      // Gambir (31.71.01.1001): 3 current members; 1 current + 1 who left + 1 deceased. Pasar Baru: 4 members.
      // An inactive household in Penjaringan counts nowhere.
      const h1 = await insertHousehold(db(), '3171010000000001', '31.71.01.1001', [{}, {}, {}]);
      const h2 = await insertHousehold(db(), '3171010000000002', '31.71.01.1001', [
        {},
        { left: true },
        { status: 'deceased' },
      ]);
      const h3 = await insertHousehold(db(), '3171020000000003', '31.71.02.1001', [{}, {}, {}, {}]);
      const h4 = await insertHousehold(db(), '3172010000000004', '31.72.01.1001', [{}, {}], 'inactive');
      const [model] = await db()
        .insert(pmtModel)
        .values({
          version: 'test-1',
          description: 'test',
          intercept: 13,
          coefficients: {},
          extremePovertyLine: '400000',
          calibratedFrom: 'test',
        })
        .returning({ id: pmtModel.id });
      // The older snapshot would give other desils; only the latest counts.
      await insertSnapshot(db(), model!.id, '2025-01-01', [
        [h1, 5, false],
        [h2, 5, false],
        [h3, 5, false],
        [h4, 1, true],
      ]);
      const latest = await insertSnapshot(db(), model!.id, '2025-06-01', [
        [h1, 1, true],
        [h2, 3, false],
        [h3, 10, false],
        [h4, 1, true],
      ]);

      await refreshRegionStats(db());

      const gambir = {
        households: 2,
        persons: 4,
        desil_counts: desils({ 1: 1, 3: 1 }),
        extreme_poor_households: 1,
        snapshot_id: latest,
      };
      expect(await statOf('31.71.01.1001')).toEqual(gambir);
      expect(await statOf('31.71.01')).toEqual(gambir);
      expect(await statOf('31.71.02.1001')).toMatchObject({
        households: 1,
        persons: 4,
        desil_counts: desils({ 10: 1 }),
      });
      const jakartaPusat = {
        households: 3,
        persons: 8,
        desil_counts: desils({ 1: 1, 3: 1, 10: 1 }),
        extreme_poor_households: 1,
      };
      expect(await statOf('31.71')).toMatchObject(jakartaPusat);
      expect(await statOf('31')).toMatchObject(jakartaPusat);
      expect(await statOf('31.72.01.1001')).toEqual({
        households: 0,
        persons: 0,
        desil_counts: desils({}),
        extreme_poor_households: 0,
        snapshot_id: latest,
      });
      expect(await statOf('31.72')).toMatchObject({ households: 0, persons: 0 });
      const [counts] = await queryRows<{ regions: number; stats: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM region) AS regions, (SELECT count(*)::int FROM region_stat) AS stats`,
      );
      expect(counts?.stats).toBe(counts?.regions);
    });

    it('follows changes on the next refresh', async () => {
      await db().execute(sql`UPDATE household SET status = 'inactive' WHERE kk_number = '3171020000000003'`);
      await refreshRegionStats(db());
      expect(await statOf('31.71.02')).toMatchObject({ households: 0, persons: 0, desil_counts: desils({}) });
      expect(await statOf('31')).toMatchObject({
        households: 2,
        persons: 4,
        desil_counts: desils({ 1: 1, 3: 1 }),
      });
    });

    it('serves the figures through the region routes', async () => {
      const { body } = await getJson<ListBody>(env().ctx, '/regions?parent=31.71.01');
      const gambir = body.regions.find((r) => r.code === '31.71.01.1001')!;
      expect(gambir.stats).toMatchObject({
        households: 2,
        persons: 4,
        extremePoorHouseholds: 1,
        desil1to4Share: 1,
      });
      expect(gambir.stats.refreshedAt).toEqual(expect.any(String));
      await loadBoundaries(db(), readGeoJson('jakarta-kelurahan.geojson'), 'test');
      const map = await getJson<MapBody>(env().ctx, '/regions/31.71.01/map?level=kelurahan');
      const feature = map.body.features.find((f) => f.properties.code === '31.71.01.1001')!;
      expect(feature.properties).toMatchObject({
        households: 2,
        persons: 4,
        extremePoorHouseholds: 1,
        desil1to4Share: 1,
      });
      expect(feature.properties.centroid).toHaveLength(2);
    });
  },
  async ({ ctx }) => {
    await loadProvince(ctx.database.db, '31');
  },
);
