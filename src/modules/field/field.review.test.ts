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
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import type { SubmissionResult } from './field.contracts.ts';

const password = 'field-review-password';
const penjaringan = '31.72.01.1001';

interface Household {
  id: number;
  version: number;
  attributes: Record<string, unknown>;
  members: { personId: number; schoolEnrolment: string }[];
}

describeEachDatabase(
  'field verification: supervisor review',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    let officer: TestSession;
    let supervisor: TestSession;
    let officerId: number;
    let households: Household[];

    beforeAll(async () => {
      app = createApp(env().ctx);
      const ids = await queryRows<{ id: number }>(
        db(),
        sql`SELECT h.id::int FROM household h
            WHERE h.kelurahan_code = ${penjaringan} AND h.status = 'active'
              AND (SELECT count(*) FROM household_member m WHERE m.household_id = h.id AND m.end_date IS NULL) >= 3
            ORDER BY h.id LIMIT 6`,
      );
      const [user] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
      );
      officerId = user!.id;
      await db()
        .insert(householdAssignment)
        .values(ids.map((h) => ({ userId: officerId, householdId: h.id })));
      officer = await loginAs(app, 'petugas.penjaringan', password);
      supervisor = await loginAs(app, 'kel.penjaringan', password);
      const response = await request(app, 'GET', '/field/households', { session: officer });
      households = ((await response.json()) as { households: Household[] }).households;
      expect(households).toHaveLength(6);
    });

    async function submit(household: Household, body: Record<string, unknown>): Promise<SubmissionResult> {
      const response = await request(app, 'POST', '/field/submissions', {
        session: officer,
        body: {
          submissions: [
            {
              clientId: randomUUID(),
              householdId: household.id,
              baseVersion: household.version,
              capturedAt: '2026-11-20T02:00:00.000Z',
              outcome: 'found',
              ...body,
            },
          ],
        },
      });
      const [result] = ((await response.json()) as { results: SubmissionResult[] }).results;
      expect(result!.status).toBe('accepted');
      return result!;
    }

    const review = (id: number, body: Record<string, unknown>, session = supervisor) =>
      request(app, 'POST', `/field/submissions/${id}/review`, { session, body });

    it('writes an approved visit with its provenance, a new version and a new rank', async () => {
      const household = households.find(
        (h) => h.attributes.hasCar === false && h.attributes.hasAirConditioner === false,
      )!;
      const member = household.members.find((m) => m.schoolEnrolment !== 'dropped_out')!;
      const proposed = {
        hasCar: true,
        hasAirConditioner: true,
        electricityVa: 2200,
        floorMaterial: 'ceramic',
      };
      const visit = await submit(household, {
        household: proposed,
        members: [{ op: 'change', personId: member.personId, fields: { schoolEnrolment: 'dropped_out' } }],
      });
      expect((await review(visit.submissionId!, { decision: 'approve' }, officer)).status).toBe(403);
      const [before] = await queryRows<{ score: number; desil: number; snapshotId: number }>(
        db(),
        sql`SELECT w.score, w.desil, w.snapshot_id AS "snapshotId" FROM household_welfare w
            WHERE w.household_id = ${household.id} ORDER BY w.snapshot_id DESC LIMIT 1`,
      );
      const response = await review(visit.submissionId!, { decision: 'approve', note: 'seen the car' });
      expect(response.status).toBe(200);
      const result = (await response.json()) as { version: number; applied: string[] };
      expect(result.version).toBe(household.version + 1);
      const differing = Object.entries(proposed)
        .filter(([field, value]) => household.attributes[field] !== value)
        .map(([field]) => field);
      expect(differing).toContain('hasCar');
      expect(result.applied.sort()).toEqual(
        [...differing, `members.${member.personId}.schoolEnrolment`].sort(),
      );

      const [row] = await queryRows<{ hasCar: boolean; provenance: Record<string, Record<string, unknown>> }>(
        db(),
        sql`SELECT has_car AS "hasCar", provenance FROM household WHERE id = ${household.id}`,
      );
      expect(row!.hasCar).toBe(true);
      expect(row!.provenance.hasCar).toEqual({
        source: 'field-verification',
        actorId: officerId,
        at: '2026-11-20T02:00:00.000Z',
        evidence: `field_submission:${visit.submissionId}`,
      });
      const [person] = await queryRows<{ school: string; source: string }>(
        db(),
        sql`SELECT school_enrolment AS school, provenance->'schoolEnrolment'->>'source' AS source
            FROM person WHERE id = ${member.personId}`,
      );
      expect(person).toEqual({ school: 'dropped_out', source: 'field-verification' });

      // Re-ranked in the latest snapshot: the score a full ranking gives, placed among the others' desil bounds.
      const [after] = await queryRows<{ score: number; desil: number; expected: number }>(
        db(),
        sql`SELECT w.score, w.desil,
                   COALESCE((SELECT min(b.desil) FROM (
                      SELECT desil, max(score) AS top FROM household_welfare
                      WHERE snapshot_id = ${before!.snapshotId} AND household_id <> ${household.id}
                      GROUP BY desil) b WHERE w.score <= b.top AND b.desil < 10), 10) AS expected
            FROM household_welfare w WHERE w.household_id = ${household.id} AND w.snapshot_id = ${before!.snapshotId}`,
      );
      expect(after!.score).toBeGreaterThan(before!.score);
      expect(after!.desil).toBe(after!.expected);
      await recomputeWelfare(db());
      const [full] = await queryRows<{ score: number }>(
        db(),
        sql`SELECT score FROM household_welfare WHERE household_id = ${household.id}
            ORDER BY snapshot_id DESC LIMIT 1`,
      );
      expect(full!.score).toBeCloseTo(after!.score, 9);

      // Reviewed once only.
      expect((await review(visit.submissionId!, { decision: 'reject' })).status).toBe(409);
    });

    it('asks the reviewer to choose where someone else changed the field, and keeps a later visit over an earlier one', async () => {
      const household = households.find((h) => h.attributes.hasCar === false && h !== households[0])!;
      const sources = ['piped', 'pump_well', 'bottled', 'protected_well'];
      const [visitValue, deskValue] = sources.filter((v) => v !== household.attributes.waterSource);
      const visit = await submit(household, { household: { hasCar: true, waterSource: visitValue } });
      const desk = await request(app, 'PATCH', `/households/${household.id}`, {
        session: supervisor,
        body: { baseVersion: household.version, waterSource: deskValue, source: 'kelurahan-desk' },
      });
      expect(desk.status).toBe(200);
      const refused = await review(visit.submissionId!, { decision: 'approve' });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { details: unknown } }).error.details).toEqual({
        unresolved: ['waterSource'],
      });
      const approved = await review(visit.submissionId!, {
        decision: 'approve',
        resolutions: { waterSource: 'current' },
      });
      expect(((await approved.json()) as { applied: string[]; kept: string[] }).kept).toEqual([
        'waterSource',
      ]);

      // Two visits by the same officer arrive out of order: the later one, approved first, is not overwritten.
      const other = households[5]!;
      const earlier = await submit(other, {
        capturedAt: '2026-11-21T01:00:00.000Z',
        household: { floorAreaM2: 30 },
      });
      const later = await submit(other, {
        capturedAt: '2026-11-21T05:00:00.000Z',
        household: { floorAreaM2: 42 },
      });
      expect((await review(later.submissionId!, { decision: 'approve' })).status).toBe(200);
      const second = await review(earlier.submissionId!, { decision: 'approve' });
      expect(((await second.json()) as { kept: string[] }).kept).toEqual(['floorAreaM2']);
      const [area] = await queryRows<{ area: number }>(
        db(),
        sql`SELECT floor_area_m2::float8 AS area FROM household WHERE id = ${other.id}`,
      );
      expect(area!.area).toBe(42);
    });

    it('rejects without writing, and records a death as the end of a membership', async () => {
      const household = households.find((h) => h.attributes.hasLand === false && h.members.length >= 3)!;
      const [current] = await queryRows<{ version: number }>(
        db(),
        sql`SELECT version FROM household WHERE id = ${household.id}`,
      );
      const version = current!.version;
      const rejected = await submit({ ...household, version }, { household: { hasLand: true } });
      expect((await review(rejected.submissionId!, { decision: 'reject', note: 'wrong house' })).status).toBe(
        200,
      );
      const [kept] = await queryRows<{ version: number; status: string }>(
        db(),
        sql`SELECT h.version, s.status FROM household h, field_submission s
            WHERE h.id = ${household.id} AND s.id = ${rejected.submissionId}`,
      );
      expect(kept).toEqual({ version, status: 'rejected' });

      const deceased = household.members[2]!;
      const visit = await submit(
        { ...household, version },
        {
          outcome: 'member_deceased',
          members: [{ op: 'leave', personId: deceased.personId, reason: 'died', date: '2026-11-01' }],
        },
      );
      expect((await review(visit.submissionId!, { decision: 'approve' })).status).toBe(200);
      const [gone] = await queryRows<{ endDate: string; status: string }>(
        db(),
        sql`SELECT m.end_date::text AS "endDate", p.status FROM household_member m JOIN person p ON p.id = m.person_id
            WHERE m.household_id = ${household.id} AND m.person_id = ${deceased.personId}`,
      );
      expect(gone).toEqual({ endDate: '2026-11-01', status: 'deceased' });
      // A reviewer outside the household's area does not find the visit; the kecamatan supervisor does.
      await createUser(db(), {
        username: 'kel.kamalmuara',
        displayName: 'Operator Kelurahan Kamal Muara',
        password,
        role: 'kelurahan_operator',
        regionCode: '31.72.01.1002',
      });
      const outsider = await loginAs(app, 'kel.kamalmuara', password);
      const visitElsewhere = await submit(households[4]!, {
        household: { hasGold: !households[4]!.attributes.hasGold },
      });
      expect((await review(visitElsewhere.submissionId!, { decision: 'approve' }, outsider)).status).toBe(
        404,
      );
      const kecamatan = await loginAs(app, 'kec.penjaringan', password);
      expect((await review(visitElsewhere.submissionId!, { decision: 'approve' }, kecamatan)).status).toBe(
        200,
      );
    });

    it('gives the supervisor an inbox of pending visits: counts, due soon, overdue, conflicts first', async () => {
      // Two fresh visits, one on a stale version touching a field approved since (a conflict), and two aged ones.
      const household = households[2]!;
      const [now] = await queryRows<{ version: number; hasGold: boolean }>(
        db(),
        sql`SELECT version, has_gold AS "hasGold" FROM household WHERE id = ${household.id}`,
      );
      const desk = await request(app, 'PATCH', `/households/${household.id}`, {
        session: supervisor,
        body: { baseVersion: now!.version, hasGold: !now!.hasGold, source: 'kelurahan-desk' },
      });
      expect(desk.status).toBe(200);
      const conflicting = await submit(
        { ...household, version: now!.version },
        { household: { hasGold: now!.hasGold } },
      );
      expect(conflicting.conflicts).toEqual(['hasGold']);
      const old = await submit(households[5]!, {
        household: { hasLand: !households[5]!.attributes.hasLand },
      });
      const soon = await submit(households[4]!, {
        household: { hasComputer: !households[4]!.attributes.hasComputer },
      });
      await db().execute(
        sql`UPDATE field_submission SET received_at = now() - interval '20 days' WHERE id = ${old.submissionId}`,
      );
      await db().execute(
        sql`UPDATE field_submission SET received_at = now() - interval '12 days' WHERE id = ${soon.submissionId}`,
      );
      const [expected] = await queryRows<{ pending: number; withConflicts: number }>(
        db(),
        sql`SELECT count(*)::int AS pending,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM field_change c
                                                  WHERE c.submission_id = s.id AND c.state = 'conflict'))::int
                     AS "withConflicts"
            FROM field_submission s WHERE s.status = 'pending'`,
      );
      const response = await request(app, 'GET', '/field/inbox?pageSize=100', { session: supervisor });
      expect(response.status).toBe(200);
      const inbox = (await response.json()) as {
        counts: Record<string, number>;
        items: { submissionId: number; conflicts: number; officerName: string }[];
      };
      expect(inbox.counts).toEqual({ ...expected, dueSoon: 1, overdue: 1 });
      expect(inbox.items).toHaveLength(expected!.pending);
      const firstClean = inbox.items.findIndex((i) => i.conflicts === 0);
      expect(inbox.items.slice(firstClean).every((i) => i.conflicts === 0)).toBe(true);
      expect(inbox.items.find((i) => i.submissionId === conflicting.submissionId)!.conflicts).toBe(1);
      expect(inbox.items[0]!.officerName).toBe('Petugas Lapangan Penjaringan');
      // Only reviewers, each within their own area.
      expect((await request(app, 'GET', '/field/inbox', { session: officer })).status).toBe(403);
      const outsider = await loginAs(app, 'kel.kamalmuara', password);
      const elsewhere = (await (await request(app, 'GET', '/field/inbox', { session: outsider })).json()) as {
        counts: { pending: number };
      };
      expect(elsewhere.counts.pending).toBe(0);
    });

    it('turns a newcomer found on an approved visit into a change request for the desk', async () => {
      const household = households[5]!;
      const [current] = await queryRows<{ version: number }>(
        db(),
        sql`SELECT version FROM household WHERE id = ${household.id}`,
      );
      const nik = '3172010109267777';
      const baby = {
        nik,
        name: 'Bayi Baru',
        sex: 'M',
        birthDate: '2026-09-01',
        maritalStatus: 'single',
        education: 'none',
        occupation: 'not_working',
        schoolEnrolment: 'not_yet',
        relationship: 'child',
      };
      const visit = await submit(
        { ...household, version: current!.version },
        { members: [{ op: 'add', ref: 'bayi', person: baby }] },
      );
      const response = await review(visit.submissionId!, { decision: 'approve' });
      expect(response.status).toBe(200);
      const result = (await response.json()) as {
        version: number;
        forwarded: { key: string; changeRequestId: number }[];
      };
      expect(result.version).toBe(current!.version);
      expect(result.forwarded).toHaveLength(1);
      const registered = () =>
        queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM person WHERE nik = ${nik}`);
      expect((await registered())[0]!.n).toBe(0);
      const [filed] = await queryRows<{
        type: string;
        channel: string;
        householdId: number;
        requester: number;
      }>(
        db(),
        sql`SELECT type, channel, household_id::int AS "householdId", requester_user_id AS requester
            FROM change_request WHERE id = ${result.forwarded[0]!.changeRequestId}`,
      );
      expect(filed).toEqual({
        type: 'birth',
        channel: 'field_verification',
        householdId: household.id,
        requester: officerId,
      });
      // The desk, having seen the birth certificate, approves: the child joins the household.
      const decided = await request(
        app,
        'POST',
        `/change-requests/${result.forwarded[0]!.changeRequestId}/decision`,
        {
          session: supervisor,
          body: { decision: 'approve' },
        },
      );
      expect(decided.status).toBe(200);
      expect((await registered())[0]!.n).toBe(1);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 23 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
  },
);
