/**
 * The state of one household at one instant (household row, memberships and their person rows). The same shape
 * is read from the live tables and stored as a `household_version` snapshot, so current and past reads share
 * one presenter and one diff.
 */

/** Who said a field's value, from which source, and when (per-field provenance). */
export interface ProvenanceEntry {
  source: string;
  actorId: number | null;
  at: string;
  /** What backs the value, e.g. `field_submission:42` (the visit, with its photo, notes and location). */
  evidence?: string;
}

export type ProvenanceMap = Record<string, ProvenanceEntry>;

/** The housing, utility and asset variables of domain brief §3.3. */
export const householdAttributeFields = [
  'tenure',
  'floorAreaM2',
  'floorMaterial',
  'wallMaterial',
  'roofMaterial',
  'waterSource',
  'lightingSource',
  'electricityVa',
  'cookingFuel',
  'toiletFacility',
  'hasRefrigerator',
  'hasAirConditioner',
  'hasMotorcycle',
  'hasCar',
  'hasComputer',
  'hasGold',
  'hasLand',
  'propertyNjop',
] as const;

/** Household fields a user may set, each with its own provenance. */
export const householdFields = [
  'kkNumber',
  'kelurahanCode',
  'rw',
  'rt',
  'address',
  ...householdAttributeFields,
] as const;
export type HouseholdField = (typeof householdFields)[number];

/** Person fields a user may set, each with its own provenance. */
export const personFields = [
  'nik',
  'name',
  'sex',
  'birthDate',
  'birthPlace',
  'ktpRegionCode',
  'maritalStatus',
  'education',
  'occupation',
  'disability',
  'chronicIllness',
  'schoolEnrolment',
] as const;
export type PersonField = (typeof personFields)[number];

export interface HouseholdRecord {
  id: number;
  kkNumber: string;
  kelurahanCode: string;
  rw: string;
  rt: string;
  address: string;
  status: string;
  tenure: string;
  floorAreaM2: number;
  floorMaterial: string;
  wallMaterial: string;
  roofMaterial: string;
  waterSource: string;
  lightingSource: string;
  electricityVa: number | null;
  cookingFuel: string;
  toiletFacility: string;
  hasRefrigerator: boolean;
  hasAirConditioner: boolean;
  hasMotorcycle: boolean;
  hasCar: boolean;
  hasComputer: boolean;
  hasGold: boolean;
  hasLand: boolean;
  propertyNjop: number | null;
  version: number;
  validFrom: string;
  createdAt: string;
  source: string;
  provenance: ProvenanceMap;
}

export interface PersonRecord {
  id: number;
  nik: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  birthPlace: string | null;
  ktpRegionCode: string | null;
  maritalStatus: string;
  education: string;
  occupation: string;
  disability: string;
  chronicIllness: boolean;
  schoolEnrolment: string;
  status: string;
  createdAt: string;
  source: string;
  provenance: ProvenanceMap;
}

export interface MemberRecord {
  relationship: string;
  startDate: string;
  endDate: string | null;
  position: number;
  person: PersonRecord;
}

export interface HouseholdState {
  household: HouseholdRecord;
  members: MemberRecord[];
}

const membershipFields = ['relationship', 'startDate', 'endDate', 'position'] as const;

const differs = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);

/**
 * Which fields differ between two states of a household: household fields by name, person and membership fields
 * as `members.<personId>.<field>`, a member who joined or left as `members.<personId>`.
 */
export function diffStates(before: HouseholdState, after: HouseholdState): string[] {
  const changed: string[] = [...householdFields, 'status' as const].filter((f) =>
    differs(before.household[f], after.household[f]),
  );
  const beforeMembers = new Map(before.members.map((m) => [m.person.id, m]));
  const afterMembers = new Map(after.members.map((m) => [m.person.id, m]));
  for (const id of new Set([...beforeMembers.keys(), ...afterMembers.keys()])) {
    const old = beforeMembers.get(id);
    const now = afterMembers.get(id);
    if (!old || !now) {
      changed.push(`members.${id}`);
      continue;
    }
    for (const f of membershipFields) if (differs(old[f], now[f])) changed.push(`members.${id}.${f}`);
    for (const f of [...personFields, 'status' as const]) {
      if (differs(old.person[f], now.person[f])) changed.push(`members.${id}.${f}`);
    }
  }
  return changed;
}
