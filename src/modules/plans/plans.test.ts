import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { createUser } from '../access/access.service.ts';
import { insertTestRegions, loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import type {
  Activity,
  PlanDetail,
  Realisation,
  RealisationGroupBy,
  RealisationRow,
} from './plans.contracts.ts';
import { planRealisation } from './plans.service.ts';

const password = 'plans-password';

/** Every user of the matrix: the demo users plus a second agency and the TKPK of another kota. */
const users = [
  'sekretariat',
  'tkpk.jakut',
  'tkpk.jakpus',
  'kec.penjaringan',
  'kel.penjaringan',
  'petugas.penjaringan',
  'dinsos',
  'disdik',
  'mitra.baznas',
  'inspektorat',
] as const;
type User = (typeof users)[number];

/** A small valid activity, for DINSOS, in `year`. */
const activity = (year: number, overrides: Record<string, unknown> = {}) => ({
  title: 'Verifikasi dan validasi data keluarga miskin ekstrem',
  responsibleAgency: 'DINSOS',
  programCode: 'VERIVALI_DTSEN',
  pillar: 1,
  budgetYear: year,
  budget: 250_000_000,
  priorityLocations: ['31.72.01'],
  indicators: [
    { kind: 'output', indicatorCode: 'KK_VERIFIED', unit: 'KK', targets: [{ year, target: 1000 }] },
    { kind: 'outcome', indicatorCode: 'P0', unit: '%', targets: [{ year, target: 4.1 }] },
  ],
  ...overrides,
});

describeEachDatabase(
  'plans',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    const sessions = {} as Record<User, TestSession>;

    const call = (user: User, method: string, path: string, body?: unknown) =>
      request(app, method, path, { session: sessions[user], body });
    async function ok<T>(response: Response | Promise<Response>, status = 200): Promise<T> {
      const r = await response;
      const text = await r.text();
      expect(r.status, text).toBe(status);
      return text ? (JSON.parse(text) as T) : (undefined as T);
    }
    const act = (user: User, id: number, action: string, note?: string) =>
      call(user, 'POST', `/plans/${id}/transitions`, { action, ...(note ? { note } : {}) });

    /** A DINSOS RAT for Jakarta Utara brought to `status` through the API, with one activity. */
    async function planIn(status: 'draft' | 'submitted' | 'reviewed' | 'approved', year = 2027) {
      const plan = await ok<PlanDetail>(
        call('dinsos', 'POST', '/plans', {
          kind: 'rat',
          title: `RAT Jakarta Utara ${year}`,
          regionCode: '31.72',
          yearFrom: year,
        }),
        201,
      );
      const added = await ok<Activity>(
        call('dinsos', 'POST', `/plans/${plan.id}/activities`, activity(year)),
        201,
      );
      if (status !== 'draft') await ok(act('dinsos', plan.id, 'submit'));
      if (status === 'reviewed' || status === 'approved') await ok(act('sekretariat', plan.id, 'review'));
      if (status === 'approved') await ok(act('sekretariat', plan.id, 'approve'));
      return { id: plan.id, activityId: added.id };
    }
    /** Everything an edit could change in a plan. */
    const contentOf = (id: number) =>
      queryRows(
        db(),
        sql`SELECT p.title, p.status, a.id, a.title AS activity, a.budget::text, g.quarter, g.budget_realised::text
            FROM plan p LEFT JOIN plan_activity a ON a.plan_id = p.id LEFT JOIN plan_progress g ON g.activity_id = a.id
            WHERE p.id = ${id} ORDER BY a.id, g.quarter`,
      );
    const statusOf = async (id: number) =>
      (await queryRows<{ status: string }>(db(), sql`SELECT status FROM plan WHERE id = ${id}`))[0]!.status;

    beforeAll(async () => {
      app = createApp(env().ctx);
      await createUser(db(), {
        username: 'disdik',
        displayName: 'Dinas Pendidikan',
        password,
        role: 'agency',
        regionCode: '31',
        organisation: 'DISDIK',
      });
      await createUser(db(), {
        username: 'tkpk.jakpus',
        displayName: 'TKPK Jakarta Pusat',
        password,
        role: 'kota_tkpk',
        regionCode: '31.71',
      });
      for (const user of users) sessions[user] = await loginAs(app, user, password);
    });

    it('runs the life cycle draft → submitted → returned → submitted → reviewed → approved, keeping who and when', async () => {
      const { id } = await planIn('draft');
      await ok(call('dinsos', 'PATCH', `/plans/${id}`, { title: 'RAT Jakarta Utara 2027 (perbaikan)' }));
      await ok(act('dinsos', id, 'submit'));
      const returned = await ok<PlanDetail>(act('tkpk.jakut', id, 'return', 'Lengkapi target output'));
      expect(returned.status).toBe('returned');
      expect(returned.returnNote).toBe('Lengkapi target output');
      expect(returned.allowedActions).toEqual([]); // the kota TKPK has nothing left to do on a returned plan
      const asOwner = await ok<PlanDetail>(call('dinsos', 'GET', `/plans/${id}`));
      expect(asOwner.allowedActions).toEqual(['edit', 'submit']);
      // A returned plan is editable again by its owner.
      await ok(call('dinsos', 'POST', `/plans/${id}/activities`, activity(2027, { budget: 5_000_000 })), 201);
      await ok(act('dinsos', id, 'submit'));
      await ok(act('tkpk.jakut', id, 'review'));
      const approved = await ok<PlanDetail>(act('sekretariat', id, 'approve'));
      expect(approved.status).toBe('approved');
      expect(approved.returnNote).toBeNull();
      expect(approved.activityCount).toBe(2);
      expect(approved.budgetTotal).toBe(255_000_000);
      expect(approved.title).toBe('RAT Jakarta Utara 2027 (perbaikan)');
      expect(approved.history.map((h) => [h.fromStatus, h.toStatus, h.actedByName, h.note ?? null])).toEqual([
        [null, 'draft', 'Dinas Sosial DKI Jakarta', null],
        ['draft', 'submitted', 'Dinas Sosial DKI Jakarta', null],
        ['submitted', 'returned', 'TKPK Jakarta Utara', 'Lengkapi target output'],
        ['returned', 'submitted', 'Dinas Sosial DKI Jakarta', null],
        ['submitted', 'reviewed', 'TKPK Jakarta Utara', null],
        ['reviewed', 'approved', 'Sekretariat TKPK DKI Jakarta', null],
      ]);
      expect(approved.history.every((h) => !Number.isNaN(Date.parse(h.actedAt)))).toBe(true);
      // Approved is final: no more edits, no skipping back.
      const edit = await call('dinsos', 'PATCH', `/plans/${id}`, { title: 'Ubah setelah disetujui' });
      expect(edit.status).toBe(409);
      expect(await statusOf(id)).toBe('approved');
      expect((await act('sekretariat', id, 'return', 'terlambat')).status).toBe(409);
    });

    it('drafts a five-year RPKD and a RAT under it, refusing a RAT outside its years or region', async () => {
      const rpkd = await ok<PlanDetail>(
        call('dinsos', 'POST', '/plans', {
          kind: 'rpkd',
          title: 'RPKD DKI Jakarta',
          regionCode: '31',
          yearFrom: 2025,
        }),
        201,
      );
      expect([rpkd.yearFrom, rpkd.yearTo, rpkd.status, rpkd.ownerAgency]).toEqual([
        2025,
        2029,
        'draft',
        'DINSOS',
      ]);
      const rat = await ok<PlanDetail>(
        call('dinsos', 'POST', '/plans', {
          kind: 'rat',
          title: 'RAT DKI Jakarta 2029',
          regionCode: '31',
          yearFrom: 2029,
          parentPlanId: rpkd.id,
        }),
        201,
      );
      expect([rat.yearFrom, rat.yearTo, rat.parentPlanId]).toEqual([2029, 2029, rpkd.id]);
      for (const body of [
        { regionCode: '31', yearFrom: 2030 },
        { regionCode: '31.72', yearFrom: 2027 },
      ]) {
        const refused = await call('dinsos', 'POST', '/plans', {
          kind: 'rat',
          title: 'RAT salah',
          parentPlanId: rpkd.id,
          ...body,
        });
        expect(refused.status).toBe(400);
      }
      // RPKD activities may be budgeted in any of its five years, not outside them.
      await ok(call('dinsos', 'POST', `/plans/${rpkd.id}/activities`, activity(2028)), 201);
      expect((await call('dinsos', 'POST', `/plans/${rpkd.id}/activities`, activity(2030))).status).toBe(400);
    });

    it('refuses transitions out of order and an empty plan’s submission', async () => {
      const { id } = await planIn('submitted');
      expect((await act('sekretariat', id, 'approve')).status).toBe(409); // not reviewed yet
      expect(await statusOf(id)).toBe('submitted');
      const empty = await ok<PlanDetail>(
        call('dinsos', 'POST', '/plans', { kind: 'rat', title: 'Kosong', regionCode: '31', yearFrom: 2027 }),
        201,
      );
      expect((await act('dinsos', empty.id, 'submit')).status).toBe(409);
    });

    describe('permissions, role × action', () => {
      // Written out by hand for a DINSOS RAT of Jakarta Utara (31.72): 2xx allowed; 403 refused; 404 not visible.
      // Agencies see their own plans and approved ones; a kota TKPK sees its kota and the tiers above; partners
      // see approved plans; kelurahan operators and field officers have no plan access at all.
      // Columns: sekretariat, tkpk.jakut, tkpk.jakpus, kec.penjaringan, kel.penjaringan, petugas.penjaringan, dinsos, disdik, mitra.baznas, inspektorat.
      const columns = users;
      // prettier-ignore
      const table: [string, 'none' | 'draft' | 'submitted' | 'reviewed' | 'approved', number[]][] = [
        ['create', 'none', [403, 403, 403, 403, 403, 403, 201, 201, 403, 403]],
        ['addActivity', 'draft', [403, 403, 404, 403, 403, 403, 201, 404, 404, 403]],
        ['submit', 'draft', [403, 403, 404, 403, 403, 403, 200, 404, 404, 403]],
        ['review', 'submitted', [200, 200, 404, 403, 403, 403, 403, 404, 404, 403]],
        ['return', 'reviewed', [200, 200, 404, 403, 403, 403, 403, 404, 404, 403]],
        ['approve', 'reviewed', [200, 200, 404, 403, 403, 403, 403, 404, 404, 403]],
        ['editApproved', 'approved', [403, 403, 404, 403, 403, 403, 409, 403, 403, 403]],
        ['fileProgress', 'approved', [403, 403, 404, 403, 403, 403, 200, 403, 403, 403]],
        ['read', 'approved', [200, 200, 404, 200, 403, 403, 200, 200, 200, 200]],
        ['readDraft', 'draft', [200, 200, 404, 200, 403, 403, 200, 404, 404, 200]],
        ['renameDraft', 'draft', [403, 403, 404, 403, 403, 403, 200, 404, 404, 403]],
        ['updateActivity', 'draft', [403, 403, 404, 403, 403, 403, 200, 404, 404, 403]],
        ['deleteActivity', 'draft', [403, 403, 404, 403, 403, 403, 204, 404, 404, 403]],
        ['editSubmitted', 'submitted', [403, 403, 404, 403, 403, 403, 409, 404, 404, 403]],
        ['realisation', 'none', [200, 200, 200, 200, 403, 403, 200, 200, 200, 200]],
      ];
      const expected = Object.fromEntries(
        table.map(([action, state, codes]) => [
          action,
          { state, ...Object.fromEntries(columns.map((u, i) => [u, codes[i]!])) } as {
            state: typeof state;
          } & Record<User, number>,
        ]),
      );
      /** The status a successful action leaves the plan in (unchanged when refused). */
      const after: Record<string, string> = {
        submit: 'submitted',
        review: 'reviewed',
        return: 'returned',
        approve: 'approved',
      };

      for (const [action, row] of Object.entries(expected))
        it(`${action}: ${users.map((u) => `${u} ${row[u]}`).join(', ')}`, async () => {
          for (const user of users) {
            const plan = row.state === 'none' ? undefined : await planIn(row.state);
            const before = plan && (await contentOf(plan.id));
            let response: Response;
            switch (action) {
              case 'create':
                response = await call(user, 'POST', '/plans', {
                  kind: 'rat',
                  title: 'RAT uji',
                  regionCode: '31.72',
                  yearFrom: 2027,
                });
                break;
              case 'addActivity':
                response = await call(user, 'POST', `/plans/${plan!.id}/activities`, activity(2027));
                break;
              case 'editApproved':
                response = await call(user, 'PATCH', `/plans/${plan!.id}`, { title: 'Judul baru' });
                break;
              case 'fileProgress':
                response = await call(
                  user,
                  'POST',
                  `/plans/${plan!.id}/activities/${plan!.activityId}/progress`,
                  {
                    year: 2027,
                    quarter: 1,
                    budgetRealised: 1_000_000,
                    outputAchieved: 10,
                  },
                );
                break;
              case 'renameDraft':
                response = await call(user, 'PATCH', `/plans/${plan!.id}`, { title: 'Judul baru' });
                break;
              case 'updateActivity':
                response = await call(
                  user,
                  'PUT',
                  `/plans/${plan!.id}/activities/${plan!.activityId}`,
                  activity(2027, { budget: 1 }),
                );
                break;
              case 'deleteActivity':
                response = await call(user, 'DELETE', `/plans/${plan!.id}/activities/${plan!.activityId}`);
                break;
              case 'editSubmitted':
                response = await call(user, 'POST', `/plans/${plan!.id}/activities`, activity(2027));
                break;
              case 'realisation':
                response = await call(user, 'GET', '/plan-realisation?year=2027');
                break;
              case 'read':
              case 'readDraft':
                response = await call(user, 'GET', `/plans/${plan!.id}`);
                break;
              default:
                response = await act(user, plan!.id, action, action === 'return' ? 'Perbaiki' : undefined);
            }
            expect(response.status, `${action} as ${user}: ${await response.clone().text()}`).toBe(row[user]);
            if (plan && after[action])
              expect(await statusOf(plan.id)).toBe(row[user] === 200 ? after[action] : row.state);
            // A refusal changes nothing: same title, activities, budgets and progress as before the call.
            if (plan && row[user] >= 400) expect(await contentOf(plan.id)).toEqual(before);
          }
        }, 120_000);

      it('lists only what each role may see', async () => {
        const draft = await planIn('draft');
        const approved = await planIn('approved');
        const listed = async (user: User) =>
          (await ok<{ items: { id: number }[] }>(call(user, 'GET', '/plans'))).items.map((p) => p.id);
        expect(await listed('dinsos')).toEqual(expect.arrayContaining([draft.id, approved.id]));
        expect(await listed('disdik')).toContain(approved.id);
        expect(await listed('disdik')).not.toContain(draft.id);
        expect(await listed('mitra.baznas')).not.toContain(draft.id);
        expect(await listed('tkpk.jakpus')).not.toContain(approved.id);
        expect(await listed('tkpk.jakut')).toEqual(expect.arrayContaining([draft.id, approved.id]));
        expect((await call('kel.penjaringan', 'GET', '/plans')).status).toBe(403);
      });
    });

    describe('quarterly progress', () => {
      it('re-filing a quarter replaces the figures and keeps the earlier filing in history', async () => {
        const { id, activityId } = await planIn('approved');
        const path = `/plans/${id}/activities/${activityId}/progress`;
        await ok(
          call('dinsos', 'POST', path, {
            year: 2027,
            quarter: 2,
            budgetRealised: 10_000_000,
            outputAchieved: 40,
          }),
        );
        const refiled = await ok<Activity>(
          call('dinsos', 'POST', path, {
            year: 2027,
            quarter: 2,
            budgetRealised: 12_500_000,
            outputAchieved: 45,
            note: 'koreksi',
            issues: 'data terlambat',
          }),
        );
        expect(refiled.progress).toHaveLength(1);
        expect(refiled.progress[0]).toMatchObject({
          quarter: 2,
          budgetRealised: 12_500_000,
          outputAchieved: 45,
          note: 'koreksi',
          issues: 'data terlambat',
          revisions: 1,
        });
        const history = await queryRows<{ budget: number; achieved: number }>(
          db(),
          sql`SELECT budget_realised::float8 AS budget, output_achieved::float8 AS achieved
              FROM plan_progress_history WHERE activity_id = ${activityId}`,
        );
        expect(history).toEqual([{ budget: 10_000_000, achieved: 40 }]);
      });

      it('refuses progress before approval, outside the budget year, and bad quarters', async () => {
        const submitted = await planIn('submitted');
        const body = { year: 2027, quarter: 1, budgetRealised: 1, outputAchieved: 1 };
        expect(
          (
            await call(
              'dinsos',
              'POST',
              `/plans/${submitted.id}/activities/${submitted.activityId}/progress`,
              body,
            )
          ).status,
        ).toBe(409);
        const { id, activityId } = await planIn('approved');
        const path = `/plans/${id}/activities/${activityId}/progress`;
        const wrongYear = await call('dinsos', 'POST', path, { ...body, year: 2028 });
        expect(wrongYear.status).toBe(400);
        expect(JSON.stringify(await wrongYear.json())).toContain('body.year');
        const badQuarter = await call('dinsos', 'POST', path, { ...body, quarter: 5, budgetRealised: -1 });
        expect(badQuarter.status).toBe(400);
        const paths = (
          (await badQuarter.json()) as { error: { details: { issues: { path: string }[] } } }
        ).error.details.issues.map((i) => i.path);
        expect(paths).toEqual(expect.arrayContaining(['body.quarter', 'body.budgetRealised']));
        const rows = await queryRows(
          db(),
          sql`SELECT 1 FROM plan_progress WHERE activity_id = ${activityId}`,
        );
        expect(rows).toHaveLength(0);
      });
    });

    it('answers bad input with 400 naming each field', async () => {
      const fields = async (response: Response) => {
        expect(response.status).toBe(400);
        return (
          (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } }
        ).error.details.issues.map((i) => i.path);
      };
      expect(
        await fields(
          await call('dinsos', 'POST', '/plans', {
            kind: 'rpjmd',
            title: 'x',
            regionCode: 'Jakarta',
            yearFrom: 1900,
          }),
        ),
      ).toEqual(expect.arrayContaining(['body.kind', 'body.title', 'body.regionCode', 'body.yearFrom']));
      expect(
        await fields(
          await call('dinsos', 'POST', '/plans', {
            kind: 'rat',
            title: 'RAT kelurahan',
            regionCode: '31.72.01',
            yearFrom: 2027,
            parentPlanId: 999999,
          }),
        ),
      ).toEqual(['body.parentPlanId']);
      const { id } = await planIn('draft');
      expect(
        await fields(
          await call(
            'dinsos',
            'POST',
            `/plans/${id}/activities`,
            activity(2027, {
              programCode: 'NO_SUCH',
              priorityLocations: ['31.71.01', '31.72.01.1001'],
              budgetYear: 2030,
            }),
          ),
        ),
      ).toEqual(['body.budgetYear', 'body.programCode', 'body.priorityLocations.0']);
      const twoOutputs = activity(2027, {
        indicators: [
          { kind: 'output', indicatorCode: 'A', unit: 'KK', targets: [{ year: 2027, target: 1 }] },
          { kind: 'output', indicatorCode: 'B', unit: 'KK', targets: [{ year: 2027, target: 1 }] },
        ],
      });
      expect(await fields(await call('dinsos', 'POST', `/plans/${id}/activities`, twoOutputs))).toEqual([
        'body.indicators',
      ]);
      expect(
        await fields(
          await call('dinsos', 'POST', `/plans/${id}/transitions`, { action: 'submit', note: '' }),
        ),
      ).toEqual(['body.note']);
      expect(await statusOf(id)).toBe('draft');
      const submittedPlan = await planIn('submitted');
      expect(await fields(await act('sekretariat', submittedPlan.id, 'return'))).toEqual(['body.note']);
      expect(
        await fields(await call('sekretariat', 'GET', '/plan-realisation?year=abc&groupBy=kota')),
      ).toEqual(expect.arrayContaining(['query.year', 'query.groupBy']));
    });

    describe('realisation against a hand-checked fixture (budget year 2031)', () => {
      const million = 1_000_000;
      beforeAll(async () => {
        // Province RAT (DINSOS) with a DISDIK activity; Jakarta Utara RAT (DINSOS); a Jakarta Pusat RAT never
        // approved (excluded). Amounts in millions of rupiah: see the expectations below.
        const fixture = [
          {
            region: '31',
            approve: true,
            activities: [
              {
                agency: 'DINSOS',
                program: 'KAJ',
                pagu: 1000,
                target: 1000,
                progress: [
                  [1, 200, 150],
                  [2, 300, 250],
                  [3, 100, 100],
                ],
              },
              {
                agency: 'DISDIK',
                program: 'KJP_PLUS',
                pagu: 2000,
                target: 500,
                progress: [
                  [1, 500, 100],
                  [2, 500, 150],
                ],
              },
            ],
          },
          {
            region: '31.72',
            approve: true,
            activities: [
              {
                agency: 'DINSOS',
                program: 'KAJ',
                pagu: 400,
                target: 200,
                progress: [
                  [1, 100, 50],
                  [3, 100, 30],
                ],
              },
              { agency: 'DINSOS', program: undefined, pagu: 100, target: undefined, progress: [[2, 50, 10]] },
            ],
          },
          {
            region: '31.71',
            approve: false,
            activities: [{ agency: 'DINSOS', program: 'KAJ', pagu: 999, target: 1, progress: [] }],
          },
        ];
        for (const p of fixture) {
          const plan = await ok<PlanDetail>(
            call('dinsos', 'POST', '/plans', {
              kind: 'rat',
              title: `RAT ${p.region} 2031`,
              regionCode: p.region,
              yearFrom: 2031,
            }),
            201,
          );
          const ids: number[] = [];
          for (const a of p.activities) {
            const created = await ok<Activity>(
              call('dinsos', 'POST', `/plans/${plan.id}/activities`, {
                title: `Kegiatan ${a.agency} ${a.program ?? 'lain'}`,
                responsibleAgency: a.agency,
                ...(a.program ? { programCode: a.program } : {}),
                pillar: 2,
                budgetYear: 2031,
                budget: a.pagu * million,
                indicators: a.target
                  ? [
                      {
                        kind: 'output',
                        indicatorCode: 'PENERIMA',
                        unit: 'orang',
                        targets: [{ year: 2031, target: a.target }],
                      },
                    ]
                  : [],
              }),
              201,
            );
            ids.push(created.id);
          }
          await ok(act('dinsos', plan.id, 'submit'));
          if (!p.approve) continue;
          await ok(act('sekretariat', plan.id, 'review'));
          await ok(act('sekretariat', plan.id, 'approve'));
          for (const [i, a] of p.activities.entries())
            for (const [quarter, realised, achieved] of a.progress)
              await ok(
                call(
                  a.agency === 'DISDIK' ? 'disdik' : 'dinsos',
                  'POST',
                  `/plans/${plan.id}/activities/${ids[i]}/progress`,
                  {
                    year: 2031,
                    quarter,
                    budgetRealised: realised! * million,
                    outputAchieved: achieved,
                  },
                ),
              );
        }
        // An approved RPKD 2027–2031 of the province with an activity budgeted in 2031: the five-year frame is
        // realised through RATs, so it takes no progress and stays out of the figures below.
        const rpkd = await ok<PlanDetail>(
          call('dinsos', 'POST', '/plans', {
            kind: 'rpkd',
            title: 'RPKD 2027–2031',
            regionCode: '31',
            yearFrom: 2027,
          }),
          201,
        );
        const framed = await ok<Activity>(
          call('dinsos', 'POST', `/plans/${rpkd.id}/activities`, activity(2031, { budget: 777 * million })),
          201,
        );
        await ok(act('dinsos', rpkd.id, 'submit'));
        await ok(act('sekretariat', rpkd.id, 'review'));
        await ok(act('sekretariat', rpkd.id, 'approve'));
        rpkdActivity = { planId: rpkd.id, activityId: framed.id };
      }, 120_000);
      let rpkdActivity: { planId: number; activityId: number };

      it('refuses progress on an RPKD activity', async () => {
        const { planId, activityId } = rpkdActivity;
        const refused = await call('dinsos', 'POST', `/plans/${planId}/activities/${activityId}/progress`, {
          year: 2031,
          quarter: 1,
          budgetRealised: 1,
          outputAchieved: 1,
        });
        expect(refused.status).toBe(409);
        const detail = await ok<PlanDetail>(call('dinsos', 'GET', `/plans/${planId}`));
        expect(detail.allowedActions).not.toContain('file_progress');
      });

      const pick = (row: RealisationRow) => [
        row.key,
        row.activities,
        row.budget / million,
        row.realised / million,
        row.budgetPercent,
        row.outputPercent,
      ];

      const realisation = (quarter: number, regionCode: string, groupBy: RealisationGroupBy) =>
        planRealisation(db(), { year: 2031, quarter, regionCode, groupBy });

      it('by agency up to Q2', async () => {
        const report = await realisation(2, '31', 'agency');
        // DINSOS: 1000 + 400 + 100 pagu; realised Q1–Q2 500 + 100 + 50 = 650 (43.33 %); outputs 400/1000 = 40 %,
        // 50/200 = 25 % → mean 32.5 %. DISDIK: 2000 pagu, 1000 realised (50 %), 250/500 = 50 %.
        expect(report.rows.map(pick)).toEqual([
          ['DINSOS', 3, 1500, 650, 43.33, 32.5],
          ['DISDIK', 1, 2000, 1000, 50, 50],
        ]);
        // 1650 / 3500 = 47.14 %; outputs mean of 40, 25, 50 = 38.33 %.
        expect(pick(report.total)).toEqual([null, 4, 3500, 1650, 47.14, 38.33]);
      });

      it('by program up to Q2, activities without a program in their own row', async () => {
        const report = await realisation(2, '31', 'program');
        expect(report.rows.map(pick)).toEqual([
          ['KAJ', 2, 1400, 600, 42.86, 32.5],
          ['KJP_PLUS', 1, 2000, 1000, 50, 50],
          [null, 1, 100, 50, 50, null],
        ]);
        expect(report.rows[2]!.label).toBe('Tanpa program');
      });

      it('by area up to Q3, rolled up by code prefix, and narrowed to a kota', async () => {
        const province = await realisation(3, '31', 'area');
        // Province tier: 3000 pagu, 600 + 1000 = 1600 realised; Jakarta Utara: 500 pagu, 200 + 50 = 250.
        expect(province.rows.map(pick)).toEqual([
          ['31', 2, 3000, 1600, 53.33, 50],
          ['31.72', 2, 500, 250, 50, 40],
        ]);
        expect(province.rows.map((r) => r.label)).toEqual(['DKI Jakarta', 'Kota Administrasi Jakarta Utara']);
        const kota = await realisation(3, '31.72', 'area');
        expect(kota.rows.map(pick)).toEqual([['31.72', 2, 500, 250, 50, 40]]);
        const pusat = await realisation(4, '31.71', 'area');
        expect(pusat.rows).toEqual([]);
        expect(pusat.total.activities).toBe(0);
      });

      it('by activity shows target, achieved and unit', async () => {
        const report = await realisation(1, '31', 'activity');
        const kaj = report.rows.find(
          (r) => r.label === 'Kegiatan DINSOS KAJ' && r.budget === 1000 * million,
        )!;
        expect([kaj.outputTarget, kaj.outputAchieved, kaj.unit, kaj.outputPercent, kaj.realised]).toEqual([
          1000,
          150,
          'orang',
          15,
          200 * million,
        ]);
      });

      it('through the API, scoped to the caller’s area, and as XLSX', async () => {
        const report = await ok<Realisation>(
          call('tkpk.jakut', 'GET', '/plan-realisation?year=2031&quarter=2&groupBy=agency'),
        );
        expect(report.regionCode).toBe('31.72');
        expect(report.rows.map(pick)).toEqual([['DINSOS', 2, 500, 150, 30, 25]]);
        expect((await call('tkpk.jakut', 'GET', '/plan-realisation?year=2031&regionCode=31')).status).toBe(
          403,
        );
        expect((await call('kel.penjaringan', 'GET', '/plan-realisation?year=2031')).status).toBe(403);
        const file = await call(
          'sekretariat',
          'GET',
          '/plan-realisation.xlsx?year=2031&quarter=2&groupBy=agency',
        );
        expect(file.status).toBe(200);
        expect(file.headers.get('content-disposition')).toBe(
          'attachment; filename="realisasi-31-2031-T2-agency.xlsx"',
        );
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(await file.arrayBuffer());
        const sheet = workbook.getWorksheet('Realisasi')!;
        expect(sheet.getRow(1).getCell(2).value).toBe('Perangkat daerah');
        expect(sheet.getRow(2).values).toEqual([
          undefined,
          'DINSOS',
          'DINSOS',
          3,
          1500 * million,
          650 * million,
          43.33,
          undefined,
          undefined,
          undefined,
          32.5,
        ]);
        expect(sheet.getRow(4).getCell(2).value).toBe('Total');
        expect(sheet.getRow(4).getCell(5).value).toBe(1650 * million);
      });
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensurePrograms(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
