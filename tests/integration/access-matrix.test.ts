import { and, count, eq, like, not, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { demoUsers, ensureDemoUsers } from '../../src/modules/access/access.demo.ts';
import { appUser } from '../../src/modules/access/access.schema.ts';
import { assignHouseholdsToOfficer } from '../../src/modules/access/access.service.ts';
import { loginAs, request, type TestSession } from '../../src/modules/access/access.test-support.ts';
import { auditLog } from '../../src/modules/audit/audit.schema.ts';
import { loadProvince } from '../../src/modules/regions/regions.service.ts';
import { household, householdMember } from '../../src/modules/registry/registry.schema.ts';
import { seedPopulation } from '../../src/modules/synthetic/synthetic.service.ts';
import { describeEachDatabase, type TestEnvironment } from '../support/database.ts';

/**
 * Role × area × endpoint: every registry endpoint, called by every demo role, for households at every distance
 * from the users' areas (Penjaringan kelurahan ⊂ kecamatan ⊂ Jakarta Utara ⊂ DKI Jakarta). The expected outcome
 * is written out from product.md §2, independently of the code's policy table.
 */
const password = 'matrix-password';
type Place = 'assigned' | 'kelurahan' | 'kecamatan' | 'kota' | 'province';
const places: Place[] = ['assigned', 'kelurahan', 'kecamatan', 'kota', 'province'];

/** Which households each role may read; `forbidden` = no personal data at all (403). */
const readable: Record<string, Place[] | 'forbidden'> = {
  sekretariat: places,
  'tkpk.jakut': ['assigned', 'kelurahan', 'kecamatan', 'kota'],
  'kec.penjaringan': ['assigned', 'kelurahan', 'kecamatan'],
  'kel.penjaringan': ['assigned', 'kelurahan'],
  'petugas.penjaringan': ['assigned'],
  dinsos: places,
  'mitra.baznas': 'forbidden',
  inspektorat: places,
};
/** Roles that may change registry records directly (field officers go through reviewed visits; inspectors read only). */
const writers = new Set(['sekretariat', 'tkpk.jakut', 'kec.penjaringan', 'kel.penjaringan']);

interface Target {
  id: number;
  kk: string;
  personId: number;
}

describeEachDatabase(
  'access matrix: role × area × registry endpoint',
  (env) => {
    const targets = {} as Record<Place, Target>;
    const sessions: Record<string, TestSession> = {};
    let app: ReturnType<typeof createApp>;

    beforeAll(async () => {
      const { db } = env().ctx.database;
      app = createApp(env().ctx);
      const pick = async (place: Place, condition: ReturnType<typeof sql>, offset = 0): Promise<Target> => {
        const [row] = await db
          .select({ id: household.id, kk: household.kkNumber, personId: householdMember.personId })
          .from(household)
          .innerJoin(
            householdMember,
            and(eq(householdMember.householdId, household.id), eq(householdMember.relationship, 'head')),
          )
          .where(and(eq(household.status, 'active'), condition))
          .orderBy(household.id)
          .limit(1)
          .offset(offset);
        if (!row) throw new Error(`no household for ${place}`);
        return row;
      };
      targets.assigned = await pick('assigned', eq(household.kelurahanCode, '31.72.01.1001'));
      targets.kelurahan = await pick('kelurahan', eq(household.kelurahanCode, '31.72.01.1001'), 1);
      targets.kecamatan = await pick(
        'kecamatan',
        and(like(household.kelurahanCode, '31.72.01.%'), not(eq(household.kelurahanCode, '31.72.01.1001')))!,
      );
      targets.kota = await pick(
        'kota',
        and(like(household.kelurahanCode, '31.72.%'), not(like(household.kelurahanCode, '31.72.01.%')))!,
      );
      targets.province = await pick('province', like(household.kelurahanCode, '31.71.%'));
      const [officer] = await db.select().from(appUser).where(eq(appUser.username, 'petugas.penjaringan'));
      await assignHouseholdsToOfficer(db, officer!.id, [targets.assigned.id]);
      for (const user of demoUsers) sessions[user.username] = await loginAs(app, user.username, password);
    });

    async function readAudits(username: string, householdId: number) {
      const { db } = env().ctx.database;
      const [user] = await db.select().from(appUser).where(eq(appUser.username, username));
      const [row] = await db
        .select({ n: count() })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.actorId, user!.id),
            eq(auditLog.subjectType, 'household'),
            eq(auditLog.subjectId, String(householdId)),
          ),
        );
      return row!.n;
    }

    for (const user of demoUsers) {
      const rule = readable[user.username]!;
      it(`${user.username} (${user.role}) reads exactly the households of its area, each read audited`, async () => {
        for (const place of places) {
          const target = targets[place];
          const allowed = rule !== 'forbidden' && rule.includes(place);
          const denied = rule === 'forbidden' ? 403 : 404;
          const session = sessions[user.username]!;
          const auditsBefore = await readAudits(user.username, target.id);
          const profile = await request(app, 'GET', `/households/${target.id}`, { session });
          const history = await request(app, 'GET', `/households/${target.id}/history`, { session });
          const search = await request(app, 'GET', `/households?kk=${target.kk}`, { session });
          const label = `${user.username} → ${place}`;
          expect(profile.status, label).toBe(allowed ? 200 : denied);
          expect(history.status, label).toBe(allowed ? 200 : denied);
          if (rule === 'forbidden') expect(search.status, label).toBe(403);
          else expect(((await search.json()) as { total: number }).total, label).toBe(allowed ? 1 : 0);
          const auditsAfter = await readAudits(user.username, target.id);
          expect(auditsAfter - auditsBefore, `${label}: audit rows`).toBe(allowed ? 3 : 0);
        }
      });

      it(`${user.username} (${user.role}) changes only what its role and area allow`, async () => {
        for (const place of places) {
          const target = targets[place];
          const { db } = env().ctx.database;
          const [current] = await db
            .select({ version: household.version })
            .from(household)
            .where(eq(household.id, target.id));
          const session = sessions[user.username]!;
          const visible = rule !== 'forbidden' && rule.includes(place);
          const expected = !writers.has(user.username) ? 403 : visible ? 200 : 404;
          const label = `${user.username} → ${place}`;
          const patchHousehold = await request(app, 'PATCH', `/households/${target.id}`, {
            session,
            body: { baseVersion: current!.version, address: `Jl. Matriks ${user.username}` },
          });
          expect(patchHousehold.status, label).toBe(expected);
          const [after] = await db
            .select({ version: household.version })
            .from(household)
            .where(eq(household.id, target.id));
          const patchPerson = await request(app, 'PATCH', `/persons/${target.personId}`, {
            session,
            body: { baseVersion: after!.version, chronicIllness: true },
          });
          expect([200, expected], label).toContain(patchPerson.status);
          expect(patchPerson.status === 200, label).toBe(expected === 200);
        }
      });
    }
  },
  async (env: TestEnvironment) => {
    const { database } = env.ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.0005, seed: 3 });
    await ensureDemoUsers(database.db, password);
  },
);
