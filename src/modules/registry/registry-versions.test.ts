import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { householdVersion } from './registry.schema.ts';
import {
  createTestApp,
  householdBody,
  insertRegistryTestRegions,
  insertRegistryTestUsers,
  nikFor,
  testUsers as u,
  type TestApp,
} from './registry.test-support.ts';

interface Profile {
  version: number;
  isCurrent: boolean;
  address: string;
  attributes: { tenure: string };
  provenance: Record<string, { source: string; actorId: number | null; at: string }>;
  members: { personId: number; occupation: string; relationship: string }[];
}
interface ErrorBody {
  error: { code: string; details?: { currentVersion?: number; issues?: { path: string; reason: string }[] } };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

describeEachDatabase(
  'registry: changes, versions and point-in-time reads',
  (env) => {
    let app: TestApp;
    let id: number;
    let headId: number;
    const times: Record<string, string> = {};
    const as = u.gambirOperator;
    const profileAt = async (asOf?: string) => {
      const response = await app.call(as, 'GET', `/households/${id}${asOf ? `?asOf=${asOf}` : ''}`);
      return { status: response.status, body: (await response.json()) as Profile };
    };

    beforeAll(async () => {
      app = createTestApp(env().ctx);
      times.beforeCreate = new Date().toISOString();
      await pause();
      const response = await app.call(as, 'POST', '/households', householdBody('3171010101260001'));
      expect(response.status).toBe(201);
      id = ((await response.json()) as { householdId: number }).householdId;
      headId = (await profileAt()).body.members.find((m) => m.relationship === 'head')!.personId;
      await pause();
      times.afterCreate = new Date().toISOString();
      await pause();
    });

    it('changes household fields: new version, snapshot of the old state, per-field provenance', async () => {
      const response = await app.call(as, 'PATCH', `/households/${id}`, {
        baseVersion: 1,
        address: 'Jl. Tanah Abang II No. 3',
        tenure: 'own',
        rt: '12',
        source: 'field-verification',
        reason: 'moved within the kelurahan',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        householdId: id,
        version: 2,
        changedFields: ['address', 'tenure'],
      });
      const versions = await env()
        .ctx.database.db.select()
        .from(householdVersion)
        .where(eq(householdVersion.householdId, id));
      expect(versions).toMatchObject([{ version: 1, changedBy: as.id, changeSource: 'field-verification' }]);
      const { body } = await profileAt();
      expect(body).toMatchObject({
        version: 2,
        address: 'Jl. Tanah Abang II No. 3',
        attributes: { tenure: 'own' },
      });
      expect(body.provenance.address).toMatchObject({ source: 'field-verification', actorId: as.id });
      expect(body.provenance.rw).toMatchObject({ source: 'kelurahan-desk' });
      await pause();
      times.afterPatch = new Date().toISOString();
    });

    it('reads the old value at a time before the change, and 404 before the household existed', async () => {
      const past = await profileAt(times.afterCreate);
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({
        version: 1,
        isCurrent: false,
        address: 'Jl. Kebon Kelapa No. 7',
        attributes: { tenure: 'rent' },
      });
      const now = await profileAt(times.afterPatch);
      expect(now.body).toMatchObject({ version: 2, isCurrent: true });
      expect((await profileAt(times.beforeCreate)).status).toBe(404);
    });

    it('refuses a change on a stale version with VERSION_CONFLICT and the current version', async () => {
      const response = await app.call(as, 'PATCH', `/households/${id}`, {
        baseVersion: 1,
        address: 'Lost update',
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as ErrorBody).error).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { currentVersion: 2 },
      });
      expect((await profileAt()).body.address).toBe('Jl. Tanah Abang II No. 3');
    });

    it("changes a person's fields under the household's version", async () => {
      const response = await app.call(as, 'PATCH', `/persons/${headId}`, {
        baseVersion: 2,
        occupation: 'driver',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        personId: headId,
        version: 3,
        changedFields: [`members.${headId}.occupation`],
      });
      const { body } = await profileAt();
      expect(body.members.find((m) => m.personId === headId)!.occupation).toBe('driver');
      const before = await profileAt(times.afterPatch);
      expect(before.body.members.find((m) => m.personId === headId)!.occupation).toBe('labourer');
    });

    it('checks NIK, sex and birth date together when a change touches them', async () => {
      const wrongSex = nikFor('317101', 'F', '1980-05-17');
      const cases: [object, string][] = [
        [{ nik: wrongSex }, 'body.nik:sex_mismatch'],
        [{ sex: 'F' }, 'body.sex:sex_mismatch'],
        [{ birthDate: '1980-05-18' }, 'body.birthDate:birth_date_mismatch'],
        [{ nik: '3171017205800001' }, 'body.nik:invalid_day'],
        [{ nik: '9971011705800001' }, 'body.nik:unknown_province'],
      ];
      for (const [change, expected] of cases) {
        const response = await app.call(as, 'PATCH', `/persons/${headId}`, { baseVersion: 3, ...change });
        expect(response.status, expected).toBe(400);
        const issues = ((await response.json()) as ErrorBody).error.details!.issues!;
        expect(issues.map((i) => `${i.path}:${i.reason}`)).toContain(expected);
      }
      const both = await app.call(as, 'PATCH', `/persons/${headId}`, {
        baseVersion: 3,
        sex: 'F',
        nik: wrongSex,
        name: 'Budi Santosa',
      });
      expect(both.status).toBe(200);
      expect(((await both.json()) as { version: number }).version).toBe(4);
    });

    it('lists the versions with who changed which fields, newest first', async () => {
      const response = await app.call(as, 'GET', `/households/${id}/history`);
      expect(response.status).toBe(200);
      const history = (await response.json()) as {
        currentVersion: number;
        versions: {
          version: number;
          validTo: string | null;
          changedFields: string[];
          changedBy: { name: string } | null;
        }[];
      };
      expect(history.currentVersion).toBe(4);
      expect(history.versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
      expect(history.versions[0]).toMatchObject({ validTo: null, changedBy: { name: as.displayName } });
      expect(history.versions[0]!.changedFields.sort()).toEqual(
        [`members.${headId}.name`, `members.${headId}.nik`, `members.${headId}.sex`].sort(),
      );
      expect(history.versions[1]!.changedFields).toEqual([`members.${headId}.occupation`]);
      expect(history.versions[2]).toMatchObject({
        changedFields: ['address', 'tenure'],
        reason: 'moved within the kelurahan',
        source: 'field-verification',
      });
      expect(history.versions[3]).toMatchObject({
        version: 1,
        changedFields: [],
        source: 'kelurahan-desk',
        changedBy: { name: as.displayName },
      });
    });

    it('answers a change with no changed value without a new version, and an empty change with 400', async () => {
      const same = await app.call(as, 'PATCH', `/households/${id}`, { baseVersion: 4, tenure: 'own' });
      expect(await same.json()).toMatchObject({ version: 4, changedFields: [] });
      const empty = await app.call(as, 'PATCH', `/households/${id}`, { baseVersion: 4 });
      expect(empty.status).toBe(400);
      const readOnly = await app.call(u.inspector, 'PATCH', `/households/${id}`, {
        baseVersion: 4,
        tenure: 'rent',
      });
      expect(readOnly.status).toBe(403);
    });

    it('validates a NIK without reading personal data or writing audit rows', async () => {
      const db = env().ctx.database.db;
      const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
      const before = await count();
      const valid = await app.call(as, 'POST', '/nik/validate', {
        nik: '3171015508850042',
        sex: 'F',
        birthDate: '1985-08-15',
      });
      expect(await valid.json()).toMatchObject({
        ok: true,
        issues: [],
        decoded: {
          provinceCode: '31',
          regencyCode: '3171',
          districtCode: '317101',
          sex: 'F',
          birthDate: '1985-08-15',
        },
      });
      const mismatch = await app.call(as, 'POST', '/nik/validate', { nik: '3171015508850042', sex: 'M' });
      expect(await mismatch.json()).toMatchObject({ ok: false, issues: [{ reason: 'sex_mismatch' }] });
      const bad = await app.call(as, 'POST', '/nik/validate', { nik: '3171013102850042' });
      expect(await bad.json()).toMatchObject({
        ok: false,
        issues: [{ reason: 'impossible_date' }],
        decoded: null,
      });
      expect(await count()).toBe(before);
    });
  },
  async ({ ctx }) => {
    await insertRegistryTestRegions(ctx.database.db);
    await insertRegistryTestUsers(ctx.database.db);
  },
);
