import type { enums } from '../registry/registry.schema.ts';
import { type Random, weightedTable } from './prng.ts';

export type Sex = (typeof enums.sex)[number];
export type Relationship = (typeof enums.relationship)[number];
export type MaritalStatus = (typeof enums.maritalStatus)[number];

/** The kinds of family card (KK) the generator makes. */
export type HouseholdType =
  'single' | 'elderly_alone' | 'couple' | 'nuclear' | 'single_parent' | 'three_generation' | 'extended';

/** One member before any attribute other than the family structure is known. */
export interface MemberDraft {
  relationship: Relationship;
  sex: Sex;
  age: number;
  marital: MaritalStatus;
}

/** A household's structure; `members[0]` is the head, then the order of the family card. */
export interface CompositionDraft {
  type: HouseholdType;
  members: MemberDraft[];
}

/**
 * Shares of KK types, tuned so a KK holds about 3.06 persons on average (11.0 M residents on 3.6 M KK, domain
 * brief §8). The split between types is a plausible guess ❓; Jakarta publishes no KK-type table.
 */
const householdTypes = weightedTable<HouseholdType>({
  single: 13,
  elderly_alone: 5,
  couple: 14,
  nuclear: 47,
  single_parent: 8,
  three_generation: 11,
  extended: 2,
});

const childCounts = weightedTable({ 1: 30, 2: 38, 3: 20, 4: 9, 5: 3 });

const member = (relationship: Relationship, sex: Sex, age: number, marital: MaritalStatus): MemberDraft => ({
  relationship,
  sex,
  age: Math.max(0, Math.min(98, age)),
  marital,
});

const otherSex = (sex: Sex): Sex => (sex === 'M' ? 'F' : 'M');

/** Children of a mother of `motherAge`, eldest first; grown children have often left the KK. */
function draftChildren(random: Random, motherAge: number, count: number): MemberDraft[] {
  const children: MemberDraft[] = [];
  let age = motherAge - random.int(20, 33);
  if (age < 0) age = random.int(0, Math.max(0, motherAge - 19));
  for (let i = 0; i < count && age >= 0; i++) {
    if (!(age >= 24 && random.chance(0.6))) {
      children.push(member('child', random.chance(0.51) ? 'M' : 'F', age, 'single'));
    }
    age -= random.int(2, 6);
  }
  if (children.length === 0) {
    children.push(member('child', random.chance(0.51) ? 'M' : 'F', random.int(0, 17), 'single'));
  }
  return children;
}

/** A married couple: husband head (the KK convention), wife a few years younger. */
function draftCouple(random: Random, headAge: number): MemberDraft[] {
  const spouseAge = Math.max(19, headAge - random.int(-2, 7));
  return [member('head', 'M', headAge, 'married'), member('spouse', 'F', spouseAge, 'married')];
}

function draftNuclear(random: Random): MemberDraft[] {
  const parents = draftCouple(random, 24 + Math.floor(38 * random.next() ** 1.1));
  const count = Number(childCounts.draw(random));
  return [...parents, ...draftChildren(random, parents[1]!.age, count)];
}

function draftSingle(random: Random): MemberDraft[] {
  const age = 19 + Math.floor(41 * random.next() ** 1.6);
  const marital = age < 30 ? (random.chance(0.92) ? 'single' : 'divorced') : random.pick(singleLaterLife);
  return [member('head', random.chance(0.55) ? 'M' : 'F', age, marital)];
}
const singleLaterLife: MaritalStatus[] = [
  'single',
  'single',
  'single',
  'single',
  'divorced',
  'divorced',
  'widowed',
];

function draftElderlyAlone(random: Random): MemberDraft[] {
  const age = 60 + Math.floor(31 * random.next() ** 1.5);
  const marital = random.chance(0.78) ? 'widowed' : random.chance(0.64) ? 'divorced' : 'single';
  return [member('head', random.chance(0.68) ? 'F' : 'M', age, marital)];
}

function draftSingleParent(random: Random): MemberDraft[] {
  const sex: Sex = random.chance(0.75) ? 'F' : 'M';
  const age = random.int(27, 64);
  const head = member('head', sex, age, random.chance(0.45) ? 'widowed' : 'divorced');
  const count = Math.min(3, Number(childCounts.draw(random)));
  return [head, ...draftChildren(random, sex === 'F' ? age : age - 3, count)];
}

/** Either a young family with an elderly parent, or older parents with a married child and grandchildren. */
function draftThreeGeneration(random: Random): MemberDraft[] {
  if (random.chance(0.6)) {
    const family = draftNuclear(random);
    const elderAge = family[0]!.age + random.int(22, 34);
    const relationship: Relationship = random.chance(0.55) ? 'parent' : 'parent_in_law';
    if (random.chance(0.25)) {
      return [
        ...family,
        member(relationship, 'M', elderAge + 2, 'married'),
        member(relationship, 'F', elderAge, 'married'),
      ];
    }
    return [...family, member(relationship, random.chance(0.75) ? 'F' : 'M', elderAge, 'widowed')];
  }
  const headAge = random.int(50, 72);
  const elders = random.chance(0.85)
    ? draftCouple(random, headAge)
    : [member('head', 'M', headAge, 'widowed')];
  const childSex: Sex = random.chance(0.5) ? 'M' : 'F';
  const childAge = Math.max(21, headAge - random.int(24, 32));
  const inLawAge = Math.max(20, childAge + (childSex === 'M' ? -random.int(0, 5) : random.int(0, 5)));
  const motherAge = childSex === 'F' ? childAge : inLawAge;
  const grandchildren = draftChildren(random, motherAge, random.int(1, 3)).map((c) => ({
    ...c,
    relationship: 'grandchild' as const,
  }));
  return [
    ...elders,
    member('child', childSex, childAge, 'married'),
    member('child_in_law', otherSex(childSex), inLawAge, 'married'),
    ...grandchildren,
  ];
}

function draftExtended(random: Random): MemberDraft[] {
  const family = draftNuclear(random);
  if (random.chance(0.6)) {
    return [
      ...family,
      member('other_relative', random.chance(0.5) ? 'M' : 'F', random.int(15, 30), 'single'),
    ];
  }
  return [...family, member('other', 'F', random.int(18, 50), 'single')];
}

/** Draws the structure of one household: type, members, ages, sexes, relationships and marital status. */
export function draftComposition(random: Random): CompositionDraft {
  const type = householdTypes.draw(random);
  switch (type) {
    case 'single':
      return { type, members: draftSingle(random) };
    case 'elderly_alone':
      return { type, members: draftElderlyAlone(random) };
    case 'couple':
      return {
        type,
        members: draftCouple(random, random.chance(0.5) ? random.int(22, 35) : random.int(50, 79)),
      };
    case 'nuclear':
      return { type, members: draftNuclear(random) };
    case 'single_parent':
      return { type, members: draftSingleParent(random) };
    case 'three_generation':
      return { type, members: draftThreeGeneration(random) };
    case 'extended':
      return { type, members: draftExtended(random) };
  }
}
