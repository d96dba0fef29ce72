import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { appUser } from '../access/access.schema.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { parseValidRule } from '../eligibility/eligibility.service.ts';
import { eligibleSetSql } from '../eligibility/rules.compiler.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';

const password = 'targeting-password';
const penjaringan = '31.72.01.1001';

interface EligibleBody {
  items: {
    householdId: number;
    kelurahanCode: string;
    desil: number | null;
    isExtremePoor: boolean | null;
    name: string | null;
  }[];
  total: number;
}
interface TraceNode {
  text: string;
  passed: boolean;
  value?: unknown;
  children?: TraceNode[];
}

describeEachDatabase(
  'targeting: eligible lists and explanations',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let operator: TestSession;
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      operator = await loginAs(app, 'kel.penjaringan', password);
    });

    /** The BPNT eligible households of an area, counted straight from the compiled rule. */
    async function countEligible(region: string) {
      const ast = parseValidRule('desil <= 4', 'household');
      const set = eligibleSetSql(ast, 'household', { referenceDate: todayInJakarta(), regionCode: region });
      const [row] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM (${set}) e`);
      return row!.n;
    }

    it('lists a kelurahan operator exactly the eligible households of their kelurahan, ranked, each audited', async () => {
      const response = await request(
        app,
        'GET',
        '/programs/BPNT/eligible?pageSize=100&purpose=penyaluran%20BPNT',
        { session: operator },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as EligibleBody;
      expect(body.total).toBeGreaterThan(0);
      expect(body.total).toBe(await countEligible(penjaringan));
      expect(body.items).toHaveLength(body.total);
      for (const item of body.items) {
        expect(item.kelurahanCode).toBe(penjaringan);
        expect(item.desil).toBeLessThanOrEqual(4);
        expect(item.name).toBeTruthy();
      }
      const rank = body.items.map((i) => [i.isExtremePoor ? 0 : 1, i.desil ?? 99]);
      expect(rank).toEqual([...rank].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
      const [user] = await db().select().from(appUser).where(eq(appUser.username, 'kel.penjaringan'));
      const [audits] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, user!.id), eq(auditLog.purpose, 'penyaluran BPNT')));
      expect(audits!.n).toBe(body.items.length);
    });

    it('narrows the secretariat to a region and refuses partners', async () => {
      const secretariat = await loginAs(app, 'sekretariat', password);
      const response = await request(app, 'GET', '/programs/BPNT/eligible?region=31.72&pageSize=5', {
        session: secretariat,
      });
      const body = (await response.json()) as EligibleBody;
      expect(body.total).toBe(await countEligible('31.72'));
      expect(body.items.every((i) => i.kelurahanCode.startsWith('31.72.'))).toBe(true);
      const partner = await loginAs(app, 'mitra.baznas', password);
      expect((await request(app, 'GET', '/programs/BPNT/eligible', { session: partner })).status).toBe(403);
      expect((await request(app, 'GET', '/programs/NOPE/eligible', { session: secretariat })).status).toBe(
        404,
      );
    });

    it('explains in and out with the values seen, and hides households outside the area', async () => {
      const households = await queryRows<{ id: number; desil: number; kelurahan: string }>(
        db(),
        sql`SELECT h.id::int AS id, hw.desil::int AS desil, h.kelurahan_code AS kelurahan FROM household h
            JOIN household_welfare hw ON hw.household_id = h.id ORDER BY h.id`,
      );
      const inside = households.filter((h) => h.kelurahan === penjaringan);
      const poor = inside.find((h) => h.desil <= 4)!;
      const richer = inside.find((h) => h.desil > 4)!;
      const outside = households.find((h) => h.kelurahan !== penjaringan)!;
      const explain = async (id: number) =>
        request(app, 'GET', `/programs/BPNT/explain?householdId=${id}`, { session: operator });
      const yes = (await (await explain(poor.id)).json()) as { passed: boolean; trace: TraceNode };
      expect(yes.passed).toBe(true);
      const no = (await (await explain(richer.id)).json()) as { passed: boolean; trace: TraceNode };
      expect(no.passed).toBe(false);
      expect(no.trace).toMatchObject({ passed: false, value: richer.desil });
      expect((await explain(outside.id)).status).toBe(404);
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
