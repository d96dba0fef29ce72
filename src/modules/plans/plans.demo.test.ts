import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { ensureDemoPlans } from './plans.demo.ts';
import { planRealisation } from './plans.service.ts';

describeEachDatabase(
  'demo action plans',
  (env) => {
    const db = () => env().ctx.database.db;

    it('creates the approved RAT 2026 of the province and Jakarta Utara once, with Q1–Q3 progress', async () => {
      expect(await ensureDemoPlans(db())).toHaveLength(2);
      expect(await ensureDemoPlans(db())).toEqual([]);
      const plans = await queryRows<{ region: string; status: string; activities: number; quarters: string }>(
        db(),
        sql`SELECT p.region_code AS region, p.status, count(DISTINCT a.id)::int AS activities,
                   string_agg(DISTINCT g.quarter::text, ',' ORDER BY g.quarter::text) AS quarters
            FROM plan p JOIN plan_activity a ON a.plan_id = p.id JOIN plan_progress g ON g.activity_id = a.id
            GROUP BY p.region_code, p.status ORDER BY p.region_code`,
      );
      expect(plans).toEqual([
        { region: '31', status: 'approved', activities: 5, quarters: '1,2,3' },
        { region: '31.72', status: 'approved', activities: 3, quarters: '1,2,3' },
      ]);
      const report = await planRealisation(db(), {
        year: 2026,
        quarter: 3,
        regionCode: '31',
        groupBy: 'area',
      });
      expect(report.rows.map((r) => r.key)).toEqual(['31', '31.72']);
      expect(report.total.activities).toBe(8);
      expect(report.total.realised).toBeGreaterThan(0);
      expect(report.total.realised).toBeLessThan(report.total.budget);
    });
  },
  async ({ ctx }) => {
    await loadProvince(ctx.database.db, '31');
    await ensurePrograms(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, 'demo-password');
  },
);
