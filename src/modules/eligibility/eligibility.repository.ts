/** The SQL of the eligibility module: facts of households and their members, read with the shared facts SQL. */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import {
  householdFactsSelect,
  personFactsSelect,
  type HouseholdFacts,
  type PersonFacts,
} from './eligibility.facts.ts';

const householdColumns =
  sql.raw(`household_id::int AS "householdId", kelurahan_code AS "kelurahanCode", desil,
  extreme_poor AS "extremePoor", household_size AS "householdSize", has_car AS "hasCar",
  has_motorcycle AS "hasMotorcycle", has_refrigerator AS "hasRefrigerator",
  has_air_conditioner AS "hasAirConditioner", property_njop AS "propertyNjop",
  has_civil_servant_member AS "hasCivilServantMember", floor_area_per_person AS "floorAreaPerPerson",
  electricity_va AS "electricityVa", domicile_dki AS "domicileDki"`);

const personColumns = sql.raw(`person_id::int AS "personId", household_id::int AS "householdId", age,
  age_months AS "ageMonths", sex, relationship, education, occupation, disability,
  has_disability AS "hasDisability", chronic_illness AS "chronicIllness", school_enrolment AS "schoolEnrolment",
  ktp_dki AS "ktpDki", marital_status AS "maritalStatus"`);

const onlyHousehold = (householdId: number | undefined): SQL =>
  householdId === undefined ? sql`true` : sql`f.household_id = ${householdId}`;

/** Household facts of one household (or of all active households when `householdId` is omitted). */
export function selectHouseholdFacts(db: Db, householdId?: number): Promise<HouseholdFacts[]> {
  return queryRows<HouseholdFacts>(
    db,
    sql`SELECT ${householdColumns} FROM (${householdFactsSelect()}) f WHERE ${onlyHousehold(householdId)}
        ORDER BY f.household_id`,
  );
}

/** Person facts of the current members of one household (or of every household) at `referenceDate`. */
export function selectPersonFacts(
  db: Db,
  referenceDate: string,
  householdId?: number,
): Promise<PersonFacts[]> {
  return queryRows<PersonFacts>(
    db,
    sql`SELECT ${personColumns} FROM (${personFactsSelect(referenceDate)}) f WHERE ${onlyHousehold(householdId)}
        ORDER BY f.household_id, f.person_id`,
  );
}
