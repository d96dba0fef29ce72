/**
 * SQL text builders for the import's set-based statements. Only constants of the code (enumerations, column
 * names) and checked values (run id, ISO dates, source names) are written into the text; file content never is.
 */
import { enums } from '../registry/registry.schema.ts';

export const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Household enumeration columns (staging column → allowed values). */
export const householdEnums: Record<string, readonly string[]> = {
  tenure: enums.tenure,
  floor_material: enums.floorMaterial,
  wall_material: enums.wallMaterial,
  roof_material: enums.roofMaterial,
  water_source: enums.waterSource,
  lighting_source: enums.lightingSource,
  cooking_fuel: enums.cookingFuel,
  toilet_facility: enums.toiletFacility,
};

export const personEnums: Record<string, readonly string[]> = {
  marital_status: enums.maritalStatus,
  education: enums.education,
  occupation: enums.occupation,
  disability: enums.disability,
  school_enrolment: enums.schoolEnrolment,
  relationship: enums.relationship,
};

export const householdBooleans = [
  'has_refrigerator',
  'has_air_conditioner',
  'has_motorcycle',
  'has_car',
  'has_computer',
  'has_gold',
  'has_land',
] as const;

/** Registry household columns filled from the staging table, with their casts. */
export const householdColumns: readonly [column: string, expression: string, jsonKey: string][] = [
  ['kk_number', 's.kk_number', 'kkNumber'],
  ['kelurahan_code', 's.kelurahan_code', 'kelurahanCode'],
  ['rw', 's.rw', 'rw'],
  ['rt', 's.rt', 'rt'],
  ['address', 's.address', 'address'],
  ['tenure', 's.tenure', 'tenure'],
  ['floor_area_m2', 's.floor_area_m2::numeric', 'floorAreaM2'],
  ['floor_material', 's.floor_material', 'floorMaterial'],
  ['wall_material', 's.wall_material', 'wallMaterial'],
  ['roof_material', 's.roof_material', 'roofMaterial'],
  ['water_source', 's.water_source', 'waterSource'],
  ['lighting_source', 's.lighting_source', 'lightingSource'],
  ['electricity_va', 's.electricity_va::int', 'electricityVa'],
  ['cooking_fuel', 's.cooking_fuel', 'cookingFuel'],
  ['toilet_facility', 's.toilet_facility', 'toiletFacility'],
  ['has_refrigerator', 's.has_refrigerator::boolean', 'hasRefrigerator'],
  ['has_air_conditioner', 's.has_air_conditioner::boolean', 'hasAirConditioner'],
  ['has_motorcycle', 's.has_motorcycle::boolean', 'hasMotorcycle'],
  ['has_car', 's.has_car::boolean', 'hasCar'],
  ['has_computer', 's.has_computer::boolean', 'hasComputer'],
  ['has_gold', 's.has_gold::boolean', 'hasGold'],
  ['has_land', 's.has_land::boolean', 'hasLand'],
  ['property_njop', 's.property_njop::numeric', 'propertyNjop'],
];

/** Registry person columns filled from the staging table, with their casts. */
export const personColumns: readonly [column: string, expression: string, jsonKey: string][] = [
  ['nik', 's.nik', 'nik'],
  ['name', 's.name', 'name'],
  ['sex', 's.sex', 'sex'],
  ['birth_date', 's.birth_date::date', 'birthDate'],
  ['birth_place', 's.birth_place', 'birthPlace'],
  ['ktp_region_code', 's.ktp_region_code', 'ktpRegionCode'],
  ['marital_status', 's.marital_status', 'maritalStatus'],
  ['education', 's.education', 'education'],
  ['occupation', 's.occupation', 'occupation'],
  ['disability', "coalesce(s.disability, 'none')", 'disability'],
  ['chronic_illness', 'coalesce(s.chronic_illness::boolean, false)', 'chronicIllness'],
  ['school_enrolment', 's.school_enrolment', 'schoolEnrolment'],
];

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The person record of `p` as JSON in the shape of registry.state PersonRecord. */
const personJson = (p: string) =>
  `jsonb_build_object('id', ${p}.id, ${personColumns.map(([c, , k]) => `'${k}', ${p}.${c}`).join(', ')},
     'status', ${p}.status, 'createdAt', ${iso(`${p}.created_at`)}, 'source', ${p}.source,
     'provenance', ${p}.provenance)`;

/**
 * The current state of household `h` as JSON in the shape of registry.state HouseholdState (the snapshot the
 * registry's change path stores in household_version), members in position order.
 */
export const householdStateJson = (h: string) =>
  `jsonb_build_object(
     'household', jsonb_build_object('id', ${h}.id,
       ${householdColumns.map(([c, , k]) => `'${k}', ${h}.${c}`).join(', ')},
       'status', ${h}.status, 'version', ${h}.version, 'validFrom', ${iso(`${h}.valid_from`)},
       'createdAt', ${iso(`${h}.created_at`)}, 'source', ${h}.source, 'provenance', ${h}.provenance),
     'members', coalesce((SELECT jsonb_agg(jsonb_build_object('relationship', m.relationship,
         'startDate', m.start_date, 'endDate', m.end_date, 'position', m.position, 'person', ${personJson('p')})
         ORDER BY m.position, m.start_date)
       FROM household_member m JOIN person p ON p.id = m.person_id WHERE m.household_id = ${h}.id), '[]'::jsonb))`;

/**
 * Per-field provenance for the fields whose value changes: `{ jsonKey: entry }` for each column where the new
 * expression differs from the current column of `current`.
 */
export const changedProvenance = (
  columns: readonly (readonly [string, string, string])[],
  current: string,
  entry: string,
) =>
  `('{}'::jsonb ${columns
    .map(
      ([c, e, k]) =>
        `|| CASE WHEN ${current}.${c} IS DISTINCT FROM ${e} THEN jsonb_build_object('${k}', ${entry}) ELSE '{}'::jsonb END`,
    )
    .join(' ')})`;

/** True when any column differs between the registry row `current` and the staged values. */
export const anyDiffers = (columns: readonly (readonly [string, string, string])[], current: string) =>
  `(${columns.map(([c]) => `${current}.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map(([, e]) => e).join(', ')})`;
