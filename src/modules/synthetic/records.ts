import type { MaritalStatus, Relationship, Sex } from './households.ts';
import type { PersonAttributes } from './persons.ts';
import type { Housing } from './socioeconomics.ts';

/** A generated person with their membership of one household. Days are day numbers (see dates.ts). */
export interface PersonRecord {
  id: number;
  nik: string;
  name: string;
  sex: Sex;
  birthDay: number;
  birthPlace: string;
  ktpRegionCode: string;
  maritalStatus: MaritalStatus;
  attributes: PersonAttributes;
  relationship: Relationship;
  startDay: number;
  position: number;
}

/** The hidden truth of a household: what a perfect survey would measure (synthetic.household_truth). */
export interface HouseholdTruth {
  pcConsumption: number;
  povertyLine: number;
  isPoor: boolean;
  isExtremePoor: boolean;
}

export interface HouseholdRecord {
  id: number;
  kkNumber: string;
  kelurahanCode: string;
  rw: string;
  rt: string;
  address: string;
  housing: Housing;
  members: PersonRecord[];
  truth: HouseholdTruth;
}

/** What a planted duplicate changes from its original (synthetic.planted_duplicate.kind). */
export type DuplicateKind = 'exact' | 'name_typo' | 'nik_typo' | 'birth_date_typo';

/** A second person record for someone already in the population, as a member of `householdId`. */
export interface DuplicateRecord {
  person: PersonRecord;
  householdId: number;
  originalId: number;
  kind: DuplicateKind;
}

/** One bounded slice of the population, written to the database before the next one is made. */
export interface PopulationBatch {
  kelurahanCode: string;
  households: HouseholdRecord[];
  duplicates: DuplicateRecord[];
  /** True persons in the batch (planted duplicates excluded). */
  persons: number;
}
