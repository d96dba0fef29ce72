import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { householdAssignment } from '../access/access.schema.ts';
import { createUser } from '../access/access.service.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import type { SubmissionResult } from './field.contracts.ts';

const password = 'field-sync-password';
const penjaringan = '31.72.01.1001';

/** A small seeded generator (mulberry32), so the scenario is the same on every run and database. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return { next, pick };
}

/** Household fields the scenario edits, each with the values it may propose. */
const householdChoices: Record<string, readonly unknown[]> = {
  hasCar: [true, false],
  hasMotorcycle: [true, false],
  hasRefrigerator: [true, false],
  waterSource: ['piped', 'pump_well', 'bottled'],
  floorAreaM2: [18, 24, 36, 45],
  electricityVa: [450, 900, 1300],
};
const schoolValues = ['enrolled', 'not_enrolled', 'dropped_out'] as const;

interface Downloaded {
  id: number;
  version: number;
  attributes: Record<string, unknown>;
  members: { personId: number; schoolEnrolment: string }[];
}

interface Planned {
  clientId: string;
  officer: 'a' | 'b';
  householdId: number;
  /** key → proposed value */
  changes: Map<string, unknown>;
  body: Record<string, unknown>;
}

async function download(app: ReturnType<typeof createApp>, session: TestSession): Promise<Downloaded[]> {
  const response = await request(app, 'GET', '/field/households', { session });
  expect(response.status).toBe(200);
  return ((await response.json()) as { households: Downloaded[] }).households;
}

describeEachDatabase(
  'field verification: syncing queued visits',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    let officerA: TestSession;
    let officerB: TestSession;
    let desk: TestSession;
    let assignedA: number[];
    let assignedB: number[];

    beforeAll(async () => {
      app = createApp(env().ctx);
      const households = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM household WHERE kelurahan_code = ${penjaringan} AND status = 'active'
            ORDER BY id LIMIT 40`,
      );
      expect(households.length).toBe(40);
      const [a] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
      );
      const b = await createUser(db(), {
        username: 'kader.penjaringan',
        displayName: 'Kader PKK Penjaringan',
        password,
        role: 'field_officer',
        regionCode: penjaringan,
      });
      assignedA = households.map((h) => h.id);
      // Officer B (a PKK cadre) shares the last 20 households with officer A: two writers on the same families.
      assignedB = assignedA.slice(20);
      await db()
        .insert(householdAssignment)
        .values([
          ...assignedA.map((householdId) => ({ userId: a!.id, householdId })),
          ...assignedB.map((householdId) => ({ userId: b.id, householdId })),
        ]);
      officerA = await loginAs(app, 'petugas.penjaringan', password);
      officerB = await loginAs(app, 'kader.penjaringan', password);
      desk = await loginAs(app, 'kel.penjaringan', password);
    });

    it('applies 1,000 queued visits exactly once through retries, duplicates and reordering, flagging conflicts exactly where two writers touched a field', async () => {
      const random = generator(4);
      const downloadedA = await download(app, officerA);
      const downloadedB = await download(app, officerB);
      expect(downloadedA.map((h) => h.id)).toEqual(assignedA);
      expect(downloadedB.map((h) => h.id)).toEqual(assignedB);
      const base = new Map(downloadedA.map((h) => [h.id, h]));

      // The phones queue 1,000 visits offline: 600 by officer A, 400 by officer B, each on the version downloaded.
      const planned: Planned[] = [];
      for (let i = 0; i < 1000; i++) {
        const officer = i < 600 ? 'a' : 'b';
        const household = base.get(random.pick(officer === 'a' ? assignedA : assignedB))!;
        const changes = new Map<string, unknown>();
        const fields = Object.keys(householdChoices);
        for (let n = 1 + Math.floor(random.next() * 3); n > 0; n--) {
          const field = random.pick(fields);
          changes.set(field, random.pick(householdChoices[field]!));
        }
        const member =
          household.members.length > 0 && random.next() < 0.3 ? random.pick(household.members) : null;
        const school = member ? random.pick(schoolValues) : null;
        if (member) changes.set(`members.${member.personId}.schoolEnrolment`, school);
        const clientId = randomUUID();
        planned.push({
          clientId,
          officer,
          householdId: household.id,
          changes,
          body: {
            clientId,
            householdId: household.id,
            baseVersion: household.version,
            capturedAt: new Date(Date.UTC(2026, 10, 2, 8, 0, i)).toISOString(),
            outcome: 'found',
            household: Object.fromEntries([...changes].filter(([k]) => !k.startsWith('members.'))),
            members: member
              ? [{ op: 'change', personId: member.personId, fields: { schoolEnrolment: school } }]
              : [],
          },
        });
      }

      // Meanwhile the kelurahan desk changes 10 households (a third writer on the registry itself).
      const deskChanged = new Map<number, Record<string, unknown>>();
      for (const id of assignedA.filter((_, i) => i % 4 === 0)) {
        const change = { hasCar: !base.get(id)!.attributes.hasCar, waterSource: 'bottled' };
        const response = await request(app, 'PATCH', `/households/${id}`, {
          session: desk,
          body: { baseVersion: base.get(id)!.version, ...change, source: 'kelurahan-desk' },
        });
        expect(response.status).toBe(200);
        deskChanged.set(id, change);
      }

      // The registry as it is now, for the expected outcome.
      const currentValue = (householdId: number, key: string): unknown => {
        const household = base.get(householdId)!;
        const desked = deskChanged.get(householdId);
        if (key.startsWith('members.')) {
          const personId = Number(key.split('.')[1]);
          return household.members.find((m) => m.personId === personId)!.schoolEnrolment;
        }
        return desked && key in desked ? desked[key] : household.attributes[key];
      };
      const baseValue = (householdId: number, key: string): unknown =>
        key.startsWith('members.') ? currentValue(householdId, key) : base.get(householdId)!.attributes[key];
      // Expected: unchanged when the registry holds the value; conflict when the desk changed the field, or when
      // the other officer proposes another value for it; clean otherwise.
      const expected = new Map<string, 'clean' | 'conflict'>();
      const unchanged = new Map<string, number>();
      for (const p of planned) {
        let same = 0;
        for (const [key, value] of p.changes) {
          const now = currentValue(p.householdId, key);
          if (JSON.stringify(now) === JSON.stringify(value)) {
            same++;
            continue;
          }
          const rival = planned.some(
            (q) =>
              q.officer !== p.officer &&
              q.householdId === p.householdId &&
              q.changes.has(key) &&
              JSON.stringify(q.changes.get(key)) !== JSON.stringify(value) &&
              JSON.stringify(q.changes.get(key)) !== JSON.stringify(now),
          );
          const deskTouched = JSON.stringify(now) !== JSON.stringify(baseValue(p.householdId, key));
          expected.set(`${p.clientId}|${key}`, deskTouched || rival ? 'conflict' : 'clean');
        }
        unchanged.set(p.clientId, same);
      }
      expect([...expected.values()].filter((s) => s === 'conflict').length).toBeGreaterThan(20);
      expect([...expected.values()].filter((s) => s === 'clean').length).toBeGreaterThan(200);

      // Upload: shuffled, in batches of 50, with 10 % of the visits sent twice and every fifth batch retried whole.
      const queue = [...planned, ...planned.filter((_, i) => i % 10 === 3)];
      for (let i = queue.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [queue[i], queue[j]] = [queue[j]!, queue[i]!];
      }
      const firstResult = new Map<string, SubmissionResult>();
      let duplicates = 0;
      for (let start = 0, batch = 0; start < queue.length; start += 50, batch++) {
        const items = queue.slice(start, start + 50);
        const attempts = batch % 5 === 0 ? 2 : 1;
        for (let attempt = 0; attempt < attempts; attempt++) {
          for (const officer of ['a', 'b'] as const) {
            const mine = items.filter((p) => p.officer === officer);
            if (mine.length === 0) continue;
            const response = await request(app, 'POST', '/field/submissions', {
              session: officer === 'a' ? officerA : officerB,
              body: { submissions: mine.map((p) => p.body) },
            });
            expect(response.status).toBe(200);
            const { results } = (await response.json()) as { results: SubmissionResult[] };
            expect(results.map((r) => r.clientId)).toEqual(mine.map((p) => p.clientId));
            for (const result of results) {
              expect(result.error).toBeNull();
              const first = firstResult.get(result.clientId!);
              if (first) {
                expect(result.status).toBe('duplicate');
                expect(result.submissionId).toBe(first.submissionId);
                duplicates++;
              } else {
                expect(result.status).toBe('accepted');
                firstResult.set(result.clientId!, result);
              }
            }
          }
        }
      }
      expect(duplicates).toBeGreaterThanOrEqual(100);

      // Every visit stored once, every proposed change stored once with the expected state, nothing else.
      const [counts] = await queryRows<{ submissions: number; distinct: number }>(
        db(),
        sql`SELECT count(*)::int AS submissions, count(DISTINCT client_id)::int AS distinct FROM field_submission`,
      );
      expect(counts).toEqual({ submissions: 1000, distinct: 1000 });
      const stored = await queryRows<{ clientId: string; key: string; state: 'clean' | 'conflict' }>(
        db(),
        sql`SELECT s.client_id::text AS "clientId", c.key, c.state
            FROM field_change c JOIN field_submission s ON s.id = c.submission_id`,
      );
      const found = new Map(stored.map((r) => [`${r.clientId}|${r.key}`, r.state]));
      expect(found.size).toBe(stored.length);
      expect(new Map([...found].sort())).toEqual(new Map([...expected].sort()));
      const storedUnchanged = await queryRows<{ clientId: string; n: number }>(
        db(),
        sql`SELECT client_id::text AS "clientId", unchanged_count AS n FROM field_submission`,
      );
      expect(new Map(storedUnchanged.map((r) => [r.clientId, r.n]))).toEqual(unchanged);
      // Nothing reached the registry: visits wait for a supervisor.
      const [versions] = await queryRows<{ moved: number }>(
        db(),
        sql`SELECT count(*)::int AS moved FROM household
            WHERE id IN (${sql.join(
              assignedA.map((id) => sql`${id}`),
              sql`, `,
            )}) AND version <> ${1}`,
      );
      expect(versions!.moved).toBe(deskChanged.size);
    });

    it('refuses visits outside the assignment, bad items one by one, and another user’s client id', async () => {
      const [outside] = await queryRows<{ id: number; version: number }>(
        db(),
        sql`SELECT id::int, version FROM household WHERE kelurahan_code = ${penjaringan} AND status = 'active'
            AND id NOT IN (SELECT household_id FROM household_assignment) ORDER BY id LIMIT 1`,
      );
      const [elsewhere] = await queryRows<{ id: number; version: number }>(
        db(),
        sql`SELECT id::int, version FROM household WHERE kelurahan_code <> ${penjaringan} AND status = 'active'
            ORDER BY id LIMIT 1`,
      );
      const [strangerMember] = await queryRows<{ personId: number }>(
        db(),
        sql`SELECT person_id::int AS "personId" FROM household_member
            WHERE household_id = ${outside!.id} AND end_date IS NULL LIMIT 1`,
      );
      const mine = (await download(app, officerA))[0]!;
      const visit = (householdId: number, baseVersion: number, extra: Record<string, unknown> = {}) => ({
        clientId: randomUUID(),
        householdId,
        baseVersion,
        capturedAt: '2026-11-20T09:00:00+07:00',
        outcome: 'found',
        household: { hasLand: true },
        ...extra,
      });
      const items = [
        visit(outside!.id, outside!.version),
        visit(mine.id, mine.version, { outcome: 'gone fishing' }),
        visit(mine.id, 99),
        visit(mine.id, mine.version, {
          members: [
            { op: 'change', personId: strangerMember!.personId, fields: { schoolEnrolment: 'enrolled' } },
          ],
        }),
        visit(mine.id, mine.version, { location: { latitude: -6.12, longitude: 106.79, accuracyM: 8 } }),
        // Identity is corrected at the desk against documents, not from the field.
        visit(mine.id, mine.version, {
          members: [
            { op: 'change', personId: mine.members[0]!.personId, fields: { nik: '3172015508850042' } },
          ],
        }),
      ];
      const before = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM field_submission`,
      );
      const response = await request(app, 'POST', '/field/submissions', {
        session: officerA,
        body: { submissions: items },
      });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: SubmissionResult[] };
      expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
        ['rejected', 'NOT_ASSIGNED'],
        ['rejected', 'VALIDATION_FAILED'],
        ['rejected', 'UNKNOWN_VERSION'],
        ['rejected', 'UNKNOWN_MEMBER'],
        ['accepted', null],
        ['rejected', 'VALIDATION_FAILED'],
      ]);
      expect(results[1]!.error!.issues.map((i) => i.path)).toEqual(['outcome']);
      expect(results[1]!.clientId).toBe(items[1]!.clientId);
      const after = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM field_submission`,
      );
      expect(after[0]!.n).toBe(before[0]!.n + 1);

      // Another officer cannot take over (or probe) a client id; the desk may file a visit in its own area only.
      const reuse = await request(app, 'POST', '/field/submissions', {
        session: officerB,
        body: { submissions: [{ ...items[4], householdId: assignedB[0] }] },
      });
      expect(((await reuse.json()) as { results: SubmissionResult[] }).results[0]!.error!.code).toBe(
        'CLIENT_ID_TAKEN',
      );
      // Even on a household it may not visit: the taken client id is the answer, as to any retry of it.
      const reuseOutside = await request(app, 'POST', '/field/submissions', {
        session: officerB,
        body: { submissions: [{ ...items[4], householdId: outside!.id }] },
      });
      expect(((await reuseOutside.json()) as { results: SubmissionResult[] }).results[0]!.error!.code).toBe(
        'CLIENT_ID_TAKEN',
      );
      const deskVisits = await request(app, 'POST', '/field/submissions', {
        session: desk,
        body: {
          submissions: [visit(outside!.id, outside!.version), visit(elsewhere!.id, elsewhere!.version)],
        },
      });
      const deskResults = ((await deskVisits.json()) as { results: SubmissionResult[] }).results;
      expect(deskResults.map((r) => r.status)).toEqual(['accepted', 'rejected']);

      // Agencies and partners file no visits; only field officers download.
      const agency = await loginAs(app, 'dinsos', password);
      expect(
        (
          await request(app, 'POST', '/field/submissions', {
            session: agency,
            body: { submissions: [items[0]] },
          })
        ).status,
      ).toBe(403);
      expect((await request(app, 'GET', '/field/households', { session: desk })).status).toBe(403);
      // Each accepted visit is audited; the download too, one row per household.
      const [audit] = await queryRows<{ created: number; read: number }>(
        db(),
        sql`SELECT count(*) FILTER (WHERE action = 'create' AND purpose = 'field verification')::int AS created,
                   count(*) FILTER (WHERE action = 'read' AND purpose = 'field verification download')::int AS read
            FROM audit_log`,
      );
      expect(audit!.created).toBe(1000 + 1 + 1);
      expect(audit!.read).toBe(2 * assignedA.length + assignedB.length);
    });

    it('stores concurrent uploads of two officers together: each visit once, in arrival order per household, every one audited on an intact chain', async () => {
      const [before] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log WHERE purpose = 'field verification'`,
      );
      const shared = assignedB[0]!;
      const visit = (householdId: number, household: Record<string, unknown>, clientId = randomUUID()) => ({
        clientId,
        householdId,
        baseVersion: 1,
        capturedAt: '2026-11-21T09:00:00+07:00',
        outcome: 'found',
        household,
      });
      // Both officers at once, 40 uploads: the same shared household from both sides (rival values), a visit
      // retried while its first upload is still in flight, and one upload holding two visits of one household.
      const retried = visit(assignedA[1]!, { hasLand: false });
      const uploads = Array.from({ length: 40 }, (_, n) => {
        const officer = n % 2 === 0 ? 'a' : 'b';
        const mine = officer === 'a' ? assignedA.slice(0, 20) : assignedB.slice(1);
        const submissions =
          n === 0
            ? [retried, visit(mine[2]!, { hasLand: true }), visit(mine[2]!, { hasLand: false })]
            : n === 1 || n === 2
              ? [visit(shared, { floorAreaM2: n === 1 ? 61 : 62 })]
              : n === 4
                ? [{ ...retried }]
                : [visit(mine[n % mine.length]!, { electricityVa: n % 3 === 0 ? 2200 : 3500 })];
        return request(app, 'POST', '/field/submissions', {
          session: officer === 'a' ? officerA : officerB,
          body: { submissions },
        });
      });
      const results = await Promise.all(
        uploads.map(async (u) => {
          const response = await u;
          expect(response.status).toBe(200);
          return ((await response.json()) as { results: SubmissionResult[] }).results;
        }),
      );
      const all = results.flat();
      expect(all.every((r) => r.error === null)).toBe(true);
      const retriedResults = all.filter((r) => r.clientId === retried.clientId);
      expect(retriedResults.map((r) => r.status).sort()).toEqual(['accepted', 'duplicate']);
      expect(new Set(retriedResults.map((r) => r.submissionId)).size).toBe(1);
      const accepted = all.filter((r) => r.status === 'accepted');
      expect(accepted).toHaveLength(41);
      // The shared household: each officer's visit conflicts with the other's.
      const rivals = await queryRows<{ state: string }>(
        db(),
        sql`SELECT c.state FROM field_change c JOIN field_submission s ON s.id = c.submission_id
            WHERE s.household_id = ${shared} AND c.key = 'floorAreaM2' AND s.captured_at = '2026-11-21T02:00:00Z'`,
      );
      expect(rivals.map((r) => r.state)).toEqual(['conflict', 'conflict']);
      // Two visits of one household in one upload are stored in the upload's order.
      const [first, second] = results[0]!.slice(1);
      expect(first!.submissionId).toBeLessThan(second!.submissionId!);
      // One audit row per stored visit, naming it, and the chain verifies.
      const audited = await queryRows<{ submissionId: number }>(
        db(),
        sql`SELECT (details->>'submissionId')::int AS "submissionId" FROM audit_log
            WHERE purpose = 'field verification' ORDER BY id OFFSET ${before!.n}`,
      );
      expect(audited.map((r) => r.submissionId).sort((x, y) => x - y)).toEqual(
        accepted.map((r) => r.submissionId).sort((x, y) => x! - y!),
      );
      expect(await verifyAuditChain(db())).toMatchObject({ firstBrokenId: null });
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 21 });
    await ensureDemoUsers(database.db, password);
  },
);
