/**
 * Test helpers for the registry route tests: the app with a chosen signed-in user, the few regions and users
 * the tests need, and valid household bodies. Not used by the product.
 */
import { Hono } from 'hono';
import { createApp } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import type { AppContext, AppEnv, SessionUser } from '../../http/context.ts';
import { appUser, type Role } from '../access/access.schema.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';

/** Regions used by the tests: Gambir (Jakarta Pusat) and two kelurahan of Penjaringan (Jakarta Utara). */
export const gambir = '31.71.01.1001';
export const penjaringan = '31.72.01.1001';
export const kamalMuara = '31.72.01.1002';

/** The regions the tests place households in: the shared test regions (Gambir, Penjaringan, Kamal Muara). */
export { insertTestRegions as insertRegistryTestRegions } from '../access/access.test-support.ts';

/** The users the tests act as, by name. */
export const testUsers = {
  secretariat: user(9001, 'secretariat', '31'),
  gambirOperator: user(9002, 'kelurahan_operator', gambir),
  penjaringanOperator: user(9003, 'kelurahan_operator', penjaringan),
  kecamatanPenjaringan: user(9004, 'kecamatan_operator', '31.72.01'),
  fieldOfficer: user(9005, 'field_officer', gambir),
  inspector: user(9006, 'inspector', '31'),
  partner: user(9007, 'partner', '31'),
} satisfies Record<string, SessionUser>;

function user(id: number, role: Role, regionCode: string): SessionUser {
  const username = `test.${role}.${id}`;
  return {
    id,
    username,
    displayName: `Test ${role} ${id}`,
    role,
    regionCode,
    organisation: null,
    csrfToken: 'unused',
  };
}

/** Stores the test users, so provenance and history can name them. */
export async function insertRegistryTestUsers(db: Db): Promise<void> {
  await db
    .insert(appUser)
    .values(
      Object.values(testUsers).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        passwordHash: 'not-a-hash',
        role: u.role,
        regionCode: u.regionCode,
      })),
    )
    .onConflictDoNothing();
}

/**
 * The real app, wrapped so each request runs as the user passed in `env.testUser`. The app's own middlewares
 * (request set-up, session cookie) assign `user` on every request; the wrapper keeps the test user instead.
 */
export function createTestApp(ctx: AppContext) {
  const outer = new Hono<AppEnv>();
  outer.use('*', async (c, next) => {
    const testUser = (c.env as { testUser?: SessionUser | null } | undefined)?.testUser ?? null;
    const set = c.set;
    c.set = (key: 'user' | 'ctx', value: unknown) =>
      key === 'user' ? set('user', testUser) : set(key, value as AppContext);
    c.set('user', testUser);
    await next();
  });
  outer.route('/', createApp(ctx));
  return {
    /** Calls `/api/v1<path>` as `as` (null: anonymous), with a JSON body when given. */
    call(as: SessionUser | null, method: string, path: string, body?: unknown): Promise<Response> {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      return Promise.resolve(outer.request(`/api/v1${path}`, init, { testUser: as }));
    },
  };
}

export type TestApp = ReturnType<typeof createTestApp>;

/** A NIK for a person born on `birthDate` (ISO), first registered in district `district` (6 digits). */
export function nikFor(district: string, sex: 'M' | 'F', birthDate: string, sequence = '0001'): string {
  const [year, month, day] = birthDate.split('-');
  const dd = String(Number(day) + (sex === 'F' ? 40 : 0)).padStart(2, '0');
  return `${district}${dd}${month}${year!.slice(2)}${sequence}`;
}

/** A valid household body: a head, a spouse and a child, living in `kelurahanCode`. */
export function householdBody(kkNumber: string, kelurahanCode = gambir, headName = 'Budi Santoso') {
  const member = (name: string, sex: 'M' | 'F', birthDate: string, relationship: string, seq: string) => ({
    nik: nikFor('317101', sex, birthDate, seq),
    name,
    sex,
    birthDate,
    maritalStatus: relationship === 'child' ? 'single' : 'married',
    education: 'sma',
    occupation: relationship === 'child' ? 'student' : 'labourer',
    schoolEnrolment: relationship === 'child' ? 'enrolled' : 'completed',
    relationship,
  });
  const suffix = kkNumber.slice(-3);
  return {
    kkNumber,
    kelurahanCode,
    rw: '5',
    rt: '012',
    address: 'Jl. Kebon Kelapa No. 7',
    tenure: 'rent',
    floorAreaM2: 24,
    floorMaterial: 'cement',
    wallMaterial: 'brick_concrete',
    roofMaterial: 'metal_zinc',
    waterSource: 'piped',
    lightingSource: 'pln_metered',
    electricityVa: 900,
    cookingFuel: 'lpg_3kg',
    toiletFacility: 'own_with_septic',
    hasRefrigerator: true,
    hasAirConditioner: false,
    hasMotorcycle: true,
    hasCar: false,
    hasComputer: false,
    hasGold: false,
    hasLand: false,
    members: [
      member(headName, 'M', '1980-05-17', 'head', `1${suffix}`),
      member('Siti Aminah', 'F', '1984-11-02', 'spouse', `2${suffix}`),
      member('Rizky Pratama', 'M', '2010-01-30', 'child', `3${suffix}`),
    ],
  };
}

/** Two rankings of a household: desil 3 in July 2025, then desil 1 (extreme poor) in January 2026. */
export async function insertWelfareHistory(db: Db, householdId: number): Promise<void> {
  const [model] = await db
    .insert(pmtModel)
    .values({
      version: 'test-pmt',
      description: 'test model',
      intercept: 13,
      coefficients: {},
      extremePovertyLine: '350000',
      calibratedFrom: 'test',
    })
    .returning({ id: pmtModel.id });
  const snapshots = await db
    .insert(welfareSnapshot)
    .values([
      { modelId: model!.id, snapshotDate: '2025-07-01', householdCount: 1 },
      { modelId: model!.id, snapshotDate: '2026-01-01', householdCount: 1 },
    ])
    .returning({ id: welfareSnapshot.id });
  await db.insert(householdWelfare).values([
    { snapshotId: snapshots[0]!.id, householdId, score: 13.2, desil: 3, isExtremePoor: false },
    { snapshotId: snapshots[1]!.id, householdId, score: 12.4, desil: 1, isExtremePoor: true },
  ]);
}
