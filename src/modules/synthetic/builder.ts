import type { KelurahanStreets } from './addresses.ts';
import { yearsBefore } from './dates.ts';
import type { CompositionDraft, MemberDraft, Relationship } from './households.ts';
import type { KkAllocator, NikAllocator } from './identifiers.ts';
import { margaOf, type NameMaker } from './names.ts';
import {
  assignIdentities,
  type DistrictPool,
  type HomePlace,
  type HouseholdOrigin,
  type MemberIdentity,
} from './origins.ts';
import { drawPersonAttributes, type HouseholdWelfare } from './persons.ts';
import { drawConsumption } from './poverty.ts';
import type { KelurahanPlan } from './placement.ts';
import type { Random } from './prng.ts';
import type { HouseholdRecord, PersonRecord } from './records.ts';
import { drawHousing } from './socioeconomics.ts';
import { extremePovertyLine, type KotaParameters } from './synthetic.data.ts';

/** Everything building a household needs; one per kelurahan batch. */
export interface BuildContext {
  random: Random;
  names: NameMaker;
  nik: NikAllocator;
  kk: KkAllocator;
  pool: DistrictPool;
  streets: KelurahanStreets;
  kelurahan: KelurahanPlan;
  home: HomePlace;
  kota: KotaParameters;
  referenceDay: number;
  nextPersonId: () => number;
}

/** A household whose structure and poverty status are decided; the rest is drawn from them. */
export interface HouseholdDecision {
  draft: CompositionDraft;
  origin: HouseholdOrigin;
  size: number;
  poor: boolean;
  extreme: boolean;
}

/** Relationships of members who usually join a KK after it was formed. */
const joinsLater = new Set<Relationship>([
  'parent',
  'parent_in_law',
  'child_in_law',
  'other_relative',
  'other',
]);

function buildPerson(
  ctx: BuildContext,
  m: MemberDraft,
  identity: MemberIdentity,
  name: string,
  welfare: HouseholdWelfare,
): PersonRecord {
  const { random } = ctx;
  let birthDay = yearsBefore(ctx.referenceDay, m.age) - random.int(0, 364);
  let nik = ctx.nik.allocate(identity.nikDistrict, birthDay, m.sex);
  // A full sequence block for that date: move the birth date a day earlier (keeps NIKs unique).
  while (nik === undefined) nik = ctx.nik.allocate(identity.nikDistrict, --birthDay, m.sex);
  return {
    id: ctx.nextPersonId(),
    nik,
    name,
    sex: m.sex,
    birthDay,
    birthPlace: identity.birthPlace,
    ktpRegionCode: identity.ktpRegionCode,
    maritalStatus: m.marital,
    attributes: drawPersonAttributes(random, m, welfare),
    relationship: m.relationship,
    startDay: 0,
    position: 0,
  };
}

/** Membership dates: the KK is formed some years ago; parents, in-laws and others join later. */
function assignMembership(ctx: BuildContext, members: PersonRecord[], headAge: number): number {
  const { random, referenceDay } = ctx;
  const formed = yearsBefore(referenceDay, random.uniform(0.1, Math.max(0.5, Math.min(headAge - 18, 40))));
  let lastChange = formed;
  members.forEach((p, i) => {
    const joined = joinsLater.has(p.relationship) ? formed + random.int(0, referenceDay - formed) : formed;
    p.startDay = Math.min(referenceDay, Math.max(p.birthDay, joined));
    p.position = i + 1;
    lastChange = Math.max(lastChange, p.startDay);
  });
  return lastChange;
}

/** Names every member; children continue their father's Batak marga. */
function nameMembers(ctx: BuildContext, drafts: readonly MemberDraft[]): string[] {
  const head = drafts[0]!;
  const headName = ctx.names.personName(ctx.random, head.sex, head.age);
  const marga = head.sex === 'M' ? margaOf(headName) : undefined;
  return drafts.map((m, i) =>
    i === 0
      ? headName
      : ctx.names.personName(ctx.random, m.sex, m.age, m.relationship === 'child' ? marga : undefined),
  );
}

/** Builds one household: identities, names, NIKs, membership, housing, address and its hidden consumption. */
export function buildHousehold(ctx: BuildContext, decision: HouseholdDecision, id: number): HouseholdRecord {
  const { random, kota } = ctx;
  const { members: drafts } = decision.draft;
  const identities = assignIdentities(random, drafts, decision.origin, ctx.home, ctx.pool);
  const status = decision.extreme ? 'extreme' : decision.poor ? 'poor' : 'not_poor';
  const pcConsumption = drawConsumption(random, status, kota.povertyLine, kota.affluence);
  const welfare = Math.log(pcConsumption / kota.povertyLine);
  const householdWelfare = { welfare, poor: decision.poor, island: kota.code === '31.01' };
  const names = nameMembers(ctx, drafts);
  const members = drafts.map((m, i) => buildPerson(ctx, m, identities[i]!, names[i]!, householdWelfare));
  const issued = assignMembership(ctx, members, drafts[0]!.age);
  const housing = drawHousing(random, welfare, {
    ...{ kota, size: drafts.length, headAge: drafts[0]!.age },
    isNewcomer: decision.origin === 'newcomer',
  });
  // Poorer renters sometimes live in public rental flats (rusunawa).
  const rented = housing.tenure === 'rent' || housing.tenure === 'contract';
  const place = ctx.streets.draw(random, rented && random.chance(welfare < 0.2 ? 0.12 : 0.02));
  const truth = {
    pcConsumption,
    povertyLine: kota.povertyLine,
    isPoor: pcConsumption < kota.povertyLine,
    isExtremePoor: pcConsumption < extremePovertyLine,
  };
  return {
    id,
    kkNumber: ctx.kk.allocate(issued),
    kelurahanCode: ctx.kelurahan.code,
    ...place,
    housing,
    members,
    truth,
  };
}
