import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { householdAssignment } from '../access/access.schema.ts';
import { createUser } from '../access/access.service.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import type { SubmissionResult } from './field.contracts.ts';
import type { SubmissionDetail } from './field.detail.ts';

const password = 'field-detail-password';
const penjaringan = '31.72.01.1001';
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

interface Household {
  id: number;
  version: number;
  attributes: Record<string, unknown>;
  members: { personId: number; name: string; occupation: string }[];
}

describeEachDatabase(
  'field verification: a visit as its reviewer opens it',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    let officer: TestSession;
    let supervisor: TestSession;
    let household: Household;

    beforeAll(async () => {
      app = createApp(env().ctx);
      const [row] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM household WHERE kelurahan_code = ${penjaringan} AND status = 'active'
            ORDER BY id LIMIT 1`,
      );
      const [user] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
      );
      await db().insert(householdAssignment).values({ userId: user!.id, householdId: row!.id });
      officer = await loginAs(app, 'petugas.penjaringan', password);
      supervisor = await loginAs(app, 'kel.penjaringan', password);
      const response = await request(app, 'GET', '/field/households', { session: officer });
      household = ((await response.json()) as { households: Household[] }).households[0]!;
    });

    it('shows the visit, its photo and each change with the values the reviewer compares', async () => {
      const form = new FormData();
      form.set('householdId', String(household.id));
      form.set('file', new File([Buffer.from(png)], 'rumah.png'));
      const photo = (await (
        await request(app, 'POST', '/field/evidence', { session: officer, form })
      ).json()) as {
        id: string;
      };
      const member = household.members[0]!;
      const occupation = member.occupation === 'not_working' ? 'labourer' : 'not_working';
      const water = household.attributes.waterSource === 'piped' ? 'bottled' : 'piped';
      const sent = await request(app, 'POST', '/field/submissions', {
        session: officer,
        body: {
          submissions: [
            {
              clientId: randomUUID(),
              householdId: household.id,
              baseVersion: household.version,
              capturedAt: '2026-11-20T02:00:00.000Z',
              outcome: 'found',
              notes: 'Kepala keluarga kini menganggur',
              evidenceIds: [photo.id],
              location: { latitude: -6.12, longitude: 106.79, accuracyM: 12 },
              household: { waterSource: water },
              members: [{ op: 'change', personId: member.personId, fields: { occupation } }],
            },
          ],
        },
      });
      const [result] = ((await sent.json()) as { results: SubmissionResult[] }).results;
      expect(result!.status).toBe('accepted');
      const id = result!.submissionId!;

      // The desk changes the water source after the visit arrived: the reviewer must now choose.
      const desk = await request(app, 'PATCH', `/households/${household.id}`, {
        session: supervisor,
        body: { baseVersion: household.version, waterSource: 'protected_well', source: 'kelurahan-desk' },
      });
      expect(desk.status).toBe(200);

      const response = await request(app, 'GET', `/field/submissions/${id}`, { session: supervisor });
      expect(response.status).toBe(200);
      const detail = (await response.json()) as SubmissionDetail;
      expect(detail).toMatchObject({
        submissionId: id,
        householdId: household.id,
        baseVersion: household.version,
        householdVersion: household.version + 1,
        officerName: 'Petugas Lapangan Penjaringan',
        status: 'pending',
        outcome: 'found',
        notes: 'Kepala keluarga kini menganggur',
        location: { latitude: -6.12, longitude: 106.79, accuracyM: 12 },
        evidence: [{ id: photo.id, contentType: 'image/png', fileName: 'rumah.png' }],
      });
      const byKey = new Map(detail.changes.map((c) => [c.key, c]));
      expect(byKey.get(`members.${member.personId}.occupation`)).toMatchObject({
        memberName: member.name,
        field: 'occupation',
        state: 'clean',
        baseValue: member.occupation,
        currentValue: member.occupation,
        proposedValue: occupation,
        needsChoice: false,
      });
      expect(byKey.get('waterSource')).toMatchObject({
        memberName: null,
        field: 'waterSource',
        arrivalValue: household.attributes.waterSource,
        currentValue: 'protected_well',
        proposedValue: water,
        needsChoice: true,
      });
      const [audit] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log
            WHERE purpose = 'field verification review' AND action = 'read' AND subject_id = ${String(household.id)}`,
      );
      expect(audit!.n).toBe(1);

      // Reviewers only, within their area.
      expect((await request(app, 'GET', `/field/submissions/${id}`, { session: officer })).status).toBe(403);
      await createUser(db(), {
        username: 'kel.kamalmuara',
        displayName: 'Operator Kelurahan Kamal Muara',
        password,
        role: 'kelurahan_operator',
        regionCode: '31.72.01.1002',
      });
      const outsider = await loginAs(app, 'kel.kamalmuara', password);
      expect((await request(app, 'GET', `/field/submissions/${id}`, { session: outsider })).status).toBe(404);
      expect((await request(app, 'GET', `/field/submissions/999999`, { session: supervisor })).status).toBe(
        404,
      );
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.001, seed: 29 });
    await ensureDemoUsers(database.db, password);
  },
);
