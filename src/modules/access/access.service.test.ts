import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';
import { household } from '../registry/registry.schema.ts';
import { demoUsers, ensureDemoUsers } from './access.demo.ts';
import { appUser, householdAssignment, roles } from './access.schema.ts';
import { assignHouseholdsToOfficer, createUser, type NewUser } from './access.service.ts';
import { insertTestRegions } from './access.test-support.ts';

const base: NewUser = {
  username: 'operator.gambir',
  displayName: 'Operator Gambir',
  password: 'a-good-password',
  role: 'kelurahan_operator',
  regionCode: '31.71.01.1001',
};

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function issuePaths(error: AppError) {
  return (error.details as { issues: { path: string; reason: string }[] }).issues;
}

async function insertHousehold(db: Db, kkNumber: string, kelurahanCode: string): Promise<number> {
  const [row] = await db
    .insert(household)
    .values({
      kkNumber,
      kelurahanCode,
      rw: '001',
      rt: '001',
      address: 'Jl. Contoh 1',
      tenure: 'own',
      floorAreaM2: '36',
      floorMaterial: 'cement',
      wallMaterial: 'brick_concrete',
      roofMaterial: 'metal_zinc',
      waterSource: 'piped',
      lightingSource: 'pln_metered',
      cookingFuel: 'lpg_3kg',
      toiletFacility: 'own_with_septic',
      hasRefrigerator: false,
      hasAirConditioner: false,
      hasMotorcycle: true,
      hasCar: false,
      hasComputer: false,
      hasGold: false,
      hasLand: false,
      source: 'test',
    })
    .returning({ id: household.id });
  return row!.id;
}

describeEachDatabase(
  'access: users and assignments',
  (env) => {
    const db = () => env().ctx.database.db;

    it('creates a user whose area fits the role', async () => {
      const user = await createUser(db(), base);
      expect(user).toMatchObject({ username: 'operator.gambir', role: 'kelurahan_operator', isActive: true });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect((await failureOf(createUser(db(), base))).code).toBe('CONFLICT');
    });

    it('refuses bad usernames, short passwords and missing organisations, naming the field', async () => {
      const cases: [Partial<NewUser>, string, string][] = [
        [{ username: 'Bad Name' }, 'username', 'invalid_format'],
        [{ username: 'ab' }, 'username', 'invalid_format'],
        [{ username: '.dot-first' }, 'username', 'invalid_format'],
        [{ password: 'short' }, 'password', 'invalid_length'],
        [{ role: 'agency', regionCode: '31' }, 'organisation', 'required'],
        [{ role: 'superuser' as never }, 'role', 'invalid_enum'],
      ];
      for (const [change, path, reason] of cases) {
        const error = await failureOf(createUser(db(), { ...base, username: 'x.valid', ...change }));
        expect(error.code, JSON.stringify(change)).toBe('VALIDATION_FAILED');
        expect(issuePaths(error)).toContainEqual(expect.objectContaining({ path, reason }));
      }
    });

    it('refuses an unknown area and an area at the wrong level for the role', async () => {
      const cases: [Partial<NewUser>, string][] = [
        [{ regionCode: '31.99.99.9999' }, 'unknown_region'],
        [{ role: 'kelurahan_operator', regionCode: '31.72.01' }, 'wrong_level'],
        [{ role: 'field_officer', regionCode: '31.72' }, 'wrong_level'],
        [{ role: 'kecamatan_operator', regionCode: '31.72.01.1001' }, 'wrong_level'],
        [{ role: 'kota_tkpk', regionCode: '31' }, 'wrong_level'],
        [{ role: 'secretariat', regionCode: '31.72' }, 'wrong_level'],
        [{ role: 'inspector', regionCode: '31.71.01' }, 'wrong_level'],
      ];
      for (const [change, reason] of cases) {
        const error = await failureOf(createUser(db(), { ...base, username: 'y.valid', ...change }));
        expect(issuePaths(error), JSON.stringify(change)).toEqual([
          expect.objectContaining({ path: 'regionCode', reason }),
        ]);
      }
      expect(await db().select().from(appUser).where(eq(appUser.username, 'y.valid'))).toHaveLength(0);
    });

    it('creates one demo user per role, idempotently', async () => {
      const first = await ensureDemoUsers(db(), 'demo-password-1');
      expect(first).toEqual(demoUsers.map((u) => u.username));
      expect(await ensureDemoUsers(db(), 'demo-password-1')).toEqual([]);
      const rows = await db().select().from(appUser);
      const demo = rows.filter((r) => first.includes(r.username));
      expect(new Set(demo.map((r) => r.role))).toEqual(new Set(roles));
      expect(demo.find((r) => r.username === 'dinsos')?.organisation).toBe('DINSOS');
    });

    it('assigns households in the officer’s kelurahan only', async () => {
      const [officer] = await db().select().from(appUser).where(eq(appUser.username, 'petugas.penjaringan'));
      const inside = await insertHousehold(db(), '3172010101010001', '31.72.01.1001');
      const elsewhere = await insertHousehold(db(), '3171010101010001', '31.71.01.1001');
      expect(await assignHouseholdsToOfficer(db(), officer!.id, [inside, inside])).toEqual({ assigned: 1 });
      expect(await assignHouseholdsToOfficer(db(), officer!.id, [inside])).toEqual({ assigned: 0 });
      const outside = await failureOf(
        assignHouseholdsToOfficer(db(), officer!.id, [inside, elsewhere, 999_999]),
      );
      expect(issuePaths(outside)).toEqual([
        expect.objectContaining({ path: 'householdIds', reason: 'outside_area' }),
      ]);
      const [operator] = await db().select().from(appUser).where(eq(appUser.username, 'kel.penjaringan'));
      expect((await failureOf(assignHouseholdsToOfficer(db(), operator!.id, [inside]))).code).toBe(
        'CONFLICT',
      );
      const rows = await db().select().from(householdAssignment);
      expect(rows.map((r) => [r.userId, r.householdId])).toEqual([[officer!.id, inside]]);
    });
  },
  async ({ ctx }) => insertTestRegions(ctx.database.db),
);
