/**
 * Test helpers for the ledger suites: seeding a small registry, picking registry people, multipart uploads.
 * Not used by the product.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { TestEnvironment } from '../../../tests/support/database.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { request, type TestApp, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { parseKk, parseNik } from '../registry/nik.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';

export const ledgerPassword = 'ledger-password';
export const penjaringan = '31.72.01.1001';

/** Regions, a small synthetic population, the program catalogue and the demo users. */
export async function seedLedgerRegistry({ ctx }: TestEnvironment): Promise<void> {
  await loadProvince(ctx.database.db, '31');
  await seedPopulation(ctx.database, { scale: 0.0005, seed: 11 });
  await ensurePrograms(ctx.database.db);
  await ensureDemoUsers(ctx.database.db, ledgerPassword);
}

/** A registry person who is the only holder of a valid NIK and a current member of an active household. */
export interface RegistryPerson {
  personId: number;
  nik: string;
  name: string;
  householdId: number;
  kk: string;
  kelurahanCode: string;
}

/** Registry people usable in upload files, one per household, in household order. */
export async function pickPeople(db: Db): Promise<RegistryPerson[]> {
  const rows = await queryRows<RegistryPerson>(
    db,
    sql`SELECT DISTINCT ON (h.id) p.id::int AS "personId", p.nik, p.name, h.id::int AS "householdId",
           h.kk_number AS kk, h.kelurahan_code AS "kelurahanCode"
    FROM person p
    JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL
    JOIN household h ON h.id = m.household_id AND h.status = 'active'
    WHERE p.status = 'active' AND NOT EXISTS (SELECT 1 FROM person q WHERE q.nik = p.nik AND q.id <> p.id)
    ORDER BY h.id, m.position`,
  );
  const prefixes = loadRegionPrefixes();
  return rows.filter((r) => parseNik(r.nik, prefixes).ok && parseKk(r.kk, prefixes).ok);
}

/** A well-formed NIK that no registry person holds (valid Jakarta Utara prefix and birth date). */
export async function unknownNik(db: Db, sequence = 9999): Promise<string> {
  for (let s = sequence; s > 0; s--) {
    const nik = `317201500199${String(s).padStart(4, '0')}`;
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM person WHERE nik = ${nik}`,
    );
    if (row!.n === 0) return nik;
  }
  throw new Error('no unknown NIK found');
}

/** Posts a beneficiary file as multipart/form-data, like the browser does. */
export function uploadFile(
  app: TestApp,
  session: TestSession,
  code: string,
  file: { name: string; content: string | Uint8Array },
  fields: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  form.set(
    'file',
    new File([typeof file.content === 'string' ? file.content : Buffer.from(file.content)], file.name),
  );
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return request(app, 'POST', `/programs/${code}/enrolments/upload`, { session, form });
}

/** Enrolment rows of a program, for asserting what an upload loaded. */
export function enrolmentsOf(db: Db, programCode: string) {
  return queryRows<{
    householdId: number;
    personId: number | null;
    provider: string;
    providerKind: string;
    startDate: string;
    status: string;
  }>(
    db,
    sql`SELECT household_id::int AS "householdId", person_id::int AS "personId", provider,
           provider_kind AS "providerKind", start_date::text AS "startDate", status
    FROM enrolment WHERE program_code = ${programCode} ORDER BY id`,
  );
}
