import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { request } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedSyntheticEnrolments } from '../synthetic/enrolments.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import type { OpenDataArea } from './opendata.contracts.ts';

const levels = ['province', 'kota', 'kecamatan', 'kelurahan'] as const;
const measureKeys = ['households', 'persons', 'desil14Households', 'extremePoorHouseholds'] as const;
const allowedKeys = [
  'code',
  'parentCode',
  'level',
  'name',
  'isPriority',
  ...measureKeys,
  'coveredByPillar',
].sort();

/** The published measures of an area, coverage pillars flattened (`coveredPillar1`…). */
function measures(area: OpenDataArea): Record<string, number | null> {
  return {
    households: area.households,
    persons: area.persons,
    desil14Households: area.desil14Households,
    extremePoorHouseholds: area.extremePoorHouseholds,
    ...Object.fromEntries(area.coveredByPillar.map((v, i) => [`coveredPillar${i + 1}`, v])),
  };
}

describeEachDatabase(
  'open data: public aggregates, suppression across area levels, CSV',
  (env) => {
    let app: ReturnType<typeof createApp>;
    const byLevel = new Map<string, OpenDataArea[]>();

    beforeAll(async () => {
      app = createApp(env().ctx);
      for (const level of levels) {
        const response = await request(app, 'GET', `/open-data/areas?level=${level}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { threshold: number; areas: OpenDataArea[] };
        expect(body.threshold).toBe(10);
        byLevel.set(level, body.areas);
      }
    });

    it('is reachable without signing in and lists every region of each level', async () => {
      const [counts] = await queryRows<Record<string, number>>(
        env().ctx.database.db,
        sql`SELECT ${sql.raw(levels.map((l) => `count(*) FILTER (WHERE level = '${l}')::int AS ${l}`).join(', '))} FROM region`,
      );
      for (const level of levels) expect(byLevel.get(level)!.length, level).toBe(counts![level]);
    });

    it('never shows a count under 10, and shows the true figure when it shows one', async () => {
      const truth = await queryRows<{ code: string; households: number; extreme: number }>(
        env().ctx.database.db,
        sql`SELECT region_code AS code, households, extreme_poor_households AS extreme FROM region_stat`,
      );
      const trueOf = new Map(truth.map((t) => [t.code, t]));
      let shown = 0;
      let hidden = 0;
      for (const level of levels)
        for (const area of byLevel.get(level)!) {
          for (const value of Object.values(measures(area))) {
            if (value === null) hidden++;
            else {
              shown++;
              expect(value).toBeGreaterThanOrEqual(10);
            }
          }
          if (area.households !== null) expect(area.households).toBe(trueOf.get(area.code)!.households);
          else expect(trueOf.get(area.code)?.households ?? 0).toBeGreaterThanOrEqual(0);
          if (area.extremePoorHouseholds !== null)
            expect(area.extremePoorHouseholds).toBe(trueOf.get(area.code)!.extreme);
        }
      // The fixture has both: small kelurahan figures and large city figures.
      expect(shown).toBeGreaterThan(50);
      expect(hidden).toBeGreaterThan(50);
      // Every true count under 10 is hidden.
      for (const area of byLevel.get('kelurahan')!)
        if ((trueOf.get(area.code)?.households ?? 0) < 10) expect(area.households).toBeNull();
    });

    it('survives the subtraction attack across levels: parent total minus the visible children', () => {
      const all = levels.flatMap((l) => byLevel.get(l)!);
      const known = new Map<string, number>();
      for (const area of all)
        for (const [key, value] of Object.entries(measures(area)))
          if (value !== null) known.set(`${area.code}|${key}`, value);
      const children = new Map<string, string[]>();
      for (const area of all)
        if (area.parentCode)
          children.set(area.parentCode, [...(children.get(area.parentCode) ?? []), area.code]);
      const keys = Object.keys(measures(all[0]!));
      let relations = 0;
      let recovered = 0;
      // Repeat until nothing new is learnt, so chains (kelurahan → kecamatan → kota) are followed too.
      for (let progress = true; progress;) {
        progress = false;
        for (const [parent, kids] of children)
          for (const key of keys) {
            relations++;
            const members = [parent, ...kids].map((c) => `${c}|${key}`);
            const unknown = members.filter((m) => !known.has(m));
            if (unknown.length !== 1) continue;
            const [total, ...parts] = members;
            const missing = unknown[0]!;
            const value =
              missing === total
                ? parts.reduce((s, p) => s + known.get(p)!, 0)
                : known.get(total!)! -
                  parts.filter((p) => p !== missing).reduce((s, p) => s + known.get(p)!, 0);
            known.set(missing, value);
            recovered++;
            progress = true;
          }
      }
      expect(relations).toBeGreaterThan(0);
      expect(recovered).toBe(0);
    });

    it('filters a level to the areas inside a parent', async () => {
      const response = await request(app, 'GET', '/open-data/areas?level=kecamatan&within=31.72');
      const body = (await response.json()) as { areas: OpenDataArea[] };
      expect(body.areas.length).toBeGreaterThan(0);
      expect(body.areas.every((a) => a.parentCode === '31.72')).toBe(true);
      const all = byLevel.get('kecamatan')!.filter((a) => a.parentCode === '31.72');
      expect(body.areas).toEqual(all);
    });

    it('downloads one CSV per level: text/csv, a header, a line per area, blanks for suppressed cells', async () => {
      for (const level of levels) {
        const response = await request(app, 'GET', `/open-data/areas.csv?level=${level}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/csv');
        expect(response.headers.get('content-disposition')).toContain(`tepat-data-terbuka-${level}.csv`);
        const lines = (await response.text()).split('\r\n').filter((l) => l !== '');
        expect(lines[0]).toBe(
          'kode_wilayah,nama_wilayah,tingkat,kecamatan_prioritas,rumah_tangga,jiwa,rumah_tangga_desil_1_4,rumah_tangga_miskin_ekstrem,desil_1_4_terjangkau_pilar_1,desil_1_4_terjangkau_pilar_2,desil_1_4_terjangkau_pilar_3,desil_1_4_terjangkau_pilar_4',
        );
        const areas = byLevel.get(level)!;
        expect(lines.length).toBe(areas.length + 1);
        for (const [i, area] of areas.entries()) {
          // Region names have no commas, so a plain split is the CSV's fields.
          const fields = lines[i + 1]!.split(',');
          expect(fields[0]).toBe(area.code);
          expect(fields[4]).toBe(area.households === null ? '' : String(area.households));
          for (const f of fields.slice(4)) if (f !== '') expect(Number(f)).toBeGreaterThanOrEqual(10);
        }
      }
    });

    it('carries no personal data: only the aggregate fields, no NIK, no person names', async () => {
      for (const level of levels)
        for (const area of byLevel.get(level)!) expect(Object.keys(area).sort()).toEqual(allowedKeys);
      const texts = await Promise.all(
        levels.flatMap((level) => [
          request(app, 'GET', `/open-data/areas?level=${level}`).then((r) => r.text()),
          request(app, 'GET', `/open-data/areas.csv?level=${level}`).then((r) => r.text()),
        ]),
      );
      const people = await queryRows<{ nik: string; name: string }>(
        env().ctx.database.db,
        sql`SELECT nik, name FROM person ORDER BY id LIMIT 50`,
      );
      expect(people.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text).not.toMatch(/\d{16}/);
        for (const person of people) {
          expect(text).not.toContain(person.nik);
          expect(text).not.toContain(person.name);
        }
      }
    });

    it('answers fast enough to compute on read (measured: figures, suppression and its audit)', async () => {
      const times: number[] = [];
      for (let n = 0; n < 5; n++) {
        const start = performance.now();
        expect((await request(app, 'GET', '/open-data/areas?level=kelurahan')).status).toBe(200);
        times.push(performance.now() - start);
      }
      times.sort((x, y) => x - y);
      console.info(`[${env().kind}] /open-data/areas?level=kelurahan median ${times[2]!.toFixed(1)} ms`);
      expect(times[2]).toBeLessThan(2000);
    });

    it('is documented in the OpenAPI document as public (no session security)', async () => {
      const response = await app.request('/api/openapi.json');
      const doc = (await response.json()) as { paths: Record<string, { get?: { security?: unknown[] } }> };
      expect(doc.paths['/api/v1/open-data/areas']?.get?.security).toEqual([]);
      expect(doc.paths['/api/v1/open-data/areas.csv']?.get?.security).toEqual([]);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 5 });
    await ensurePrograms(database.db);
    await recomputeWelfare(database.db);
    await seedSyntheticEnrolments(database.db, { seed: 5, plantRate: 0.05 });
    await recomputeTargeting(database.db);
  },
);
