/**
 * Test helpers for the welfare module: the regions a test registry needs and hand-made households with
 * explicit variables. Not used by the product.
 */
import type { Db } from '../../db/client.ts';
import { region } from '../regions/regions.schema.ts';
import { household, householdMember, person } from '../registry/registry.schema.ts';

/** Kelurahan the fixture places households in (two kota, one province). */
export const fixtureKelurahan = ['31.71.01.1001', '31.72.01.1001', '31.72.01.1002'];

/** Inserts the province, kota, kecamatan and kelurahan rows the fixture needs (skips existing rows). */
export async function insertFixtureRegions(db: Db): Promise<void> {
  const row = (code: string, level: 'province' | 'kota' | 'kecamatan' | 'kelurahan') => ({
    code,
    parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
    level,
    name: `Region ${code}`,
  });
  await db
    .insert(region)
    .values([
      row('31', 'province'),
      row('31.71', 'kota'),
      row('31.71.01', 'kecamatan'),
      row('31.72', 'kota'),
      row('31.72.01', 'kecamatan'),
      ...fixtureKelurahan.map((code) => row(code, 'kelurahan')),
    ])
    .onConflictDoNothing();
}

/** A member of a hand-made test household. */
export interface HandMember {
  relationship?: string;
  sex?: 'M' | 'F';
  birthDate?: string;
  education?: string;
  occupation?: string;
  disability?: string;
  status?: 'active' | 'deceased' | 'moved_out' | 'merged';
  /** A membership that ended (the person left the household). */
  endDate?: string;
}

/** Inserts one household with explicit variables (a modest default home) and its members; returns its id. */
export async function insertHandHousehold(
  db: Db,
  values: Partial<typeof household.$inferInsert> & { kkNumber: string },
  members: HandMember[] = [{}],
): Promise<number> {
  const [row] = await db
    .insert(household)
    .values({
      kelurahanCode: fixtureKelurahan[0]!,
      rw: '001',
      rt: '001',
      address: 'Jl. Uji',
      tenure: 'own',
      floorAreaM2: '36',
      floorMaterial: 'cement',
      wallMaterial: 'brick_concrete',
      roofMaterial: 'tile',
      waterSource: 'piped',
      lightingSource: 'pln_metered',
      electricityVa: 900,
      cookingFuel: 'lpg_3kg',
      toiletFacility: 'own_with_septic',
      hasRefrigerator: false,
      hasAirConditioner: false,
      hasMotorcycle: false,
      hasCar: false,
      hasComputer: false,
      hasGold: false,
      hasLand: false,
      source: 'welfare-test',
      ...values,
    })
    .returning({ id: household.id });
  for (const [index, member] of members.entries()) {
    const [created] = await db
      .insert(person)
      .values({
        nik: `${values.kkNumber.slice(0, 14)}${String(index).padStart(2, '0')}`,
        name: `Anggota ${index + 1}`,
        sex: member.sex ?? 'M',
        birthDate: member.birthDate ?? '1985-06-15',
        maritalStatus: 'married',
        education: member.education ?? 'sma',
        occupation: member.occupation ?? 'private_employee',
        disability: member.disability ?? 'none',
        schoolEnrolment: 'completed',
        status: member.status ?? 'active',
        source: 'welfare-test',
      })
      .returning({ id: person.id });
    await db.insert(householdMember).values({
      householdId: row!.id,
      personId: created!.id,
      relationship: member.relationship ?? (index === 0 ? 'head' : 'child'),
      startDate: '2020-01-01',
      endDate: member.endDate ?? null,
      position: index + 1,
    });
  }
  return row!.id;
}
