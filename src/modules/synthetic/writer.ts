import { isoOf } from './dates.ts';
import type { HouseholdRecord, PersonRecord, PopulationBatch } from './records.ts';

/** Provenance of every record the generator writes (household.source, person.source). */
export const syntheticSource = 'synthetic-seed';

/** Tables and columns loaded with COPY, in the order the CSV fields are written. */
export const copyTargets = {
  household: {
    table: 'household',
    columns: [
      ...['id', 'kk_number', 'kelurahan_code', 'rw', 'rt', 'address', 'tenure', 'floor_area_m2'],
      ...['floor_material', 'wall_material', 'roof_material', 'water_source', 'lighting_source'],
      ...['electricity_va', 'cooking_fuel', 'toilet_facility', 'has_refrigerator', 'has_air_conditioner'],
      ...['has_motorcycle', 'has_car', 'has_computer', 'has_gold', 'has_land', 'property_njop', 'source'],
    ],
  },
  person: {
    table: 'person',
    columns: [
      ...['id', 'nik', 'name', 'sex', 'birth_date', 'birth_place', 'ktp_region_code', 'marital_status'],
      ...['education', 'occupation', 'disability', 'chronic_illness', 'school_enrolment', 'source'],
    ],
  },
  member: {
    table: 'household_member',
    columns: ['household_id', 'person_id', 'relationship', 'start_date', 'position'],
  },
  truth: {
    table: 'synthetic.household_truth',
    columns: ['household_id', 'true_pc_consumption', 'poverty_line', 'is_poor', 'is_extreme_poor'],
  },
  duplicate: {
    table: 'synthetic.planted_duplicate',
    columns: ['duplicate_person_id', 'original_person_id', 'kind'],
  },
} as const;

export type CopyTarget = keyof typeof copyTargets;

/** A CSV text field: quoted only when it must be (an empty unquoted field would mean NULL). */
function text(value: string): string {
  const plain =
    value !== '' &&
    !value.includes(',') &&
    !value.includes('"') &&
    !value.includes('\n') &&
    !value.includes('\r');
  return plain ? value : `"${value.replaceAll('"', '""')}"`;
}

const bool = (value: boolean) => (value ? 't' : 'f');
const nullable = (value: number | null) => (value === null ? '' : String(value));

function householdRow(h: HouseholdRecord): string {
  const x = h.housing;
  return (
    `${h.id},${h.kkNumber},${h.kelurahanCode},${h.rw},${h.rt},${text(h.address)},${x.tenure},${x.floorAreaM2},` +
    `${x.floorMaterial},${x.wallMaterial},${x.roofMaterial},${x.waterSource},${x.lightingSource},` +
    `${nullable(x.electricityVa)},${x.cookingFuel},${x.toiletFacility},${bool(x.hasRefrigerator)},` +
    `${bool(x.hasAirConditioner)},${bool(x.hasMotorcycle)},${bool(x.hasCar)},${bool(x.hasComputer)},` +
    `${bool(x.hasGold)},${bool(x.hasLand)},${nullable(x.propertyNjop)},${syntheticSource}\n`
  );
}

function personRow(p: PersonRecord): string {
  const a = p.attributes;
  return (
    `${p.id},${p.nik},${text(p.name)},${p.sex},${isoOf(p.birthDay)},${text(p.birthPlace)},${p.ktpRegionCode},` +
    `${p.maritalStatus},${a.education},${a.occupation},${a.disability},${bool(a.chronicIllness)},` +
    `${a.schoolEnrolment},${syntheticSource}\n`
  );
}

const memberRow = (householdId: number, p: PersonRecord) =>
  `${householdId},${p.id},${p.relationship},${isoOf(p.startDay)},${p.position}\n`;

/**
 * Serialises one batch as one CSV text per table (rows end with a newline, so texts can be concatenated).
 * Rows are joined into flat strings: a long `+=` chain would leave a rope of thousands of small strings for the
 * garbage collector to trace while the unit waits for its COPY.
 */
export function batchToCsv(batch: PopulationBatch): Record<CopyTarget, string> {
  const household: string[] = [];
  const person: string[] = [];
  const member: string[] = [];
  const truth: string[] = [];
  for (const h of batch.households) {
    household.push(householdRow(h));
    for (const p of h.members) {
      person.push(personRow(p));
      member.push(memberRow(h.id, p));
    }
    const t = h.truth;
    truth.push(`${h.id},${t.pcConsumption},${t.povertyLine},${bool(t.isPoor)},${bool(t.isExtremePoor)}\n`);
  }
  const duplicate: string[] = [];
  for (const d of batch.duplicates) {
    person.push(personRow(d.person));
    member.push(memberRow(d.householdId, d.person));
    duplicate.push(`${d.person.id},${d.originalId},${d.kind}\n`);
  }
  return {
    household: household.join(''),
    person: person.join(''),
    member: member.join(''),
    truth: truth.join(''),
    duplicate: duplicate.join(''),
  };
}
