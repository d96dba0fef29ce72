import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { recoverableCells } from '../opendata/suppression.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, signInOutsideReviewer, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import type { AssignedHousehold, Consent, Needs, Pledge } from './partners.contracts.ts';
import { overlapCheckLimits } from './partners.overlap.ts';
import { ensurePartnerOrganisations } from './partners.service.ts';

const password = 'partners-password';
const penjaringan = '31.72.01.1001';

interface Target {
  id: number;
  headNik: string;
  headName: string;
  otherNik: string | null;
  address: string;
  rt: string;
  rw: string;
}

describeEachDatabase(
  'partners',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    const sessions: Record<string, TestSession> = {};
    /** A household program of pillar 2 and a household of Penjaringan enrolled in nothing of pillar 2. */
    let programCode: string;
    let target: Target;
    let pledge: Pledge;

    const call = (user: string, method: string, path: string, body?: unknown) =>
      request(app, method, path, { session: sessions[user]!, body });
    async function ok<T>(response: Response | Promise<Response>, status = 200): Promise<T> {
      const r = await response;
      const text = await r.text();
      expect(r.status, text).toBe(status);
      return JSON.parse(text) as T;
    }
    const errorCode = async (response: Promise<Response>) =>
      ((await (await response).json()) as { error: { code: string; details?: unknown } }).error;

    /** The NIK of an active person in another household with no active pillar-2 enrolment. */
    async function unservedNik(): Promise<string> {
      const [row] = await queryRows<{ nik: string }>(
        db(),
        sql`SELECT p.nik FROM person p JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL
            WHERE p.status = 'active' AND m.household_id <> ${target.id}
              AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN program g ON g.code = e.program_code
                              WHERE g.pillar = 2 AND e.status = 'active'
                                AND (e.person_id = p.id OR e.household_id = m.household_id))
              AND (SELECT count(*) FROM person px WHERE px.nik = p.nik) = 1
            ORDER BY p.id LIMIT 1`,
      );
      return row!.nik;
    }

    beforeAll(async () => {
      app = createApp(env().ctx);
      for (const user of ['sekretariat', 'kel.penjaringan', 'mitra.baznas', 'dinsos', 'petugas.penjaringan'])
        sessions[user] = await loginAs(app, user, password);
      sessions['kel.kamalmuara'] = await signInOutsideReviewer(app, db(), password);
      const [program] = await queryRows<{ code: string }>(
        db(),
        sql`SELECT code FROM program WHERE pillar = 2 AND unit = 'household' ORDER BY code LIMIT 1`,
      );
      programCode = program!.code;
      const [row] = await queryRows<Target>(
        db(),
        sql`SELECT h.id::int AS id, p.nik AS "headNik", p.name AS "headName", h.address, h.rt, h.rw,
                   (SELECT p2.nik FROM household_member m2 JOIN person p2 ON p2.id = m2.person_id
                    WHERE m2.household_id = h.id AND m2.end_date IS NULL AND m2.relationship <> 'head'
                      AND p2.status = 'active' LIMIT 1) AS "otherNik"
            FROM household h
            JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
            JOIN person p ON p.id = m.person_id AND p.status = 'active'
            JOIN household_welfare w ON w.household_id = h.id
            WHERE h.kelurahan_code = ${penjaringan} AND h.status = 'active' AND w.desil <= 4
              AND NOT EXISTS (
                SELECT 1 FROM enrolment e JOIN program g ON g.code = e.program_code
                WHERE g.pillar = 2 AND e.status = 'active'
                  AND e.household_id IN (SELECT m3.household_id FROM household_member m3
                                         WHERE m3.person_id = p.id AND m3.end_date IS NULL))
              AND (SELECT count(*) FROM person px WHERE px.nik = p.nik) = 1
            ORDER BY h.id LIMIT 1`,
      );
      target = row!;
    });

    it('pledges: a partner pledges as itself, the secretariat for anyone; other roles are refused', async () => {
      pledge = await ok<Pledge>(
        call('mitra.baznas', 'POST', '/partners/pledges', {
          organisationCode: 'SOMEONE_ELSE',
          pillar: 2,
          programCode,
          locations: ['31.72'],
          amount: 50_000_000,
          householdsTarget: 100,
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
        }),
        201,
      );
      expect(pledge).toMatchObject({ organisationCode: 'BAZNAS', status: 'pledged', realisedValue: 0 });
      const kel = call('kel.penjaringan', 'POST', '/partners/pledges', {
        pillar: 2,
        amount: 1,
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
      });
      expect((await errorCode(kel)).code).toBe('FORBIDDEN');
      const badProgram = await errorCode(
        call('sekretariat', 'POST', '/partners/pledges', {
          organisationCode: 'BAZNAS',
          pillar: 3,
          programCode,
          amount: 1,
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
        }),
      );
      expect(badProgram.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(badProgram.details)).toContain('pillar_mismatch');
      expect((await call('petugas.penjaringan', 'GET', '/partners/pledges')).status).toBe(403);
      const listed = await ok<{ items: Pledge[] }>(call('sekretariat', 'GET', '/partners/pledges'));
      expect(listed.items.map((p) => p.id)).toContain(pledge.id);
      // Each caller is told which statuses it may move a pledge to: the secretariat and the pledging partner.
      expect(pledge.nextStatuses).toEqual(['active', 'withdrawn']);
      expect(listed.items.find((p) => p.id === pledge.id)?.nextStatuses).toEqual(['active', 'withdrawn']);
      const agencyView = await ok<{ items: Pledge[] }>(call('dinsos', 'GET', '/partners/pledges'));
      expect(agencyView.items.find((p) => p.id === pledge.id)?.nextStatuses).toEqual([]);
      // A withdrawn pledge is final.
      const other = await ok<Pledge>(
        call('sekretariat', 'POST', '/partners/pledges', {
          organisationCode: 'BAZNAS',
          pillar: 3,
          householdsTarget: 5,
          periodStart: '2026-01-01',
          periodEnd: '2026-06-30',
        }),
        201,
      );
      const withdrawn = await ok<Pledge>(
        call('mitra.baznas', 'POST', `/partners/pledges/${other.id}/status`, { status: 'withdrawn' }),
      );
      expect(withdrawn).toMatchObject({ status: 'withdrawn', nextStatuses: [] });
      expect(
        (await call('sekretariat', 'POST', `/partners/pledges/${other.id}/status`, { status: 'active' }))
          .status,
      ).toBe(409);
    });

    it('without consent the household cannot be assigned and the partner sees nothing of it', async () => {
      const refused = await errorCode(
        call('kel.penjaringan', 'POST', '/partners/assignments', {
          pledgeId: pledge.id,
          householdId: target.id,
        }),
      );
      expect(refused.code).toBe('CONFLICT');
      expect(refused.details).toEqual({ reason: 'no_consent' });
      const [assignments] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM partner_assignment WHERE household_id = ${target.id}`,
      );
      expect(assignments!.n).toBe(0);
      expect((await call('mitra.baznas', 'GET', `/partners/households/${target.id}`)).status).toBe(404);
      const list = await ok<{ items: AssignedHousehold[] }>(
        call('mitra.baznas', 'GET', '/partners/households'),
      );
      expect(list.items).toEqual([]);
      // Partners still get 403 on the registry itself.
      expect((await call('mitra.baznas', 'GET', `/households/${target.id}`)).status).toBe(403);
    });

    it('consent is recorded by the kelurahan (a current member’s NIK), not from outside its area', async () => {
      const body = {
        householdId: target.id,
        organisationCode: 'BAZNAS',
        pillar: 2,
        purpose: 'Bantuan pangan BAZNAS',
        consentingNik: target.headNik,
        consentedAt: '2026-02-01T09:00:00+07:00',
        contactPhone: '0812-3456-7890',
      };
      expect((await call('kel.kamalmuara', 'POST', '/partners/consents', body)).status).toBe(404);
      expect((await call('mitra.baznas', 'POST', '/partners/consents', body)).status).toBe(403);
      const stranger = await errorCode(
        call('kel.penjaringan', 'POST', '/partners/consents', { ...body, consentingNik: '3172014101900001' }),
      );
      expect(JSON.stringify(stranger.details)).toContain('not_a_member');
      const consent = await ok<Consent>(call('kel.penjaringan', 'POST', '/partners/consents', body), 201);
      expect(consent).toMatchObject({
        householdId: target.id,
        organisationCode: 'BAZNAS',
        withdrawnAt: null,
      });
      expect((await call('kel.penjaringan', 'POST', '/partners/consents', body)).status).toBe(409);
    });

    it('after consent and assignment the partner sees exactly the delivery fields, and the read is audited', async () => {
      await ok(
        call('kel.penjaringan', 'POST', '/partners/assignments', {
          pledgeId: pledge.id,
          householdId: target.id,
        }),
      );
      const one = await ok<{ items: AssignedHousehold[] }>(
        call('mitra.baznas', 'GET', `/partners/households/${target.id}`),
      );
      expect(one.items).toHaveLength(1);
      const item = one.items[0]!;
      expect(Object.keys(item).sort()).toEqual(
        [
          'address',
          'assignmentId',
          'consent',
          'headName',
          'householdId',
          'kelurahanCode',
          'kelurahanName',
          'phone',
          'pledge',
          'rt',
          'rw',
        ].sort(),
      );
      expect(Object.keys(item.pledge).sort()).toEqual(
        ['id', 'periodEnd', 'periodStart', 'pillar', 'programCode'].sort(),
      );
      expect(Object.keys(item.consent).sort()).toEqual(['consentedAt', 'purpose']);
      expect(item).toMatchObject({
        householdId: target.id,
        headName: target.headName,
        address: target.address,
        rt: target.rt,
        rw: target.rw,
        kelurahanCode: penjaringan,
        phone: '0812-3456-7890',
        pledge: { id: pledge.id, pillar: 2, programCode },
      });
      expect(JSON.stringify(one)).not.toContain(target.headNik);
      const list = await ok<{ items: AssignedHousehold[] }>(
        call('mitra.baznas', 'GET', '/partners/households'),
      );
      expect(list.items.map((h) => h.householdId)).toEqual([target.id]);
      const [audit] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
            WHERE u.username = 'mitra.baznas' AND a.action = 'read' AND a.subject_type = 'household'
              AND a.subject_id = ${String(target.id)}`,
      );
      expect(audit!.n).toBe(2);
      // Only the partner has this view.
      expect((await call('sekretariat', 'GET', '/partners/households')).status).toBe(403);
    });

    it('a delivery report lands in the ledger with the partner as provider, counts toward the pledge and coverage', async () => {
      const [before] = await queryRows<{ covered: number }>(
        db(),
        sql`SELECT coalesce(sum(c.covered), 0)::int AS covered FROM coverage_rollup c
            WHERE c.kelurahan_code = ${penjaringan} AND c.pillar = 2`,
      );
      const [assignment] = (
        await ok<{ items: AssignedHousehold[] }>(
          call('mitra.baznas', 'GET', `/partners/households/${target.id}`),
        )
      ).items;
      const report = {
        items: [
          {
            assignmentId: assignment!.assignmentId,
            service: 'Paket sembako',
            deliveredOn: '2026-03-05',
            value: 350_000,
          },
          {
            assignmentId: assignment!.assignmentId,
            service: 'Paket sembako',
            deliveredOn: '2026-04-05',
            value: 350_000,
          },
        ],
      };
      const result = await ok<{ recorded: number; duplicates: number; enrolmentsCreated: number }>(
        call('mitra.baznas', 'POST', '/partners/deliveries', report),
      );
      expect(result).toEqual({ recorded: 2, duplicates: 0, enrolmentsCreated: 1 });
      const ledger = await queryRows<{ provider: string; kind: string; period: string; amount: number }>(
        db(),
        sql`SELECT e.provider, e.provider_kind AS kind, d.period::text AS period, d.amount::int AS amount
            FROM enrolment e JOIN delivery d ON d.enrolment_id = e.id
            WHERE e.household_id = ${target.id} AND e.program_code = ${programCode} ORDER BY d.period`,
      );
      expect(ledger).toEqual([
        { provider: 'BAZNAS', kind: 'partner', period: '2026-03-01', amount: 350_000 },
        { provider: 'BAZNAS', kind: 'partner', period: '2026-04-01', amount: 350_000 },
      ]);
      // The same report again is a harmless repeat; a different value for a recorded month is refused whole.
      expect(await ok(call('mitra.baznas', 'POST', '/partners/deliveries', report))).toEqual({
        recorded: 0,
        duplicates: 2,
        enrolmentsCreated: 0,
      });
      const changed = await errorCode(
        call('mitra.baznas', 'POST', '/partners/deliveries', {
          items: [{ ...report.items[0]!, value: 1 }],
        }),
      );
      expect(JSON.stringify(changed.details)).toContain('conflict');
      const [mine] = (
        await ok<{ items: Pledge[] }>(call('mitra.baznas', 'GET', '/partners/pledges'))
      ).items.filter((p) => p.id === pledge.id);
      expect(mine).toMatchObject({ realisedValue: 700_000, householdsReached: 1, householdsAssigned: 1 });
      const contributions = await ok<{
        items: { organisationCode: string; regionCode: string; realisedValue: number }[];
      }>(call('sekretariat', 'GET', '/partners/contributions?region=31.72'));
      expect(contributions.items).toEqual([
        expect.objectContaining({
          organisationCode: 'BAZNAS',
          regionCode: '31.72.01',
          realisedValue: 700_000,
        }),
      ]);
      await recomputeTargeting(db());
      const [after] = await queryRows<{ covered: number }>(
        db(),
        sql`SELECT coalesce(sum(c.covered), 0)::int AS covered FROM coverage_rollup c
            WHERE c.kelurahan_code = ${penjaringan} AND c.pillar = 2`,
      );
      expect(after!.covered).toBe(before!.covered + 1);
    });

    it('the overlap check answers yes or no and nothing more, for partners and agencies only', async () => {
      const check = (user: string, nik: string) =>
        call(user, 'POST', '/partners/overlap-check', { nik, pillar: 2, purpose: 'screening a food list' });
      const cases = {
        served: target.headNik,
        notServed: await unservedNik(),
        unknown: '3172014101990002',
        invalidButWellFormed: '9999999999999999',
      };
      const responses = Object.fromEntries(
        await Promise.all(
          Object.entries(cases).map(async ([name, nik]) => {
            const r = await check('mitra.baznas', nik);
            return [name, { status: r.status, headers: [...r.headers.keys()].sort(), body: await r.text() }];
          }),
        ),
      ) as Record<keyof typeof cases, { status: number; headers: string[]; body: string }>;
      expect(responses.served).toMatchObject({ status: 200, body: '{"served":true}' });
      for (const name of ['notServed', 'unknown', 'invalidButWellFormed'] as const)
        expect(responses[name]).toEqual({ ...responses.served, body: '{"served":false}' });
      // An agency may ask too; a household program serves every current member.
      expect(
        await (
          await call('dinsos', 'POST', '/partners/overlap-check', { nik: target.headNik, pillar: 2 })
        ).json(),
      ).toEqual({
        served: true,
      });
      for (const user of ['sekretariat', 'kel.penjaringan'])
        expect((await check(user, target.headNik)).status).toBe(403);
      expect((await check('mitra.baznas', '12345')).status).toBe(400);
      const [audited] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log
            WHERE purpose = 'screening a food list' AND details->>'overlapCheck' = 'true'`,
      );
      expect(audited!.n).toBe(4);
    });

    it('the overlap check is throttled per user whatever the NIK', async () => {
      const session = await loginAs(app, 'dinsos', password, { clientAddress: '198.51.100.7' });
      const statuses: number[] = [];
      for (let i = 0; i < overlapCheckLimits.maxPerUsername + 1; i += 1) {
        const r = await request(app, 'POST', '/partners/overlap-check', {
          session,
          body: { nik: i % 2 ? target.headNik : '3172014101990002', pillar: 1 },
          clientAddress: '198.51.100.7',
        });
        statuses.push(r.status);
      }
      // dinsos made one check in the previous test.
      expect(statuses.filter((s) => s === 200)).toHaveLength(overlapCheckLimits.maxPerUsername - 1);
      expect(statuses.at(-1)).toBe(429);
    });

    it('published needs are aggregates with no count under 10 and none recoverable by subtraction', async () => {
      for (const region of ['31', '31.72', '31.72.01']) {
        const needs = await ok<Needs>(call('mitra.baznas', 'GET', `/partners/needs?region=${region}`));
        expect(needs.minimumCount).toBe(10);
        const raw = await queryRows<{ code: string; pillar: number; d14: number; xp: number }>(
          db(),
          sql`SELECT left(kelurahan_code, ${region === '31' ? 5 : region === '31.72' ? 8 : 13}) AS code,
                     pillar::int AS pillar,
                     coalesce(sum(households - covered) FILTER (WHERE desil BETWEEN 1 AND 4), 0)::int AS d14,
                     sum(extreme_poor - extreme_poor_covered)::int AS xp
              FROM coverage_rollup WHERE kelurahan_code LIKE ${`${region}.%`} GROUP BY 1, 2`,
        );
        const children = needs.items.filter((i) => i.regionCode !== region);
        expect(children.length).toBe(raw.length);
        for (const item of needs.items)
          expect(Object.keys(item).sort()).toEqual(
            ['desil14Unreached', 'extremePoorUnreached', 'pillar', 'regionCode', 'regionName'].sort(),
          );
        for (const measure of ['desil14Unreached', 'extremePoorUnreached'] as const) {
          for (const child of children) {
            const truth = raw.find((r) => r.code === child.regionCode && r.pillar === child.pillar)!;
            const value = child[measure];
            // Shown counts are the true ones and never under 10; every true count under 10 is hidden.
            if (value !== null) expect(value).toBe(measure === 'desil14Unreached' ? truth.d14 : truth.xp);
            if (value !== null) expect(value).toBeGreaterThanOrEqual(10);
            if ((measure === 'desil14Unreached' ? truth.d14 : truth.xp) < 10) expect(value).toBeNull();
          }
          for (const pillar of [1, 2, 3, 4]) {
            const total = needs.items.find((i) => i.regionCode === region && i.pillar === pillar)!;
            const parts = children.filter((c) => c.pillar === pillar);
            const cell = (v: number | null) => ({ suppressed: v === null });
            const totalCell = cell(total[measure]);
            const partCells = parts.map((p) => cell(p[measure]));
            expect(
              recoverableCells([totalCell, ...partCells], [{ total: totalCell, parts: partCells }]),
            ).toEqual([]);
          }
        }
        if (region === '31.72.01') expect(children.some((c) => c.desil14Unreached === null)).toBe(true);
        if (region === '31') expect(children.some((c) => c.desil14Unreached !== null)).toBe(true);
      }
      expect((await call('mitra.baznas', 'GET', '/partners/needs?region=31.99')).status).toBe(404);
    });

    it('published needs follow the coverage rollup as soon as it changes (no stale suppressed table)', async () => {
      const read = async () =>
        (await ok<Needs>(call('mitra.baznas', 'GET', '/partners/needs?region=31'))).items.find(
          (i) => i.regionCode === '31' && i.pillar === 1,
        )!.desil14Unreached;
      const before = await read();
      expect(before).not.toBeNull();
      // 25 more unreached desil 1–4 households of pillar 1 in one kelurahan, as a recompute would write them.
      const [row] = await queryRows<{ code: string; desil: number }>(
        db(),
        sql`SELECT kelurahan_code AS code, desil FROM coverage_rollup WHERE pillar = 1 AND desil = 1
            ORDER BY kelurahan_code LIMIT 1`,
      );
      const shift = (n: number) =>
        db().execute(
          sql`UPDATE coverage_rollup SET households = households + ${n}
              WHERE kelurahan_code = ${row!.code} AND desil = 1 AND pillar = 1`,
        );
      await shift(25);
      try {
        expect(await read()).toBe(before! + 25);
      } finally {
        await shift(-25);
      }
      expect(await read()).toBe(before);
    });

    it('withdrawing consent ends the partner’s view at once; deliveries to it are refused', async () => {
      const consents = await ok<{ items: Consent[] }>(
        call('kel.penjaringan', 'GET', `/partners/consents?householdId=${target.id}`),
      );
      const open = consents.items.find((c) => c.withdrawnAt === null)!;
      const assignment = (
        await ok<{ items: AssignedHousehold[] }>(
          call('mitra.baznas', 'GET', `/partners/households/${target.id}`),
        )
      ).items[0]!;
      const withdrawn = await ok<Consent>(
        call('kel.penjaringan', 'POST', `/partners/consents/${open.id}/withdraw`, {
          reason: 'Kepala keluarga menarik persetujuan',
        }),
      );
      expect(withdrawn.withdrawnAt).not.toBeNull();
      expect((await call('mitra.baznas', 'GET', `/partners/households/${target.id}`)).status).toBe(404);
      expect(
        (await ok<{ items: AssignedHousehold[] }>(call('mitra.baznas', 'GET', '/partners/households'))).items,
      ).toEqual([]);
      const refused = await errorCode(
        call('mitra.baznas', 'POST', '/partners/deliveries', {
          items: [
            {
              assignmentId: assignment.assignmentId,
              service: 'Paket sembako',
              deliveredOn: '2026-05-05',
              value: 1,
            },
          ],
        }),
      );
      expect(JSON.stringify(refused.details)).toContain('not_assigned');
      // A new consent does not revive the ended assignment: the household must be assigned again.
      await ok(
        call('kel.penjaringan', 'POST', '/partners/consents', {
          householdId: target.id,
          organisationCode: 'BAZNAS',
          pillar: 2,
          purpose: 'Bantuan pangan BAZNAS',
          consentingNik: target.otherNik ?? target.headNik,
          consentedAt: '2026-05-01T09:00:00+07:00',
        }),
        201,
      );
      expect((await call('mitra.baznas', 'GET', `/partners/households/${target.id}`)).status).toBe(404);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 31 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
    await recomputeTargeting(database.db);
    await ensurePartnerOrganisations(database.db);
  },
);
