import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedSyntheticEnrolments } from '../synthetic/enrolments.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import type { PriorityResult } from './priority.contracts.ts';
import { ensurePriorityWeightings } from './priority.service.ts';

const password = 'priority-password';
/** Scores and contributions have 4 decimals: compare them in exact integer ten-thousandths. */
const units = (x: number) => Math.round(x * 10_000);
const parts = ['extremePoor', 'desil14', 'coverageGap', 'housing'] as const;

describeEachDatabase(
  'priority locations: explainable score, weightings compared, XLSX',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let session: TestSession;
    const get = async (path: string) => {
      const response = await request(app, 'GET', path, { session });
      return { status: response.status, body: (await response.json()) as PriorityResult };
    };

    beforeAll(async () => {
      app = createApp(env().ctx);
      session = await loginAs(app, 'sekretariat', password);
    });

    it('each score is the sum of its breakdown, exactly, under both weightings', async () => {
      const { status, body } = await get('/priority/locations');
      expect(status).toBe(200);
      expect(body.a.code).toBe('seimbang');
      expect(body.b.code).toBe('miskin_ekstrem');
      expect(body.items.length).toBeGreaterThan(100);
      for (const item of body.items)
        for (const side of [item.a, item.b]) {
          const sum = parts.reduce((s, p) => s + units(side.breakdown[p]), 0);
          expect(sum, item.code).toBe(units(side.score));
        }
      expect(body.items.some((i) => i.a.score > 0)).toBe(true);
    });

    it('follows the documented formula: min–max normalised shares × weight × 100', async () => {
      const { body } = await get('/priority/locations');
      for (const part of parts) {
        const values = body.items.map((i) => i.components[part]);
        const min = Math.min(...values);
        const max = Math.max(...values);
        for (const item of body.items) {
          const normalised = max === min ? 0 : (item.components[part] - min) / (max - min);
          // The raw shares are shown to 4 decimals, so allow that rounding.
          expect(item.a.breakdown[part], `${item.code} ${part}`).toBeCloseTo(
            normalised * 100 * body.a.weights[part],
            1,
          );
          expect(item.b.breakdown[part], `${item.code} ${part}`).toBeCloseTo(
            normalised * 100 * body.b.weights[part],
            1,
          );
        }
      }
    });

    it('computes the raw shares from the registry (hand-checked against household counts)', async () => {
      const { body } = await get('/priority/locations');
      const truth = await queryRows<{ code: string; households: number; extreme: number; deprived: number }>(
        env().ctx.database.db,
        sql`SELECT h.kelurahan_code AS code, count(*)::int AS households,
              count(*) FILTER (WHERE w.is_extreme_poor)::int AS extreme,
              count(*) FILTER (WHERE (CASE WHEN h.floor_material IN ('earth', 'wood_cheap_bamboo') THEN 1 ELSE 0 END
                + CASE WHEN h.wall_material IN ('bamboo_thatch', 'other') THEN 1 ELSE 0 END
                + CASE WHEN h.roof_material IN ('wood_thatch', 'other') THEN 1 ELSE 0 END
                + CASE WHEN h.water_source IN ('unprotected_well', 'rain_other') THEN 1 ELSE 0 END
                + CASE WHEN h.toilet_facility IN ('public', 'none') THEN 1 ELSE 0 END) >= 2)::int AS deprived
            FROM household h
            LEFT JOIN household_welfare w ON w.household_id = h.id
              AND w.snapshot_id = (SELECT max(id) FROM welfare_snapshot)
            WHERE h.status = 'active' GROUP BY h.kelurahan_code`,
      );
      const byCode = new Map(body.items.map((i) => [i.code, i]));
      expect(truth.length).toBe(body.items.length);
      for (const t of truth) {
        const item = byCode.get(t.code)!;
        expect(item.households).toBe(t.households);
        expect(item.components.extremePoor).toBeCloseTo(t.extreme / t.households, 3);
        expect(item.components.housing).toBeCloseTo(t.deprived / t.households, 3);
      }
      expect(truth.some((t) => t.deprived > 0)).toBe(true);
    });

    it('ranks 1..n by score under each weighting and reports the rank change A − B', async () => {
      const { body } = await get('/priority/locations');
      for (const side of ['a', 'b'] as const) {
        const ranked = [...body.items].sort((x, y) => x[side].rank - y[side].rank);
        expect(ranked.map((i) => i[side].rank)).toEqual(ranked.map((_, n) => n + 1));
        for (let n = 1; n < ranked.length; n++)
          expect(ranked[n - 1]![side].score).toBeGreaterThanOrEqual(ranked[n]![side].score);
      }
      for (const item of body.items) expect(item.rankChange).toBe(item.a.rank - item.b.rank);
      // Different weights reorder the kelurahan.
      expect(body.items.some((i) => i.rankChange !== 0)).toBe(true);
    });

    it('weights are data: a new weighting all on housing ranks by housing deprivation alone', async () => {
      await env().ctx.database.db.execute(
        sql`INSERT INTO priority_weighting (code, name, w_extreme_poor, w_desil14, w_coverage_gap, w_housing)
            VALUES ('rumah_saja', 'Rumah saja', 0, 0, 0, 1) ON CONFLICT (code) DO NOTHING`,
      );
      const { status, body } = await get('/priority/locations?a=rumah_saja&b=seimbang');
      expect(status).toBe(200);
      const top = body.items.find((i) => i.a.rank === 1)!;
      expect(top.components.housing).toBe(Math.max(...body.items.map((i) => i.components.housing)));
      for (const item of body.items) {
        expect(item.a.breakdown.extremePoor + item.a.breakdown.desil14 + item.a.breakdown.coverageGap).toBe(
          0,
        );
        expect(item.a.score).toBe(item.a.breakdown.housing);
      }
    });

    it('the secretariat saves a weighting through the API; weights must sum to 1; other roles are refused', async () => {
      const body = {
        name: 'Cakupan dulu',
        description: 'Celah cakupan 0,7; sisanya 0,1.',
        weights: { extremePoor: 0.1, desil14: 0.1, coverageGap: 0.7, housing: 0.1 },
      };
      const saved = await request(app, 'PUT', '/priority/weightings/cakupan_dulu', { session, body });
      expect(saved.status).toBe(200);
      expect(await saved.json()).toMatchObject({
        code: 'cakupan_dulu',
        isDefault: false,
        weights: body.weights,
      });
      const ranked = await get('/priority/locations?a=cakupan_dulu&b=seimbang');
      expect(ranked.status).toBe(200);
      // The same normalised component under 0.7 (A) and under seimbang's 0.25 (B); contributions have 4 decimals.
      for (const item of ranked.body.items)
        expect(
          Math.abs(item.a.breakdown.coverageGap - (item.b.breakdown.coverageGap * 0.7) / 0.25),
        ).toBeLessThan(0.0003);
      expect(ranked.body.items.some((i) => i.a.breakdown.coverageGap > 0)).toBe(true);
      // Changed weights apply at once; the sum must be exactly 1; a partner may not edit.
      const changed = { ...body, weights: { extremePoor: 0, desil14: 0, coverageGap: 1, housing: 0 } };
      expect(
        (await request(app, 'PUT', '/priority/weightings/cakupan_dulu', { session, body: changed })).status,
      ).toBe(200);
      const again = await get('/priority/locations?a=cakupan_dulu&b=seimbang');
      for (const item of again.body.items) expect(item.a.score).toBe(item.a.breakdown.coverageGap);
      const badSum = { ...body, weights: { ...body.weights, housing: 0.2 } };
      const refused = await request(app, 'PUT', '/priority/weightings/cakupan_dulu', {
        session,
        body: badSum,
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain('sum to 1');
      const partner = await loginAs(app, 'mitra.baznas', password);
      const forbidden = await request(app, 'PUT', '/priority/weightings/cakupan_dulu', {
        session: partner,
        body,
      });
      expect(forbidden.status).toBe(403);
      const listed = (await (await request(app, 'GET', '/priority/weightings', { session })).json()) as {
        items: { code: string; weights: Record<string, number> }[];
      };
      expect(listed.items.find((w) => w.code === 'cakupan_dulu')?.weights.coverageGap).toBe(1);
    });

    it('flags the 10 official priority kecamatan on their kelurahan', async () => {
      const { body } = await get('/priority/locations');
      expect(body.priorityKecamatan.length).toBe(10);
      const priority = new Set(body.priorityKecamatan.map((k) => k.code));
      for (const item of body.items) expect(item.isPriorityKecamatan).toBe(priority.has(item.kecamatanCode));
      expect(body.items.some((i) => i.isPriorityKecamatan)).toBe(true);
    });

    it('filters to one kota, keeping province-wide ranks', async () => {
      const all = (await get('/priority/locations')).body;
      const { body } = await get('/priority/locations?kota=31.72');
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.every((i) => i.code.startsWith('31.72.'))).toBe(true);
      expect(body.items).toEqual(all.items.filter((i) => i.code.startsWith('31.72.')));
    });

    it('exports the comparison as XLSX: a row per kelurahan, scores as in the API', async () => {
      const { body } = await get('/priority/locations');
      const response = await request(app, 'GET', '/priority/locations.xlsx', { session });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.getWorksheet('Lokasi prioritas')!;
      expect(sheet.rowCount).toBe(body.items.length + 1);
      expect(sheet.getRow(1).getCell(1).value).toBe('Kode kelurahan');
      const first = body.items[0]!;
      expect(sheet.getRow(2).getCell(1).value).toBe(first.code);
      expect(sheet.getRow(2).getCell(11).value).toBe(first.a.score);
      expect(sheet.getRow(2).getCell(18).value).toBe(first.rankChange);
    });

    it('needs a session and refuses an unknown weighting', async () => {
      expect((await request(app, 'GET', '/priority/locations')).status).toBe(401);
      expect((await get('/priority/locations?a=tidak_ada')).status).toBe(404);
      const weightings = await request(app, 'GET', '/priority/weightings', { session });
      const list = (await weightings.json()) as { items: { code: string; isDefault: boolean }[] };
      expect(list.items.filter((w) => w.isDefault).map((w) => w.code)).toEqual(['seimbang']);
    });

    it('leaves the rollups it rewrote analysed, so dashboards are planned for their real sizes', async () => {
      const rows = await queryRows<{ table: string; estimate: number; actual: number }>(
        env().ctx.database.db,
        sql`SELECT c.relname AS table, c.reltuples::int AS estimate,
              (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::int AS actual
            FROM pg_class c
            WHERE c.relname IN ('targeting_rollup', 'coverage_rollup', 'indicator_value', 'priority_component')`,
      );
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row.actual, row.table).toBeGreaterThan(0);
        expect(row.estimate, row.table).toBe(row.actual);
      }
    });

    it('reads the counts the recompute precomputed: a registry change shows after the next recompute', async () => {
      const db = env().ctx.database.db;
      const before = (await get('/priority/locations')).body;
      expect(before.computedAt).not.toBeNull();
      const [target] = await queryRows<{ id: number; code: string }>(
        db,
        sql`SELECT h.id, h.kelurahan_code AS code FROM household h
            WHERE h.status = 'active' AND h.floor_material NOT IN ('earth', 'wood_cheap_bamboo')
              AND h.wall_material NOT IN ('bamboo_thatch', 'other') AND h.roof_material NOT IN ('wood_thatch', 'other')
              AND h.water_source NOT IN ('unprotected_well', 'rain_other')
              AND h.toilet_facility NOT IN ('public', 'none')
            ORDER BY h.id LIMIT 1`,
      );
      const item = before.items.find((i) => i.code === target!.code)!;
      await db.execute(
        sql`UPDATE household SET floor_material = 'earth', wall_material = 'bamboo_thatch' WHERE id = ${target!.id}`,
      );
      // Until the recompute refreshes the rollup, the page shows the figures it was computed from.
      const stale = (await get('/priority/locations')).body.items.find((i) => i.code === target!.code)!;
      expect(stale.components.housing).toBe(item.components.housing);
      await recomputeTargeting(db);
      const after = (await get('/priority/locations')).body;
      const fresh = after.items.find((i) => i.code === target!.code)!;
      const deprivedBefore = Math.round(item.components.housing * item.households);
      expect(fresh.components.housing).toBeCloseTo((deprivedBefore + 1) / item.households, 4);
      expect(Date.parse(after.computedAt!)).toBeGreaterThanOrEqual(Date.parse(before.computedAt!));
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 6 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await ensurePriorityWeightings(database.db);
    await recomputeWelfare(database.db);
    await seedSyntheticEnrolments(database.db, { seed: 6, plantRate: 0.05 });
    await recomputeTargeting(database.db);
  },
);
