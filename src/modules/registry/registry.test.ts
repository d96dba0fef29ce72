import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows } from '../../db/client.ts';
import { householdAssignment } from '../access/access.schema.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { household, householdMember, person } from './registry.schema.ts';
import {
  createTestApp,
  gambir,
  householdBody,
  insertRegistryTestRegions,
  insertRegistryTestUsers,
  insertWelfareHistory,
  kamalMuara,
  penjaringan,
  testUsers as u,
  type TestApp,
} from './registry.test-support.ts';

interface ErrorBody {
  error: { code: string; details?: { issues: { path: string; reason: string }[] } };
}
const issuesOf = async (response: Response) =>
  ((await response.json()) as ErrorBody).error.details?.issues.map((i) => `${i.path}:${i.reason}`) ?? [];

describeEachDatabase(
  'registry: create, search, profile, scoping and audit',
  (env) => {
    let app: TestApp;
    const db = () => env().ctx.database.db;
    let gambirId: number;
    let penjaringanId: number;
    const gambirBody = householdBody('3171010101250001', gambir, 'Budi Santoso');

    const auditRows = (subjectId: number, action: string) =>
      db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, String(subjectId)), eq(auditLog.action, action)));

    beforeAll(async () => {
      app = createTestApp(env().ctx);
      let response = await app.call(u.gambirOperator, 'POST', '/households', gambirBody);
      expect(response.status).toBe(201);
      gambirId = ((await response.json()) as { householdId: number }).householdId;
      const other = householdBody('3172010101250002', penjaringan, 'Agus Salim');
      response = await app.call(u.penjaringanOperator, 'POST', '/households', other);
      expect(response.status).toBe(201);
      penjaringanId = ((await response.json()) as { householdId: number }).householdId;
      await insertWelfareHistory(db(), gambirId);
    });

    it('creates a household with its members, provenance and a create audit row', async () => {
      const [row] = await db().select().from(household).where(eq(household.id, gambirId));
      expect(row).toMatchObject({
        kkNumber: '3171010101250001',
        rw: '005',
        rt: '012',
        version: 1,
        source: 'kelurahan-desk',
      });
      expect(row!.provenance).toMatchObject({
        address: { source: 'kelurahan-desk', actorId: u.gambirOperator.id },
      });
      const members = await db()
        .select()
        .from(householdMember)
        .where(eq(householdMember.householdId, gambirId));
      expect(members.map((m) => m.relationship).sort()).toEqual(['child', 'head', 'spouse']);
      expect(await auditRows(gambirId, 'create')).toHaveLength(1);
    });

    it('rejects invalid members and fields with 400 issues naming each field, and stores nothing', async () => {
      const before = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(person);
      const body = householdBody('3171010101250009');
      body.members[2]!.nik = `3171013501100001`; // day code 35: neither a man's nor a woman's day
      body.members[1]!.sex = 'M'; // her NIK says female
      body.members[0]!.relationship = 'spouse'; // no head left
      const response = await app.call(u.gambirOperator, 'POST', '/households', {
        ...body,
        kkNumber: '31710101',
      });
      expect(response.status).toBe(400);
      expect(await issuesOf(response)).toEqual(
        expect.arrayContaining([
          'body.kkNumber:length',
          'body.members.2.nik:invalid_day',
          'body.members.1.nik:sex_mismatch',
          'body.members:head_count',
        ]),
      );
      const after = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(person);
      expect(after[0]!.n).toBe(before[0]!.n);
    });

    it('rejects bad enums, unknown fields, unknown or out-of-area kelurahan', async () => {
      const base = householdBody('3171010101250010');
      const cases: [object, string][] = [
        [{ ...base, tenure: 'castle' }, 'body.tenure:invalid_value'],
        [{ ...base, colour: 'red' }, 'body:unrecognized_keys'],
        [{ ...base, members: [{ ...base.members[0], nik: 12 }] }, 'body.members.0.nik:invalid_type'],
        [{ ...base, kelurahanCode: '31.71.01.1999' }, 'body.kelurahanCode:unknown_kelurahan'],
        [{ ...base, kelurahanCode: penjaringan }, 'body.kelurahanCode:outside_scope'],
        [
          { ...base, members: [{ ...base.members[0], birthDate: '1980-02-30' }] },
          'body.members.0.birthDate:invalid_format',
        ],
      ];
      for (const [body, expected] of cases) {
        const response = await app.call(u.gambirOperator, 'POST', '/households', body);
        expect(response.status, expected).toBe(400);
        expect(await issuesOf(response)).toContain(expected);
      }
    });

    it('refuses a KK number that is taken (409) and writes by read-only or assigned roles (403)', async () => {
      expect((await app.call(u.gambirOperator, 'POST', '/households', gambirBody)).status).toBe(409);
      for (const who of [u.partner, u.inspector, u.fieldOfficer]) {
        const response = await app.call(who, 'POST', '/households', householdBody('3171010101250011'));
        expect(response.status, who.role).toBe(403);
      }
      expect((await app.call(null, 'POST', '/households', householdBody('3171010101250011'))).status).toBe(
        401,
      );
    });

    it('finds a household by exact NIK and by exact KK, and audits each household returned', async () => {
      const nik = gambirBody.members[1]!.nik;
      const response = await app.call(u.gambirOperator, 'GET', `/households?nik=${nik}&purpose=verifikasi`);
      expect(response.status).toBe(200);
      const result = (await response.json()) as { total: number; items: Record<string, unknown>[] };
      expect(result.total).toBe(1);
      expect(result.items[0]).toMatchObject({
        id: gambirId,
        kkNumber: '3171010101250001',
        kelurahan: { code: gambir, name: 'Gambir' },
        headName: 'Budi Santoso',
        memberCount: 3,
        desil: 1,
        isExtremePoor: true,
        matchedPersons: [{ nik, name: 'Siti Aminah', relationship: 'spouse' }],
      });
      const audits = await auditRows(gambirId, 'search');
      expect(audits.at(-1)).toMatchObject({
        actorId: u.gambirOperator.id,
        purpose: 'verifikasi',
        regionCode: gambir,
      });
      const byKk = await app.call(u.gambirOperator, 'GET', '/households?kk=3171010101250001');
      expect(
        ((await byKk.json()) as { items: { id: number; matchedPersons: unknown[] }[] }).items,
      ).toMatchObject([{ id: gambirId, matchedPersons: [] }]);
    });

    it('finds names despite misspelling, best match first, paginated', async () => {
      for (const [kk, head] of [
        ['3172010101250021', 'Suryadi Wibowo'],
        ['3172010101250022', 'Suryadi Wibisono'],
        ['3172010101250023', 'Suryani Wibowo'],
      ] as const) {
        const body = householdBody(kk, kamalMuara, head);
        expect((await app.call(u.kecamatanPenjaringan, 'POST', '/households', body)).status).toBe(201);
      }
      const search = (query: string) =>
        app.call(u.secretariat, 'GET', `/households?${query}`).then(async (r) => {
          expect(r.status).toBe(200);
          return (await r.json()) as { total: number; items: { headName: string; matchScore: number }[] };
        });
      const first = await search('name=suryadi%20wibowo&region=31.72&pageSize=2');
      expect(first.total).toBe(3);
      expect(first.items.map((i) => i.headName)).toEqual(['Suryadi Wibowo', expect.any(String)]);
      expect(first.items[0]!.matchScore).toBeGreaterThan(first.items[1]!.matchScore);
      const second = await search('name=suryadi%20wibowo&region=31.72&pageSize=2&page=2');
      expect(second).toMatchObject({ total: 3, items: [expect.anything()] });
      const typo = await search('name=Suryadie%20Wibowo&region=31.72.01.1002');
      expect(typo.items[0]!.headName).toBe('Suryadi Wibowo');
      expect((await search('name=suryadi&region=31.71')).total).toBe(0);
    });

    it('needs a region for a name search across a whole province, and at least one criterion', async () => {
      expect(await issuesOf(await app.call(u.secretariat, 'GET', '/households?name=budi'))).toEqual([
        'query.region:required',
      ]);
      const own = await app.call(u.gambirOperator, 'GET', '/households?name=budi%20santoso');
      expect(((await own.json()) as { total: number }).total).toBe(1);
      expect(await issuesOf(await app.call(u.gambirOperator, 'GET', '/households'))).toEqual([
        'query:missing_criterion',
      ]);
      expect(await issuesOf(await app.call(u.gambirOperator, 'GET', '/households?nik=12345'))).toEqual([
        'query.nik:invalid_format',
      ]);
      expect(
        await issuesOf(await app.call(u.gambirOperator, 'GET', '/households?name=x&region=31.7')),
      ).toEqual(expect.arrayContaining(['query.region:invalid_format']));
    });

    it('returns the profile with members, attributes, provenance and desil history, and audits the read', async () => {
      const response = await app.call(u.gambirOperator, 'GET', `/households/${gambirId}`);
      expect(response.status).toBe(200);
      const profile = (await response.json()) as Record<string, unknown> & {
        members: { nik: string; provenance: Record<string, { actorName: string | null }> }[];
      };
      expect(profile).toMatchObject({
        id: gambirId,
        version: 1,
        isCurrent: true,
        region: { kelurahan: { name: 'Gambir' }, kecamatan: { code: '31.71.01' }, kota: { code: '31.71' } },
        attributes: {
          tenure: 'rent',
          floorAreaM2: 24,
          electricityVa: 900,
          hasMotorcycle: true,
          propertyNjop: null,
        },
        provenance: {
          tenure: {
            source: 'kelurahan-desk',
            actorId: u.gambirOperator.id,
            actorName: u.gambirOperator.displayName,
          },
        },
        welfare: {
          current: { desil: 1, isExtremePoor: true, modelVersion: 'test-pmt', snapshotDate: '2026-01-01' },
          history: [{ desil: 1 }, { desil: 3, snapshotDate: '2025-07-01' }],
        },
      });
      expect(profile.members).toHaveLength(3);
      expect(profile.members[0]!.provenance.nik!.actorName).toBe(u.gambirOperator.displayName);
      expect(profile).not.toHaveProperty('provenance.id');
      expect(await auditRows(gambirId, 'read')).toHaveLength(1);
    });

    it('answers 404 outside the area on every registry endpoint, and 403 to partners', async () => {
      const personId = (await app
        .call(u.secretariat, 'GET', `/households/${gambirId}`)
        .then((r) => r.json())) as { members: { personId: number }[] };
      const pid = personId.members[0]!.personId;
      const endpoints: [string, string, unknown?][] = [
        ['GET', `/households/${gambirId}`],
        ['GET', `/households/${gambirId}?asOf=2030-01-01T00:00:00Z`],
        ['GET', `/households/${gambirId}/history`],
        ['PATCH', `/households/${gambirId}`, { baseVersion: 1, address: 'Elsewhere' }],
        ['PATCH', `/persons/${pid}`, { baseVersion: 1, occupation: 'driver' }],
      ];
      for (const [method, path, body] of endpoints) {
        expect((await app.call(u.penjaringanOperator, method, path, body)).status, `${method} ${path}`).toBe(
          404,
        );
        // Field officers never change records directly (their visits are reviewed): 403 before any lookup.
        expect((await app.call(u.fieldOfficer, method, path, body)).status, `officer ${method} ${path}`).toBe(
          method === 'PATCH' ? 403 : 404,
        );
        expect((await app.call(u.partner, method, path, body)).status, `partner ${method} ${path}`).toBe(403);
        expect((await app.call(null, method, path, body)).status).toBe(401);
      }
      const nik = gambirBody.members[0]!.nik;
      const search = await app.call(u.penjaringanOperator, 'GET', `/households?nik=${nik}`);
      expect(((await search.json()) as { total: number }).total).toBe(0);
      expect((await app.call(u.partner, 'GET', `/households?nik=${nik}`)).status).toBe(403);
      // The other operator does see their own household.
      expect((await app.call(u.penjaringanOperator, 'GET', `/households/${penjaringanId}`)).status).toBe(200);
    });

    it('lets a field officer read only the households assigned to them', async () => {
      await db().insert(householdAssignment).values({ userId: u.fieldOfficer.id, householdId: gambirId });
      expect((await app.call(u.fieldOfficer, 'GET', `/households/${gambirId}`)).status).toBe(200);
      expect((await app.call(u.fieldOfficer, 'GET', `/households/${penjaringanId}`)).status).toBe(404);
    });

    it('answers malformed parameters and bodies with 400 naming the field on every endpoint', async () => {
      const cases: [string, string, unknown, string][] = [
        ['GET', '/households/abc', undefined, 'param.id'],
        ['GET', `/households/${gambirId}?asOf=yesterday`, undefined, 'query.asOf'],
        ['GET', '/households/0/history', undefined, 'param.id'],
        ['GET', '/households?nik=317101&pageSize=500', undefined, 'query.pageSize'],
        ['POST', '/households', { kkNumber: '3171010101250030' }, 'body.members'],
        ['PATCH', `/households/${gambirId}`, { address: 'x' }, 'body.baseVersion'],
        ['PATCH', `/households/${gambirId}`, { baseVersion: 1, floorAreaM2: 'big' }, 'body.floorAreaM2'],
        ['PATCH', '/persons/x', { baseVersion: 1 }, 'param.personId'],
        ['PATCH', '/persons/1', { baseVersion: 1, sex: 'X' }, 'body.sex'],
        ['POST', '/nik/validate', {}, 'body.nik'],
      ];
      for (const [method, path, body, field] of cases) {
        const response = await app.call(u.secretariat, method, path, body);
        expect(response.status, `${method} ${path}`).toBe(400);
        const paths = (await issuesOf(response)).map((i) => i.split(':')[0]);
        expect(paths, `${method} ${path}`).toContain(field);
      }
    });

    it('counts one audit row per personal-data read', async () => {
      const count = async () =>
        (
          await queryRows<{ n: number }>(
            db(),
            sql`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('read', 'search')`,
          )
        )[0]!.n;
      const before = await count();
      await app.call(u.secretariat, 'GET', `/households/${gambirId}`);
      await app.call(u.secretariat, 'GET', `/households/${gambirId}/history`);
      await app.call(u.secretariat, 'GET', '/households?name=suryadi%20wibowo&region=31.72'); // 3 households
      await app.call(u.secretariat, 'POST', '/nik/validate', { nik: gambirBody.members[0]!.nik }); // no personal data
      expect((await count()) - before).toBe(5);
    });
  },
  async ({ ctx }) => {
    await insertRegistryTestRegions(ctx.database.db);
    await insertRegistryTestUsers(ctx.database.db);
  },
);
