import { count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import type { AppContext, AppEnv, SessionUser } from '../../http/context.ts';
import { appUser } from '../access/access.schema.ts';
import { insertTestRegions } from '../access/access.test-support.ts';
import { seedPrograms } from './programs.data.ts';
import { checkRuleText } from './programs.rules.ts';
import { program, programBenefit, programRule } from './programs.schema.ts';
import { currentBenefitAmounts, ensurePrograms } from './programs.service.ts';

type Issue = { path: string; message: string; line?: number; column?: number };
type ErrorJson = { error: { code: string; details?: { issues: Issue[] } } };
type RuleJson = { version: number; isActive: boolean; ruleText: string };

const baseUser = { displayName: 'Test', csrfToken: 'test', organisation: null as string | null };
const users: Record<string, SessionUser> = {
  secretariat: { ...baseUser, id: 1, username: 'sekretariat', role: 'secretariat', regionCode: '31' },
  dinsos: {
    ...baseUser,
    id: 2,
    username: 'dinsos',
    role: 'agency',
    regionCode: '31',
    organisation: 'DINSOS',
  },
  disdik: {
    ...baseUser,
    id: 3,
    username: 'disdik',
    role: 'agency',
    regionCode: '31',
    organisation: 'DISDIK',
  },
  kelurahan: {
    ...baseUser,
    id: 4,
    username: 'kel.gambir',
    role: 'kelurahan_operator',
    regionCode: '31.71.01.1001',
  },
};

/** The real app with the request's user pinned (the session middleware would set it from a cookie). Test-only. */
function appAs(ctx: AppContext, user: SessionUser | null) {
  const outer = new Hono<AppEnv>();
  outer.use('*', async (c, next) => {
    const set = c.set.bind(c) as (key: string, value: unknown) => void;
    c.set = (key: string, value: unknown) => set(key, key === 'user' ? user : value);
    await next();
  });
  outer.route('/', createApp(ctx));
  return outer;
}

async function call<T>(
  ctx: AppContext,
  user: SessionUser | null,
  method: string,
  url: string,
  body?: unknown,
) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await appAs(ctx, user).request(`/api/v1${url}`, init);
  return { status: response.status, body: (await response.json()) as T };
}

describeEachDatabase(
  'program catalogue',
  (env) => {
    const db = () => env().ctx.database.db;

    it('loads every seeded program with amounts and a valid active rule', async () => {
      const rows = await db().select().from(program);
      expect(rows).toHaveLength(seedPrograms.length);
      expect(rows.length).toBeGreaterThanOrEqual(15);
      expect(new Set(rows.map((r) => r.pillar))).toEqual(new Set([1, 2, 3, 4]));
      const amounts = await db()
        .select({ code: programBenefit.programCode, n: count() })
        .from(programBenefit)
        .groupBy(programBenefit.programCode);
      const active = await db().select().from(programRule).where(eq(programRule.isActive, true));
      for (const seed of seedPrograms) {
        expect(amounts.find((a) => a.code === seed.code)?.n ?? 0, seed.code).toBeGreaterThanOrEqual(1);
        const rule = active.find((r) => r.programCode === seed.code);
        expect(rule?.version, seed.code).toBe(1);
        expect(checkRuleText(rule!.ruleText, seed.unit), seed.code).toEqual([]);
      }
    });

    it('picks the amount valid on a date (KLJ Rp600k until 2022, Rp300k from 2023)', async () => {
      const on2022 = await currentBenefitAmounts(db(), 'KLJ', '2022-06-01');
      const on2024 = await currentBenefitAmounts(db(), 'KLJ', '2024-01-01');
      expect(on2022.map((a) => a.amount)).toEqual([600_000]);
      expect(on2024.map((a) => a.amount)).toEqual([300_000]);
      expect(await currentBenefitAmounts(db(), 'KLJ', '2017-01-01')).toEqual([]);
      const kjp = await currentBenefitAmounts(db(), 'KJP_PLUS', '2025-03-01');
      expect(Object.fromEntries(kjp.map((a) => [a.component, a.amount]))).toMatchObject({
        SD: 250_000,
        SMP: 300_000,
        SMA: 420_000,
        SMK: 450_000,
        PKBM: 300_000,
      });
    });

    it('reloads idempotently without touching saved rules', async () => {
      const before = await db().select({ n: count() }).from(programBenefit);
      const again = await ensurePrograms(db());
      const after = await db().select({ n: count() }).from(programBenefit);
      expect(again.rulesAdded).toBe(0);
      expect(after[0]!.n).toBe(before[0]!.n);
      expect((await db().select().from(program)).length).toBe(seedPrograms.length);
    });

    it('lists and filters the catalogue for any signed-in role', async () => {
      const { ctx } = env();
      type ListJson = {
        programs: { code: string; pillar: number; agency: string; activeRuleVersion: number }[];
      };
      const all = await call<ListJson>(ctx, users.kelurahan!, 'GET', '/programs');
      expect(all.status).toBe(200);
      expect(all.body.programs).toHaveLength(seedPrograms.length);
      const pillar3 = await call<ListJson>(ctx, users.kelurahan!, 'GET', '/programs?pillar=3');
      expect(pillar3.body.programs.map((p) => p.code).sort()).toEqual(['JAKPRENEUR', 'PELATIHAN_KERJA']);
      const dinsos = await call<ListJson>(ctx, users.kelurahan!, 'GET', '/programs?agency=DINSOS');
      expect(dinsos.body.programs.every((p) => p.agency === 'DINSOS')).toBe(true);
      expect(dinsos.body.programs.map((p) => p.code)).toContain('KLJ');
      type DetailJson = {
        amounts: unknown[];
        currentAmounts: { amount: number }[];
        budgets: { quota: number }[];
      };
      const klj = await call<DetailJson>(ctx, users.kelurahan!, 'GET', '/programs/KLJ?date=2022-06-01');
      expect(klj.status).toBe(200);
      expect(klj.body.amounts).toHaveLength(2);
      expect(klj.body.currentAmounts[0]?.amount).toBe(600_000);
      expect(klj.body.budgets[0]?.quota).toBe(107_573);
      expect((await call(ctx, null, 'GET', '/programs')).status).toBe(401);
    });

    it('saves a rule as the next active version and keeps the old one', async () => {
      const { ctx } = env();
      const ruleText = 'age >= 60 and desil <= 3 and ktp_dki and domicile_dki';
      const saved = await call<RuleJson>(ctx, users.dinsos!, 'POST', '/programs/KLJ/rules', { ruleText });
      expect(saved.status).toBe(201);
      expect(saved.body).toMatchObject({ version: 2, isActive: true, ruleText });
      const versions = await call<{ rules: RuleJson[] }>(ctx, users.kelurahan!, 'GET', '/programs/KLJ/rules');
      expect(versions.body.rules.map((r) => [r.version, r.isActive])).toEqual([
        [2, true],
        [1, false],
      ]);
      const reload = await ensurePrograms(db());
      expect(reload.rulesAdded).toBe(0);
      const active = await db().select().from(programRule).where(eq(programRule.isActive, true));
      expect(active.find((r) => r.programCode === 'KLJ')?.version).toBe(2);
    });

    it('lets only the secretariat and the program’s own agency save a rule', async () => {
      const { ctx } = env();
      const body = { ruleText: 'age >= 60 and desil <= 4' };
      const kelurahan = await call<ErrorJson>(ctx, users.kelurahan!, 'POST', '/programs/KLJ/rules', body);
      expect(kelurahan.status).toBe(403);
      const disdik = await call<ErrorJson>(ctx, users.disdik!, 'POST', '/programs/KLJ/rules', body);
      expect(disdik.status).toBe(403);
      expect(disdik.body.error.code).toBe('FORBIDDEN');
      const secretariat = await call<RuleJson>(ctx, users.secretariat!, 'POST', '/programs/KLJ/rules', body);
      expect(secretariat.status).toBe(201);
      expect(secretariat.body.version).toBe(3);
    });

    it('refuses an invalid rule with its line and column under body.ruleText', async () => {
      const { ctx } = env();
      const ruleText = 'desil <= 4\n  and agee >= 60';
      const bad = await call<ErrorJson>(ctx, users.dinsos!, 'POST', '/programs/KLJ/rules', { ruleText });
      expect(bad.status).toBe(400);
      const issue = bad.body.error.details!.issues[0]!;
      expect(issue.path).toBe('body.ruleText');
      expect(issue).toMatchObject({ line: 2, column: 7 });
      const household = await call<ErrorJson>(ctx, users.secretariat!, 'POST', '/programs/PKH/rules', {
        ruleText: 'desil <= 4 and age >= 70',
      });
      expect(household.status).toBe(400);
      const rules = await db().select().from(programRule).where(eq(programRule.programCode, 'PKH'));
      expect(rules).toHaveLength(1);
    });

    it('answers 400 naming the field for malformed input, 404 for an unknown program', async () => {
      const { ctx } = env();
      const paths = async (url: string, method = 'GET', body?: unknown) =>
        (await call<ErrorJson>(ctx, users.secretariat!, method, url, body)).body.error.details?.issues.map(
          (i) => i.path,
        );
      expect(await paths('/programs?pillar=7')).toEqual(['query.pillar']);
      expect(await paths('/programs?agency=dinsos')).toEqual(['query.agency']);
      expect(await paths('/programs/KLJ?date=2024-13-01')).toEqual(['query.date']);
      expect(await paths('/programs/kjp-plus')).toEqual(['param.code']);
      expect(await paths('/programs/KLJ/rules', 'POST', {})).toEqual(['body.ruleText']);
      expect(await paths('/programs/KLJ/rules', 'POST', { ruleText: 5 })).toEqual(['body.ruleText']);
      expect((await call(ctx, users.secretariat!, 'GET', '/programs/NOPE')).status).toBe(404);
      expect(
        (await call(ctx, users.secretariat!, 'POST', '/programs/NOPE/rules', { ruleText: 'desil <= 4' }))
          .status,
      ).toBe(404);
    });
  },
  async ({ ctx }) => {
    const db = ctx.database.db;
    await insertTestRegions(db);
    await db.insert(appUser).values(
      Object.values(users).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        passwordHash: 'not-used',
        role: u.role,
        regionCode: u.regionCode,
        organisation: u.organisation,
      })),
    );
    const loaded = await ensurePrograms(db);
    expect(loaded.rulesAdded).toBe(seedPrograms.length);
  },
);
