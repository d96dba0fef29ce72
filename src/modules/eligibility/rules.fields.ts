/**
 * The whitelist of fields a rule may use: type, level (person or household) and, for enums, the allowed values
 * (the registry's `enums`, domain brief §3.3). `column` is the facts column the field compiles to, `key` the
 * property of the facts objects the evaluator reads.
 */
import { enums } from '../registry/registry.schema.ts';

export type FieldType = 'number' | 'bool' | 'enum' | 'region';
export type FieldLevel = 'person' | 'household';

export interface FieldSpec {
  name: string;
  type: FieldType;
  level: FieldLevel;
  column: string;
  key: string;
  values?: readonly string[];
}

const person = (name: string, type: FieldType, key: string, values?: readonly string[]): FieldSpec => ({
  name,
  type,
  level: 'person',
  column: name,
  key,
  values,
});
const household = (name: string, type: FieldType, key: string, column = name): FieldSpec => ({
  name,
  type,
  level: 'household',
  column,
  key,
});

/** Every field of the rule language, by name. */
export const ruleFields: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  [
    person('age', 'number', 'age'),
    person('age_months', 'number', 'ageMonths'),
    person('sex', 'enum', 'sex', enums.sex),
    person('relationship', 'enum', 'relationship', enums.relationship),
    person('education', 'enum', 'education', enums.education),
    person('occupation', 'enum', 'occupation', enums.occupation),
    person('disability', 'enum', 'disability', enums.disability),
    person('has_disability', 'bool', 'hasDisability'),
    person('chronic_illness', 'bool', 'chronicIllness'),
    person('school_enrolment', 'enum', 'schoolEnrolment', enums.schoolEnrolment),
    person('ktp_dki', 'bool', 'ktpDki'),
    person('marital_status', 'enum', 'maritalStatus', enums.maritalStatus),
    household('desil', 'number', 'desil'),
    household('extreme_poor', 'bool', 'extremePoor'),
    household('household_size', 'number', 'householdSize'),
    household('has_car', 'bool', 'hasCar'),
    household('has_motorcycle', 'bool', 'hasMotorcycle'),
    household('has_refrigerator', 'bool', 'hasRefrigerator'),
    household('has_air_conditioner', 'bool', 'hasAirConditioner'),
    household('property_njop', 'number', 'propertyNjop'),
    household('has_civil_servant_member', 'bool', 'hasCivilServantMember'),
    household('floor_area_per_person', 'number', 'floorAreaPerPerson'),
    household('electricity_va', 'number', 'electricityVa'),
    household('kelurahan', 'region', 'kelurahanCode', 'kelurahan_code'),
    household('domicile_dki', 'bool', 'domicileDki'),
  ].map((f) => [f.name, f]),
);

/** Occupations that make a household "ASN/TNI/Polri/BUMN" for the Jakarta exclusion (domain brief §4). */
export const civilServantOccupations = ['civil_servant', 'military_police', 'bumn_employee'] as const;

/** The field named `name`, or undefined when it is not in the whitelist. */
export function fieldOf(name: string): FieldSpec | undefined {
  return Object.hasOwn(ruleFields, name) ? ruleFields[name] : undefined;
}

/** The closest field name to a misspelt one (edit distance ≤ 2), for "did you mean" hints. */
export function suggestField(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of Object.keys(ruleFields)) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}
