import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import type { BenefitRow } from '../programs/programs.repository.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import { yearlyBenefitPerUnit, type WhatIfRow } from './targeting.whatif.ts';

const password = 'whatif-password';

interface WhatIfBody {
  region: { code: string };
  yearlyBenefitPerUnit: number | null;
  budgetIsEstimate: boolean;
  areas: WhatIfRow[];
  total: WhatIfRow;
}

/** Latest-snapshot desil of active households, for counting expectations straight from the fixture. */
const latestWelfare = sql`household h JOIN household_welfare hw ON hw.household_id = h.id
  AND hw.snapshot_id = (SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)
  WHERE h.status = 'active'`;

describeEachDatabase(
  'targeting: what-if of a proposed rule',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let secretariat: TestSession;
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      secretariat = await loginAs(app, 'sekretariat', password);
    });

    const whatIf = (session: TestSession, code: string, body: unknown) =>
      request(app, 'POST', `/programs/${code}/what-if`, { session, body });

    /** Elderly (60+) current members with a KTP DKI in desil-5 households, per kecamatan of Jakarta Utara. */
    async function elderlyDesil5ByKecamatan() {
      return queryRows<{ kecamatan: string; n: number }>(
        db(),
        sql`SELECT left(h.kelurahan_code, 8) AS kecamatan, count(*)::int AS n
            FROM household h
            JOIN household_welfare hw ON hw.household_id = h.id
              AND hw.snapshot_id = (SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)
            JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
            JOIN person p ON p.id = m.person_id AND p.status = 'active'
            WHERE h.status = 'active' AND hw.desil = 5 AND h.kelurahan_code LIKE '31.72.%'
              AND p.birth_date <= (${todayInJakarta()}::date - interval '60 years')
              AND (p.ktp_region_code = '31' OR p.ktp_region_code LIKE '31.%')
            GROUP BY 1`,
      );
    }

    it('counts exactly the desil-5 elderly more when KLJ widens to desil <= 5, per kecamatan', async () => {
      const [active] = await queryRows<{ ruleText: string }>(
        db(),
        sql`SELECT rule_text AS "ruleText" FROM program_rule WHERE program_code = 'KLJ' AND is_active`,
      );
      const proposed = active!.ruleText.replace('desil <= 4', 'desil <= 5');
      expect(proposed).not.toBe(active!.ruleText);
      const response = await whatIf(secretariat, 'KLJ', { rule: proposed, region: '31.72' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as WhatIfBody;
      const expected = new Map((await elderlyDesil5ByKecamatan()).map((r) => [r.kecamatan, r.n]));
      const expectedTotal = [...expected.values()].reduce((a, b) => a + b, 0);
      expect(expectedTotal).toBeGreaterThan(0);
      expect(body.total.delta).toBe(expectedTotal);
      expect(body.areas.length).toBeGreaterThan(1);
      for (const area of body.areas) {
        expect(area.code).toMatch(/^31\.72\.\d{2}$/);
        expect(area.delta).toBe(expected.get(area.code) ?? 0);
      }
      expect(body.total.current).toBe(body.areas.reduce((sum, a) => sum + a.current, 0));
      // KLJ pays Rp300,000 a month since 2023 (seed catalogue): Rp3.6 million a year per person.
      expect(body.yearlyBenefitPerUnit).toBe(3_600_000);
      expect(body.budgetIsEstimate).toBe(false);
      expect(body.total.budgetCurrent).toBe(body.total.current * 3_600_000);
      expect(body.total.budgetProposed).toBe(body.total.proposed * 3_600_000);
      // Aggregates only: no identifier of a person or household leaves.
      expect(JSON.stringify(body)).not.toMatch(/nik|personId|householdId|kkNumber/i);
    });

    it('reports desil-1 coverage of households for a household program', async () => {
      const [d1] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM ${latestWelfare} AND hw.desil = 1 AND h.kelurahan_code LIKE '31.72.%'`,
      );
      const response = await whatIf(secretariat, 'BPNT', { rule: 'desil between 2 and 5', region: '31.72' });
      const body = (await response.json()) as WhatIfBody;
      expect(d1!.n).toBeGreaterThan(0);
      expect(body.total.desil1Units).toBe(d1!.n);
      // Active rule desil <= 4 covers every desil-1 household; the proposal none.
      expect(body.total.coverageCurrent).toBe(1);
      expect(body.total.coverageProposed).toBe(0);
      expect(body.yearlyBenefitPerUnit).toBe(2_400_000);
    });

    it('refuses an invalid rule with its message and saves nothing', async () => {
      const before = await queryRows(db(), sql`SELECT * FROM program_rule ORDER BY id`);
      const response = await whatIf(secretariat, 'KLJ', { rule: 'desil <= 4 and colour = 3' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { details: { issues: { message: string }[] } } };
      expect(body.error.details.issues[0]!.message).toMatch(/colour/);
      await whatIf(secretariat, 'KLJ', { rule: 'age >= 60 and desil <= 6' });
      expect(await queryRows(db(), sql`SELECT * FROM program_rule ORDER BY id`)).toEqual(before);
    });

    it('lets partners run it in their area and keeps others inside theirs', async () => {
      const partner = await loginAs(app, 'mitra.baznas', password);
      const ok = await whatIf(partner, 'BPNT', { rule: 'desil <= 3' });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as WhatIfBody;
      expect(body.region.code).toBe('31');
      expect(body.total.proposed).toBeLessThanOrEqual(body.total.current);
      const operator = await loginAs(app, 'kel.penjaringan', password);
      const own = (await (await whatIf(operator, 'BPNT', { rule: 'desil <= 3' })).json()) as WhatIfBody;
      expect(own.areas.map((a) => a.code)).toEqual(['31.72.01.1001']);
      expect((await whatIf(operator, 'BPNT', { rule: 'desil <= 3', region: '31.71' })).status).toBe(403);
      expect((await whatIf(secretariat, 'NOPE', { rule: 'desil <= 3' })).status).toBe(404);
      expect((await whatIf(secretariat, 'BPNT', { rule: 'desil <= 3', region: '31.99' })).status).toBe(404);
    });

    it('averages components into an estimate when there is no whole-program amount', () => {
      const row = (component: string | null, amount: number | null, period: 'month' | 'year') =>
        ({ component, amount, period }) as BenefitRow;
      expect(yearlyBenefitPerUnit([row('SD', 100, 'month'), row('SMP', 200, 'month')], null)).toEqual({
        amount: 1_800,
        isEstimate: true,
      });
      expect(yearlyBenefitPerUnit([row(null, 5, 'year'), row('X', 100, 'month')], null)).toEqual({
        amount: 5,
        isEstimate: false,
      });
      expect(yearlyBenefitPerUnit([row(null, null, 'month')], null)).toEqual({
        amount: null,
        isEstimate: false,
      });
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.0005, seed: 5 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
  },
);
