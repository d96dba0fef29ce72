/**
 * Test helpers for the eligibility property test: a random registry population (households, members, three
 * welfare snapshots whose latest leaves some households unranked) and random rules. Not used by the product.
 */
import type { Db } from '../../db/client.ts';
import { insertTestRegions } from '../access/access.test-support.ts';
import { enums, household, householdMember, person } from '../registry/registry.schema.ts';
import { Random } from '../synthetic/prng.ts';
import { householdWelfare, pmtModel, welfareSnapshot } from '../welfare/welfare.schema.ts';
import type { ComparisonOperator, Literal, RuleNode, RuleUnit } from './rules.ast.ts';
import { ruleFields, type FieldSpec } from './rules.fields.ts';

export const testKelurahan = ['31.71.01.1001', '31.72.01.1001', '31.72.01.1002'];

/** Inserts `count` random households with 0–6 members (some ended, some deceased) and welfare snapshots. */
export async function insertRandomPopulation(db: Db, rng: Random, count: number): Promise<void> {
  await insertTestRegions(db);
  const households = await db
    .insert(household)
    .values(Array.from({ length: count }, (_, i) => randomHousehold(rng, i)))
    .returning({ id: household.id });
  const persons: (typeof person.$inferInsert)[] = [];
  const owners: { householdId: number; ended: boolean; position: number; relationship: string }[] = [];
  for (const { id } of households) {
    const size = rng.int(0, 6);
    for (let position = 1; position <= size; position++) {
      persons.push(randomPerson(rng, persons.length));
      const relationship = position === 1 ? 'head' : rng.pick(enums.relationship);
      owners.push({ householdId: id, ended: rng.chance(0.05), position, relationship });
    }
  }
  const personIds = await db.insert(person).values(persons).returning({ id: person.id });
  await db.insert(householdMember).values(
    owners.map((o, i) => ({
      householdId: o.householdId,
      personId: personIds[i]!.id,
      relationship: o.relationship,
      startDate: '2020-01-01',
      endDate: o.ended ? '2024-06-01' : null,
      position: o.position,
    })),
  );
  await insertSnapshots(
    db,
    rng,
    households.map((h) => h.id),
  );
}

function randomHousehold(rng: Random, i: number): typeof household.$inferInsert {
  return {
    kkNumber: `3171${String(i).padStart(12, '0')}`,
    kelurahanCode: rng.pick(testKelurahan),
    rw: '001',
    rt: '001',
    address: 'Jl. Uji',
    status: rng.chance(0.03) ? 'inactive' : 'active',
    tenure: rng.pick(enums.tenure),
    floorAreaM2: String(rng.int(12, 120)),
    floorMaterial: 'cement',
    wallMaterial: 'brick_concrete',
    roofMaterial: 'tile',
    waterSource: 'piped',
    lightingSource: 'pln_metered',
    electricityVa: rng.chance(0.2) ? null : rng.pick([450, 900, 1300, 2200]),
    cookingFuel: 'lpg_3kg',
    toiletFacility: 'own_with_septic',
    hasRefrigerator: rng.chance(0.5),
    hasAirConditioner: rng.chance(0.3),
    hasMotorcycle: rng.chance(0.6),
    hasCar: rng.chance(0.2),
    hasComputer: false,
    hasGold: false,
    hasLand: false,
    propertyNjop: rng.chance(0.3) ? null : String(rng.pick([0, 500_000_000, 1_000_000_000, rng.int(1, 3e9)])),
    source: 'test',
  };
}

function randomPerson(rng: Random, i: number): typeof person.$inferInsert {
  const birth = new Date(Date.UTC(1935, 0, 1) + rng.int(0, 33_000) * 86_400_000).toISOString().slice(0, 10);
  return {
    nik: `31710${String(i).padStart(11, '0')}`,
    name: `Orang ${i}`,
    sex: rng.pick(enums.sex),
    birthDate: birth,
    ktpRegionCode: rng.pick([null, '31', '31.71.01.1001', '31.72', '32.01', '3171']),
    maritalStatus: rng.pick(enums.maritalStatus),
    education: rng.pick(enums.education),
    occupation: rng.pick(enums.occupation),
    disability: rng.chance(0.7) ? 'none' : rng.pick(enums.disability),
    chronicIllness: rng.chance(0.2),
    schoolEnrolment: rng.pick(enums.schoolEnrolment),
    status: rng.chance(0.05) ? 'deceased' : 'active',
    source: 'test',
  };
}

/** Three snapshots: two on the newest date (the later id is the latest, ranking 80 %), one older made last. */
async function insertSnapshots(db: Db, rng: Random, householdIds: number[]): Promise<void> {
  const [model] = await db
    .insert(pmtModel)
    .values({
      version: 'test-eligibility',
      description: 'test',
      intercept: 13,
      coefficients: {},
      extremePovertyLine: '350000',
      calibratedFrom: 'test',
    })
    .returning({ id: pmtModel.id });
  for (const [date, share] of [
    ['2026-02-01', 1],
    ['2026-02-01', 0.8],
    ['2025-01-01', 1],
  ] as const) {
    const [snapshot] = await db
      .insert(welfareSnapshot)
      .values({ modelId: model!.id, snapshotDate: date, householdCount: householdIds.length })
      .returning({ id: welfareSnapshot.id });
    const ranked = householdIds.filter(() => rng.chance(share));
    await db.insert(householdWelfare).values(
      ranked.map((householdId) => {
        const desil = rng.int(1, 10);
        return { snapshotId: snapshot!.id, householdId, score: 13, desil, isExtremePoor: desil === 1 };
      }),
    );
  }
}

const operators: ComparisonOperator[] = ['=', '!=', '<', '<=', '>', '>='];

/** A random valid rule for `unit` over the whole field list, aggregates included, `depth` levels at most. */
export function randomRule(rng: Random, unit: RuleUnit, depth = 3, insideAggregate = false): RuleNode {
  const roll = depth <= 0 ? 1 : rng.next();
  if (roll < 0.25) {
    const children = Array.from({ length: rng.int(2, 3) }, () =>
      randomRule(rng, unit, depth - 1, insideAggregate),
    );
    return { type: rng.chance(0.5) ? 'and' : 'or', children };
  }
  if (roll < 0.35) return { type: 'not', child: randomRule(rng, unit, depth - 1, insideAggregate) };
  if (roll < 0.45 && !insideAggregate) {
    const rule = randomRule(rng, unit, depth - 1, true);
    if (rng.chance(0.5)) return { type: 'any_member', rule };
    return { type: 'count_members', rule, op: rng.pick(operators), value: num(rng.int(0, 4)) };
  }
  const fields = Object.values(ruleFields).filter(
    (f) => f.level === 'household' || unit === 'person' || insideAggregate,
  );
  return randomLeaf(rng, rng.pick(fields));
}

const num = (value: number): Literal => ({ kind: 'number', value });

function randomLeaf(rng: Random, field: FieldSpec): RuleNode {
  const name = field.name;
  switch (field.type) {
    case 'bool':
      return rng.chance(0.6)
        ? { type: 'flag', field: name }
        : { type: 'compare', field: name, op: rng.pick(['=', '!='] as const), value: bool(rng) };
    case 'region':
      return { type: 'within', field: name, prefix: { kind: 'string', value: rng.pick(regionPrefixes) } };
    case 'enum': {
      const value = (): Literal => ({ kind: 'string', value: rng.pick(field.values!) });
      if (rng.chance(0.3)) return { type: 'in', field: name, values: [value(), value()] };
      return { type: 'compare', field: name, op: rng.pick(['=', '!='] as const), value: value() };
    }
    case 'number': {
      const value = () => num(randomNumber(rng, name));
      const pick = rng.next();
      if (pick < 0.2) return { type: 'between', field: name, low: value(), high: value() };
      if (pick < 0.3) return { type: 'in', field: name, values: [value(), value(), value()] };
      return { type: 'compare', field: name, op: rng.pick(operators), value: value() };
    }
  }
}

const regionPrefixes = ['31', '31.71', '31.72.01', '31.72.01.1002', '32'];
const bool = (rng: Random): Literal => ({ kind: 'boolean', value: rng.chance(0.5) });

function randomNumber(rng: Random, field: string): number {
  switch (field) {
    case 'age':
      return rng.int(0, 90);
    case 'age_months':
      return rng.int(0, 1100);
    case 'desil':
      return rng.int(1, 10);
    case 'household_size':
      return rng.int(0, 7);
    case 'property_njop':
      return rng.pick([0, 500_000_000, 1_000_000_000, 2_000_000_000]);
    case 'floor_area_per_person':
      return rng.chance(0.5) ? rng.int(2, 60) : Math.round(rng.uniform(2, 60) * 10) / 10;
    case 'electricity_va':
      return rng.pick([450, 900, 1300, 2200, 1000]);
    default:
      return rng.int(0, 10);
  }
}
