import { sql } from 'drizzle-orm';
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
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import { eligibleSetRows } from './targeting.recompute.repository.ts';
import { recomputeTargeting } from './targeting.recompute.ts';

const password = 'views-password';
const penjaringan = '31.72.01.1001';

interface FindingsBody {
  items: {
    kind: string;
    programs: string[];
    kelurahanCode: string;
    householdId: number;
    nik: string | null;
  }[];
  total: number;
}

describeEachDatabase(
  'targeting views: totals, coverage, findings and extreme-poor gaps',
  (env) => {
    let app: ReturnType<typeof createApp>;
    const sessions: Record<string, TestSession> = {};
    const db = () => env().ctx.database.db;
    const get = async <T>(user: string, path: string) => {
      const response = await request(app, 'GET', path, { session: sessions[user]! });
      return { status: response.status, body: (await response.json()) as T };
    };

    beforeAll(async () => {
      app = createApp(env().ctx);
      for (const user of ['sekretariat', 'kel.penjaringan', 'dinsos', 'mitra.baznas', 'tkpk.jakut'])
        sessions[user] = await loginAs(app, user, password);
    });

    it('shows a kelurahan operator only the findings of its kelurahan, every one, each household audited', async () => {
      const [expected] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM targeting_finding WHERE kelurahan_code = ${penjaringan}`,
      );
      expect(expected!.n).toBeGreaterThan(0);
      const { status, body } = await get<FindingsBody>('kel.penjaringan', '/targeting/findings?pageSize=100');
      expect(status).toBe(200);
      expect(body.total).toBe(expected!.n);
      expect(body.items.every((f) => f.kelurahanCode === penjaringan)).toBe(true);
      const households = new Set(body.items.map((f) => f.householdId));
      const [audited] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(DISTINCT subject_id)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
            WHERE u.username = 'kel.penjaringan' AND a.details->>'view' = 'targeting findings'`,
      );
      expect(audited!.n).toBe(households.size);
    });

    it('shows an agency only findings involving its own programs, and refuses partners', async () => {
      const [expected] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM targeting_finding f
            WHERE EXISTS (SELECT 1 FROM program p WHERE p.agency = 'DINSOS' AND p.code = ANY(f.programs))`,
      );
      const { body } = await get<FindingsBody>('dinsos', '/targeting/findings?pageSize=100');
      expect(body.total).toBe(expected!.n);
      const dinsos = new Set(
        (await queryRows<{ code: string }>(db(), sql`SELECT code FROM program WHERE agency = 'DINSOS'`)).map(
          (r) => r.code,
        ),
      );
      expect(body.items.every((f) => f.programs.some((p) => dinsos.has(p)))).toBe(true);
      const kinds = await get<FindingsBody>('sekretariat', '/targeting/findings?kind=overlap&pageSize=100');
      expect(kinds.body.items.every((f) => f.kind === 'overlap')).toBe(true);
      expect((await get('mitra.baznas', '/targeting/findings')).status).toBe(403);
    });

    it('sums program totals over the area from the rollup, and refuses an area outside the user’s', async () => {
      const { body } = await get<{
        programs: {
          code: string;
          eligible: number;
          exclusionErrors: number;
          coverageDesil1: number | null;
        }[];
      }>('tkpk.jakut', '/targeting/summary');
      const [expected] = await queryRows<{ eligible: number; exclusion: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM ${eligibleSetRows} e
                    WHERE program_code = 'BPNT' AND kelurahan_code LIKE '31.72.%') AS eligible,
                   (SELECT count(*)::int FROM targeting_finding
                    WHERE program_code = 'BPNT' AND kind = 'exclusion' AND kelurahan_code LIKE '31.72.%') AS exclusion`,
      );
      const bpnt = body.programs.find((p) => p.code === 'BPNT')!;
      expect(bpnt.eligible).toBe(expected!.eligible);
      expect(bpnt.exclusionErrors).toBe(expected!.exclusion);
      expect((await get('tkpk.jakut', '/targeting/summary?region=31.71')).status).toBe(403);
    });

    it('builds the desil × pillar coverage matrix per kecamatan of a kota', async () => {
      const { body } = await get<{
        areas: {
          code: string;
          cells: { desil: number; pillar: number; households: number; covered: number }[];
        }[];
        totals: { desil: number; pillar: number; households: number; covered: number }[];
      }>('tkpk.jakut', '/targeting/coverage');
      expect(body.areas.length).toBeGreaterThan(1);
      expect(body.areas.every((a) => a.code.startsWith('31.72.'))).toBe(true);
      const [expected] = await queryRows<{ households: number; covered: number }>(
        db(),
        sql`SELECT count(*)::int AS households,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM enrolment n JOIN program p ON p.code = n.program_code
                     WHERE n.household_id = h.id AND n.status = 'active' AND p.pillar = 2))::int AS covered
            FROM household h
            JOIN household_welfare w ON w.household_id = h.id
            WHERE h.status = 'active' AND h.kelurahan_code LIKE '31.72.%' AND w.desil = 1`,
      );
      const cell = body.totals.find((c) => c.desil === 1 && c.pillar === 2)!;
      expect(cell).toMatchObject(expected!);
    });

    it('lists extreme-poor households with the programs reaching them and their gaps by pillar', async () => {
      const { body } = await get<{
        items: { householdId: number; pillars: { pillar: number; programs: string[]; gaps: string[] }[] }[];
        total: number;
      }>('sekretariat', '/targeting/extreme-poor?pageSize=100');
      const [expected] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM household_welfare WHERE is_extreme_poor`,
      );
      expect(body.total).toBe(expected!.n);
      const withGap = body.items.find((h) => h.pillars.some((p) => p.gaps.length > 0));
      expect(withGap).toBeDefined();
      const gaps = await queryRows<{ program: string }>(
        db(),
        sql`SELECT program_code AS program FROM targeting_finding
            WHERE household_id = ${withGap!.householdId} AND kind = 'exclusion' ORDER BY 1`,
      );
      const listed = withGap!.pillars.flatMap((p) => p.gaps);
      expect([...new Set(listed)].sort()).toEqual([...new Set(gaps.map((g) => g.program))].sort());
    });

    it('queues the recompute for the secretariat only', async () => {
      const denied = await request(app, 'POST', '/targeting/recompute', {
        session: sessions['dinsos']!,
        body: {},
      });
      expect(denied.status).toBe(403);
      const queued = await request(app, 'POST', '/targeting/recompute', {
        session: sessions['sekretariat']!,
        body: {},
      });
      expect(queued.status).toBe(202);
      const { jobId } = (await queued.json()) as { jobId: number };
      await env().ctx.jobs.idle();
      const [job] = await queryRows<{ status: string }>(
        db(),
        sql`SELECT status FROM job WHERE id = ${jobId}`,
      );
      expect(job!.status).toBe('succeeded');
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 8 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
    await seedSyntheticEnrolments(database.db, { seed: 8, plantRate: 0.05 });
    await recomputeTargeting(database.db);
  },
);
