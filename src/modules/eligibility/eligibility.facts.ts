/**
 * The facts rules are evaluated over, computed in SQL (issue 3 contract): one row per current member (person
 * facts, `pf`) and one per active household (household facts, `hf`). The whole-Jakarta eligible set and the
 * single-household explanation use these same statements, so SQL and the TS evaluator see identical values.
 * Numbers are float8 so a value read into JS is the exact number SQL compares. Ids stay bigint (as stored) so
 * the correlated member lookups of aggregates use the household_member index.
 */
import { sql, type SQL } from 'drizzle-orm';
import { civilServantOccupations } from './rules.fields.ts';

/** Person facts as the evaluator reads them. */
export interface PersonFacts {
  personId: number;
  householdId: number;
  age: number;
  ageMonths: number;
  sex: string;
  relationship: string;
  education: string;
  occupation: string;
  disability: string;
  hasDisability: boolean;
  chronicIllness: boolean;
  schoolEnrolment: string;
  ktpDki: boolean;
  maritalStatus: string;
}

/** Household facts as the evaluator reads them; desil and extreme_poor are null when the household is unranked. */
export interface HouseholdFacts {
  householdId: number;
  kelurahanCode: string;
  desil: number | null;
  extremePoor: boolean | null;
  householdSize: number;
  hasCar: boolean;
  hasMotorcycle: boolean;
  hasRefrigerator: boolean;
  hasAirConditioner: boolean;
  propertyNjop: number;
  hasCivilServantMember: boolean;
  floorAreaPerPerson: number | null;
  electricityVa: number | null;
  domicileDki: boolean;
}

/** The id of the latest welfare snapshot (newest snapshot_date, then highest id), as every reader of desil takes it. */
export const latestSnapshotId = sql`(SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)`;

/** `code` lies in province 31 (DKI Jakarta): the code is '31' or starts with '31.'. */
const inDki = (code: SQL) => sql`(${code} = '31' OR ${code} LIKE '31.%')`;

/** The current members: membership not ended, person active. */
const currentMembers = sql`household_member hm JOIN person p ON p.id = hm.person_id
  WHERE hm.end_date IS NULL AND p.status = 'active'`;

/** SELECT of person facts at `referenceDate` (ISO date); age in whole years as PostgreSQL's age() counts it. */
export function personFactsSelect(referenceDate: string): SQL {
  const age = sql`age(${referenceDate}::date, p.birth_date)`;
  return sql`SELECT p.id AS person_id, hm.household_id,
      date_part('year', ${age})::float8 AS age,
      (date_part('year', ${age}) * 12 + date_part('month', ${age}))::float8 AS age_months,
      p.sex, hm.relationship, p.education, p.occupation, p.disability,
      (p.disability <> 'none') AS has_disability, p.chronic_illness, p.school_enrolment,
      COALESCE(${inDki(sql`p.ktp_region_code`)}, false) AS ktp_dki, p.marital_status
    FROM ${currentMembers}`;
}

/**
 * SELECT of household facts: active households with their current size, ASN/TNI/Polri/BUMN member flag and the
 * latest welfare snapshot's desil (newest snapshot_date, then highest id — as welfare and regions read it).
 * `personFacts`, when given, is a relation holding personFactsSelect's rows (a bulk recompute's materialized
 * copy): the member aggregates then read it instead of joining the registry again.
 */
export function householdFactsSelect(personFacts?: SQL): SQL {
  const civil = sql.join(
    civilServantOccupations.map((o) => sql`${o}::text`),
    sql`, `,
  );
  const members =
    personFacts === undefined
      ? sql`SELECT hm.household_id, count(*) AS size, bool_or(p.occupation IN (${civil})) AS civil
          FROM ${currentMembers} GROUP BY hm.household_id`
      : sql`SELECT pf.household_id, count(*) AS size, bool_or(pf.occupation IN (${civil})) AS civil
          FROM ${personFacts} pf GROUP BY pf.household_id`;
  return sql`SELECT h.id AS household_id, h.kelurahan_code,
      w.desil::float8 AS desil, w.is_extreme_poor AS extreme_poor,
      COALESCE(m.size, 0)::float8 AS household_size,
      h.has_car, h.has_motorcycle, h.has_refrigerator, h.has_air_conditioner,
      COALESCE(h.property_njop, 0)::float8 AS property_njop,
      COALESCE(m.civil, false) AS has_civil_servant_member,
      h.floor_area_m2::float8 / NULLIF(m.size, 0) AS floor_area_per_person,
      h.electricity_va::float8 AS electricity_va,
      ${inDki(sql`h.kelurahan_code`)} AS domicile_dki
    FROM household h
    LEFT JOIN (${members}) m ON m.household_id = h.id
    LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = ${latestSnapshotId}
    WHERE h.status = 'active'`;
}
