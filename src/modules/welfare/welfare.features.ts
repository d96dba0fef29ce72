import { sql, type SQL } from 'drizzle-orm';

/**
 * The whitelist of proxy-means-test features: each name maps to a fixed SQL expression over the household row
 * `h` and the aggregate of its current members `a` (see `memberAggregateSql`). Models may only use these names;
 * SQL is generated from this table, never from user strings. Definitions are documented in docs/pmt-model.md.
 */
export const featureExpressions = {
  log_hh_size: 'ln(a.size)',
  dependency_ratio: '(a.children + a.elderly)::float8 / a.size',
  working_share: 'CASE WHEN a.working_age = 0 THEN 0 ELSE a.working_age_working::float8 / a.working_age END',
  head_education: 'a.head_education',
  head_occ_formal: '(a.head_occupation_group = 2)::int',
  head_occ_informal: '(a.head_occupation_group = 1)::int',
  any_civil_servant: 'a.any_civil_servant::int',
  elderly_head: 'a.head_elderly::int',
  female_head: 'a.head_female::int',
  any_disabled: 'a.any_disabled::int',
  log_floor_area_pc: 'ln(greatest(h.floor_area_m2::float8, 1) / a.size)',
  floor_quality: ordinalCase('h.floor_material', {
    ceramic: 2,
    tile_terrazzo: 2,
    wood_quality: 1,
    cement: 1,
  }),
  wall_quality: ordinalCase('h.wall_material', { brick_concrete: 2, wood: 1, plaster_bamboo_wire: 1 }),
  roof_quality: ordinalCase('h.roof_material', { concrete: 2, tile: 2, metal_zinc: 1, asbestos: 1 }),
  water_bottled: "(h.water_source = 'bottled')::int",
  water_unimproved: "(h.water_source IN ('unprotected_well', 'rain_other'))::int",
  toilet_own_septic: "(h.toilet_facility = 'own_with_septic')::int",
  toilet_public_none: "(h.toilet_facility IN ('public', 'none'))::int",
  // Electricity bands of the household's own PLN meter; no own meter counts as none; 900 VA is the reference.
  elec_none: "(h.lighting_source <> 'pln_metered' OR coalesce(h.electricity_va, 0) <= 0)::int",
  elec_450: "(h.lighting_source = 'pln_metered' AND h.electricity_va BETWEEN 1 AND 450)::int",
  elec_1300: "(h.lighting_source = 'pln_metered' AND h.electricity_va BETWEEN 901 AND 1300)::int",
  elec_2200_plus: "(h.lighting_source = 'pln_metered' AND h.electricity_va > 1300)::int",
  cook_clean: "(h.cooking_fuel IN ('electricity', 'lpg_large'))::int",
  cook_dirty: "(h.cooking_fuel IN ('kerosene', 'wood_charcoal', 'none'))::int",
  tenure_own: "(h.tenure = 'own')::int",
  tenure_rent: "(h.tenure IN ('rent', 'contract'))::int",
  has_refrigerator: 'h.has_refrigerator::int',
  has_air_conditioner: 'h.has_air_conditioner::int',
  has_motorcycle: 'h.has_motorcycle::int',
  has_car: 'h.has_car::int',
  has_computer: 'h.has_computer::int',
  has_gold: 'h.has_gold::int',
  has_land: 'h.has_land::int',
} as const;

export type FeatureName = keyof typeof featureExpressions;

/** Every feature name, in catalogue order (the column order of calibration samples). */
export const featureNames = Object.keys(featureExpressions) as FeatureName[];

/** True when `name` is a whitelisted feature. */
export function isFeatureName(name: string): name is FeatureName {
  return Object.hasOwn(featureExpressions, name);
}

/** Education ordinal of domain brief §3.3 (criterion 13 reads "none or incomplete SD"); SMA and SMK rank alike. */
export const educationOrdinal: Record<string, number> = {
  none: 0,
  sd_incomplete: 1,
  sd: 2,
  smp: 3,
  sma: 4,
  smk: 4,
  diploma: 5,
  bachelor: 6,
  postgraduate: 7,
};

/** Occupation groups: 2 formal, 1 informal, 0 none (not working, student, housekeeping, retired). */
export const occupationGroup: Record<string, number> = {
  private_employee: 2,
  entrepreneur: 2,
  civil_servant: 2,
  military_police: 2,
  bumn_employee: 2,
  farmer_fisher: 1,
  labourer: 1,
  informal_trader: 1,
  driver: 1,
};

/** Occupations that count as working (everything with an occupation group above). */
export const workingOccupations = Object.keys(occupationGroup);

/** ASN/TNI/Polri/BUMN: a Jakarta exclusion rule (domain brief §3.3), and a strong welfare signal. */
export const civilServantOccupations = ['civil_servant', 'military_police', 'bumn_employee'];

/** `CASE column WHEN 'value' THEN n … ELSE 0 END` from a constant table (values checked to be plain codes). */
export function ordinalCase(column: string, levels: Record<string, number>, otherwise = 0): string {
  const whens = Object.entries(levels).map(([value, level]) => {
    if (!/^[a-z0-9_]+$/.test(value) || !Number.isFinite(level)) throw new Error(`bad level ${value}`);
    return `WHEN '${value}' THEN ${level}`;
  });
  return `CASE ${column} ${whens.join(' ')} ELSE ${otherwise} END`;
}

/** A quoted list of plain codes for `IN (…)`. */
export function codeList(values: readonly string[]): string {
  return values
    .map((value) => {
      if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`bad code ${value}`);
      return `'${value}'`;
    })
    .join(', ');
}

/** `coalesce((expr)::float8, 0) AS name` for every feature: the feature columns of a household. */
export function featureColumnsSql(): SQL {
  return sql.join(
    featureNames.map(
      (name) => sql`coalesce((${sql.raw(featureExpressions[name])})::float8, 0) AS ${sql.identifier(name)}`,
    ),
    sql`, `,
  );
}

/** Today's date in Jakarta (WIB), `YYYY-MM-DD`: a snapshot run at 06:00 WIB belongs to that day, not UTC's. */
export function todayInJakarta(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}

/** Age thresholds as birth-date cut-offs on the reference date (so the planner compares plain dates). */
export function ageCutoffs(referenceDate: string) {
  return {
    /** Born after this: a child under 15 (working age starts at 15, BPS labour-force convention). */
    child: subtractYears(referenceDate, 15),
    /** Born on or before this: 65 or older (dependency ratio). */
    elderly: subtractYears(referenceDate, 65),
    /** Born on or before this: 60 or older, the lansia age of KLJ (domain brief §4). */
    elderlyHead: subtractYears(referenceDate, 60),
  };
}

/** `YYYY-MM-DD` minus whole years; 29 February falls back to 28 February, as PostgreSQL does. */
export function subtractYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !isLeap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * One row per household with its current members (membership open, person active) aggregated: size, age
 * groups, work, and the head's attributes. A household without a current head (the card not yet updated
 * after a death or move) takes the head features over all members: highest education, most formal occupation,
 * eldest member's age, female-headed when every member aged 15+ is a woman.
 */
export function memberAggregateSql(referenceDate: string, householdIds?: SQL): SQL {
  const cut = ageCutoffs(referenceDate);
  const child = sql`${cut.child}::date`;
  const elderly = sql`${cut.elderly}::date`;
  const workingAge = sql`p.birth_date <= ${child} AND p.birth_date > ${elderly}`;
  const education = sql.raw(ordinalCase('p.education', educationOrdinal));
  const occupation = sql.raw(ordinalCase('p.occupation', occupationGroup));
  const isHead = sql`m.relationship = 'head'`;
  // Adding 100 for the head makes max() pick the head's level when there is a head, else the highest level.
  const headBonus = sql`CASE WHEN ${isHead} THEN 100 ELSE 0 END`;
  return sql`
    SELECT m.household_id,
      count(*)::int AS size,
      count(*) FILTER (WHERE p.birth_date > ${child})::int AS children,
      count(*) FILTER (WHERE p.birth_date <= ${elderly})::int AS elderly,
      count(*) FILTER (WHERE ${workingAge})::int AS working_age,
      count(*) FILTER (WHERE ${workingAge} AND p.occupation IN (${sql.raw(codeList(workingOccupations))}))::int
        AS working_age_working,
      bool_or(p.occupation IN (${sql.raw(codeList(civilServantOccupations))})) AS any_civil_servant,
      bool_or(p.disability <> 'none') AS any_disabled,
      max(${education} + ${headBonus}) % 100 AS head_education,
      max(${occupation} + ${headBonus}) % 100 AS head_occupation_group,
      coalesce(bool_or(p.sex = 'F') FILTER (WHERE ${isHead}),
        bool_and(p.sex = 'F') FILTER (WHERE p.birth_date <= ${child}), false) AS head_female,
      coalesce(min(p.birth_date) FILTER (WHERE ${isHead}), min(p.birth_date)) <= ${cut.elderlyHead}::date
        AS head_elderly
    FROM household_member m
    JOIN person p ON p.id = m.person_id
    WHERE m.end_date IS NULL AND p.status = 'active'
      ${householdIds ? sql`AND m.household_id IN (${householdIds})` : sql``}
    GROUP BY m.household_id`;
}

/**
 * The feature row of every active household with at least one current member (`household_id`, `province`,
 * then one column per feature). `householdIds` (a subquery) restricts it, e.g. to a calibration sample.
 */
export function householdFeaturesSql(referenceDate: string, householdIds?: SQL): SQL {
  return sql`
    SELECT h.id AS household_id, left(h.kelurahan_code, 2) AS province, ${featureColumnsSql()}
    FROM household h
    JOIN (${memberAggregateSql(referenceDate, householdIds)}) a ON a.household_id = h.id
    WHERE h.status = 'active'`;
}
