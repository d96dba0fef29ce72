/**
 * The column mapping of DTSEN-style extracts (docs/import-format.md): a household file and a person file. The
 * mapping is data: each staged field lists the source headers it accepts (the DTSEN header first, then the
 * registry's own field name). Headers are compared after normalisation (trimmed, upper case, spaces → `_`).
 */

export interface FieldSpec {
  /** Staging column (snake_case, as in the registry). */
  field: string;
  /** Accepted source headers; the first is the standard DTSEN header written into templates. */
  headers: readonly string[];
  required: boolean;
  /** Example value for the template. */
  example: string;
  /** One line for docs/import-format.md. */
  description: string;
}

export type ImportFileKind = 'household' | 'person';

const f = (
  field: string,
  dtsen: string,
  required: boolean,
  example: string,
  description: string,
): FieldSpec => ({ field, headers: [dtsen, field.toUpperCase()], required, example, description });

export const householdFieldSpecs: readonly FieldSpec[] = [
  f('kk_number', 'NO_KK', true, '3171010101230001', 'Family card (KK) number, 16 digits'),
  f('kelurahan_code', 'KODE_KELURAHAN', true, '31.71.01.1001', 'Kemendagri kelurahan code (dotted or not)'),
  f('rw', 'RW', true, '001', 'RW (padded to 3 digits)'),
  f('rt', 'RT', true, '002', 'RT (padded to 3 digits)'),
  f('address', 'ALAMAT', true, 'Jl. Kenari No. 5', 'Street address'),
  f('tenure', 'STATUS_KEPEMILIKAN', true, 'own', 'Tenure: own, contract, rent, free, official, other'),
  f('floor_area_m2', 'LUAS_LANTAI', true, '36', 'Floor area, m² (number)'),
  f('floor_material', 'JENIS_LANTAI', true, 'ceramic', 'Floor material (registry enumeration)'),
  f('wall_material', 'JENIS_DINDING', true, 'brick_concrete', 'Wall material (registry enumeration)'),
  f('roof_material', 'JENIS_ATAP', true, 'tile', 'Roof material (registry enumeration)'),
  f('water_source', 'SUMBER_AIR_MINUM', true, 'piped', 'Drinking water source (registry enumeration)'),
  f('lighting_source', 'SUMBER_PENERANGAN', true, 'pln_metered', 'Lighting source (registry enumeration)'),
  f('electricity_va', 'DAYA_LISTRIK', false, '900', 'Electricity connection, VA (integer, optional)'),
  f('cooking_fuel', 'BAHAN_BAKAR_MEMASAK', true, 'lpg_3kg', 'Cooking fuel (registry enumeration)'),
  f('toilet_facility', 'FASILITAS_BAB', true, 'own_with_septic', 'Toilet facility (registry enumeration)'),
  f('has_refrigerator', 'ADA_KULKAS', true, 'ya', 'Owns a refrigerator (ya/tidak, 1/0, true/false)'),
  f('has_air_conditioner', 'ADA_AC', true, 'tidak', 'Owns an air conditioner (boolean)'),
  f('has_motorcycle', 'ADA_SEPEDA_MOTOR', true, 'ya', 'Owns a motorcycle (boolean)'),
  f('has_car', 'ADA_MOBIL', true, 'tidak', 'Owns a car (boolean)'),
  f('has_computer', 'ADA_KOMPUTER', true, 'tidak', 'Owns a computer (boolean)'),
  f('has_gold', 'ADA_EMAS', true, 'tidak', 'Owns gold ≥ 10 g (boolean)'),
  f('has_land', 'ADA_LAHAN', true, 'tidak', 'Owns land elsewhere (boolean)'),
  f('property_njop', 'NJOP', false, '', 'Tax value (NJOP) of property owned, Rp (optional)'),
];

export const personFieldSpecs: readonly FieldSpec[] = [
  f(
    'kk_number',
    'NO_KK',
    true,
    '3171010101230001',
    'KK number of the household (in the file or the registry)',
  ),
  f('nik', 'NIK', true, '3171014506850003', 'NIK, 16 digits; must agree with sex and birth date'),
  f('name', 'NAMA', true, 'Siti Aminah', 'Full name'),
  f('sex', 'JENIS_KELAMIN', true, 'F', 'Sex: M/F (L/P accepted)'),
  f('birth_date', 'TANGGAL_LAHIR', true, '1985-06-05', 'Birth date, YYYY-MM-DD'),
  f('birth_place', 'TEMPAT_LAHIR', false, 'Jakarta', 'Birth place (optional)'),
  f('ktp_region_code', 'KODE_WILAYAH_KTP', false, '31.71', 'Kemendagri code of the KTP address (optional)'),
  f('marital_status', 'STATUS_PERKAWINAN', true, 'married', 'single, married, divorced, widowed'),
  f('education', 'PENDIDIKAN', true, 'sma', 'Highest education (registry enumeration)'),
  f('occupation', 'PEKERJAAN', true, 'informal_trader', 'Main occupation (registry enumeration)'),
  f('disability', 'DISABILITAS', false, 'none', 'Disability (registry enumeration; default none)'),
  f('chronic_illness', 'PENYAKIT_KRONIS', false, 'tidak', 'Chronic illness (boolean; default no)'),
  f('school_enrolment', 'PARTISIPASI_SEKOLAH', true, 'completed', 'School enrolment (registry enumeration)'),
  f('relationship', 'HUBUNGAN_KELUARGA', true, 'head', 'Relationship to the head (registry enumeration)'),
  f('position', 'NO_URUT', true, '1', 'Position on the family card (integer ≥ 1)'),
];

export const fieldSpecs: Record<ImportFileKind, readonly FieldSpec[]> = {
  household: householdFieldSpecs,
  person: personFieldSpecs,
};

/** A header as a key: BOM and spaces trimmed, upper case, spaces/dashes/dots as `_`. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .toUpperCase()
    .replace(/[\s\-.]+/g, '_');
}

/** A mapping override: source header → staging field (merged over the defaults). */
export type ColumnMapping = Record<string, string>;

/**
 * For each column of the file's header, the staging field it fills (or null: ignored). Missing required
 * fields are returned so the whole file can be refused with one clear message.
 */
export function resolveHeader(
  kind: ImportFileKind,
  header: readonly string[],
  overrides: ColumnMapping = {},
): { columns: (string | null)[]; missing: string[] } {
  const specs = fieldSpecs[kind];
  const byHeader = new Map<string, string>();
  for (const spec of specs) for (const h of spec.headers) byHeader.set(normaliseHeader(h), spec.field);
  for (const [source, field] of Object.entries(overrides)) byHeader.set(normaliseHeader(source), field);
  const seen = new Set<string>();
  const columns = header.map((h) => {
    const field = byHeader.get(normaliseHeader(h)) ?? null;
    if (field === null || seen.has(field)) return null;
    seen.add(field);
    return field;
  });
  const missing = specs.filter((s) => s.required && !seen.has(s.field)).map((s) => s.headers[0]!);
  return { columns, missing };
}
