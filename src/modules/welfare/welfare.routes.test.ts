import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { loginAs, request, type TestApp, type TestSession } from '../access/access.test-support.ts';
import { createUser } from '../access/access.service.ts';
import { insertWelfareFixture } from './welfare.fixture.ts';
import { insertFixtureRegions } from './welfare.test-support.ts';

const password = 'welfare-test-password';
let app: TestApp;
let secretariat: TestSession;
let operator: TestSession;

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describeEachDatabase(
  'welfare routes',
  (env) => {
    it('needs a signed-in user', async () => {
      expect((await request(app, 'GET', '/welfare/models')).status).toBe(401);
      expect((await request(app, 'GET', '/welfare/snapshots')).status).toBe(401);
      expect((await request(app, 'POST', '/welfare/recompute', { body: {} })).status).toBe(401);
    });

    it('lets only the secretariat start a recompute', async () => {
      const response = await request(app, 'POST', '/welfare/recompute', { session: operator, body: {} });
      expect(response.status).toBe(403);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe('FORBIDDEN');
    });

    it('queues a recompute (202) whose snapshot then lists, latest first, with its quality', async () => {
      const first = await request(app, 'POST', '/welfare/recompute', { session: secretariat });
      expect(first.status).toBe(202);
      const second = await request(app, 'POST', '/welfare/recompute', {
        session: secretariat,
        body: { modelVersion: '2026.1-default', snapshotDate: '2026-03-31' },
      });
      expect(second.status).toBe(202);
      const { jobId } = await json<{ jobId: number }>(second);
      await env().ctx.jobs.idle();
      expect(await env().ctx.jobs.get(jobId)).toMatchObject({ status: 'succeeded', progress: 4, total: 4 });

      const list = await request(app, 'GET', '/welfare/snapshots?pageSize=1', { session: operator });
      expect(list.status).toBe(200);
      const page = await json<{
        items: { id: number; snapshotDate: string; quality: unknown }[];
        total: number;
      }>(list);
      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ modelVersion: '2026.1-default', householdCount: 120 });
      expect(page.items[0]!.quality).toMatchObject({
        households: 120,
        reference: 'synthetic.household_truth',
      });

      const detail = await request(app, 'GET', `/welfare/snapshots/${page.items[0]!.id}`, {
        session: operator,
      });
      expect(detail.status).toBe(200);
      const body = await json<{ desils: { desil: number; households: number }[] }>(detail);
      expect(body.desils.map((d) => d.households)).toEqual(Array(10).fill(12));
      expect(JSON.stringify(body)).not.toMatch(/household_?[iI]d|nik|kk_?[nN]umber/);
    });

    it('documents every welfare route in the OpenAPI document', async () => {
      const response = await request(app, 'GET', '/api/openapi.json');
      expect(response.status).toBe(200);
      const { paths } = await json<{ paths: Record<string, object> }>(response);
      for (const path of [
        '/welfare/models',
        '/welfare/snapshots',
        '/welfare/snapshots/{id}',
        '/welfare/recompute',
      ]) {
        expect(
          Object.keys(paths).some((p) => p.endsWith(path)),
          path,
        ).toBe(true);
      }
    });

    it('lists the models with their coefficients', async () => {
      const response = await request(app, 'GET', '/welfare/models', { session: operator });
      expect(response.status).toBe(200);
      const { items } = await json<{ items: { version: string; isActive: boolean; coefficients: object }[] }>(
        response,
      );
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ version: '2026.1-default', isActive: true });
      expect(items[0]!.coefficients).toHaveProperty('has_car');
    });

    it('answers 404 for an unknown model version or snapshot, and 400 naming the bad field', async () => {
      const unknownModel = await request(app, 'POST', '/welfare/recompute', {
        session: secretariat,
        body: { modelVersion: 'no-such-model' },
      });
      expect(unknownModel.status).toBe(404);
      expect((await request(app, 'GET', '/welfare/snapshots/999999', { session: operator })).status).toBe(
        404,
      );
      const cases: [string, string, unknown, string][] = [
        ['POST', '/welfare/recompute', { snapshotDate: '2026-02-30' }, 'body.snapshotDate'],
        ['POST', '/welfare/recompute', { modelVersion: '' }, 'body.modelVersion'],
        ['POST', '/welfare/recompute', { extra: 1 }, 'body'],
        ['GET', '/welfare/snapshots/abc', undefined, 'param.id'],
        ['GET', '/welfare/snapshots?page=0', undefined, 'query.page'],
      ];
      for (const [method, path, body, field] of cases) {
        const response = await request(app, method, path, { session: secretariat, body });
        expect(response.status, `${method} ${path}`).toBe(400);
        const error = await json<{ error: { details: { issues: { path: string }[] } } }>(response);
        expect(error.error.details.issues.map((i) => i.path).join(' ')).toContain(field);
      }
    });
  },
  async ({ ctx }) => {
    const { db } = ctx.database;
    await insertFixtureRegions(db);
    await insertWelfareFixture(db, { households: 120, seed: 5 });
    const user = (username: string, role: 'secretariat' | 'kelurahan_operator', regionCode: string) =>
      createUser(db, { username, displayName: username, password, role, regionCode });
    await user('sekretariat', 'secretariat', '31');
    await user('operator', 'kelurahan_operator', '31.71.01.1001');
    app = createApp(ctx);
    secretariat = await loginAs(app, 'sekretariat', password);
    operator = await loginAs(app, 'operator', password);
  },
);
