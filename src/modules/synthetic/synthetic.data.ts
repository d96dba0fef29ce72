/**
 * The published figures the synthetic population is calibrated to. Sources: domain brief
 * (`shared/docs/domain-brief.md`), section cited per constant.
 */

/** Per kota/kabupaten (Kemendagri code): population, BPS 2024 P0 and the poverty line applied. */
export interface KotaParameters {
  code: string;
  name: string;
  /** Dukcapil mid-2024 registered residents (domain brief §8, rounded as published ⚠️). */
  population: number;
  /** BPS March 2024 headcount rate P0, percent of persons (domain brief §5.2 ✅). */
  p0: number;
  /** Garis kemiskinan, Rp per capita per month: BPS 2024 kota GK, else the province line of March 2024. */
  povertyLine: number;
  povertyLineSource: 'kota-2024' | 'province-2024-03';
  /** Shift of the log consumption ratio of non-poor households: richer kota sit higher. */
  affluence: number;
  /** Rough land NJOP, Rp per m², for property values of owner-occupiers. */
  njopPerM2: number;
}

/** Province poverty line of March 2024 (domain brief §5.1 ✅), used where §5.2 has no kota GK. */
export const provincePovertyLine2024 = 825_288;

export const kotaParameters: readonly KotaParameters[] = [
  {
    code: '31.01',
    name: 'Kepulauan Seribu',
    population: 30_420,
    p0: 13.03,
    povertyLine: provincePovertyLine2024,
    povertyLineSource: 'province-2024-03',
    affluence: -0.45,
    njopPerM2: 1_500_000,
  },
  {
    code: '31.71',
    name: 'Jakarta Pusat',
    population: 1_070_000,
    p0: 4.63,
    povertyLine: 818_722,
    povertyLineSource: 'kota-2024',
    affluence: 0.15,
    njopPerM2: 9_000_000,
  },
  {
    code: '31.72',
    name: 'Jakarta Utara',
    population: 1_870_000,
    p0: 6.44,
    povertyLine: provincePovertyLine2024,
    povertyLineSource: 'province-2024-03',
    affluence: -0.05,
    njopPerM2: 6_000_000,
  },
  {
    code: '31.73',
    name: 'Jakarta Barat',
    population: 2_610_000,
    p0: 3.94,
    povertyLine: 685_071,
    povertyLineSource: 'kota-2024',
    affluence: 0,
    njopPerM2: 6_500_000,
  },
  {
    code: '31.74',
    name: 'Jakarta Selatan',
    population: 2_410_000,
    p0: 3.03,
    povertyLine: 928_278,
    povertyLineSource: 'kota-2024',
    affluence: 0.25,
    njopPerM2: 10_000_000,
  },
  {
    code: '31.75',
    name: 'Jakarta Timur',
    population: 3_310_000,
    p0: 4.09,
    povertyLine: 697_472,
    povertyLineSource: 'kota-2024',
    affluence: -0.05,
    njopPerM2: 5_500_000,
  },
];

/**
 * Extreme-poverty line: Rp350,000 per capita per month, the US$1.90 (2011 PPP) line as BPS DKI applied it to
 * Jakarta (Rp11,633/day, domain brief §3.4 ✅). Which line BPS uses after 2024 is not confirmed (§3.4 ❓).
 */
export const extremePovertyLine = 350_000;

/** Extreme poor as a share of persons, Jakarta March 2024: 0.35 % (domain brief §5.3 ✅). */
export const extremePovertyRate = 0.35;

/** Jakarta P0 of March 2024 (domain brief §5.1): the extreme poor are 0.35 / 4.30 of the poor. */
export const extremeShareOfPoor = extremePovertyRate / 4.3;

/**
 * The 10 priority kecamatan (domain brief §7) get this multiple of their kota's P0; the other kecamatan of the
 * kota get less, so that the kota rate still matches BPS. There are no official kecamatan rates (§0.11).
 */
export const priorityPovertyMultiplier = 1.5;

/** The date the synthetic population describes (ages, membership dates): fixed so a seed always gives the same data. */
export const referenceDate = '2025-07-01';

/** Provinces newcomers come from (Kemendagri code → weight): mostly Java, then Sumatra and Sulawesi ❓. */
export const migrantProvinceWeights: Readonly<Record<string, number>> = {
  '32': 30, // Jawa Barat
  '33': 27, // Jawa Tengah
  '35': 12, // Jawa Timur
  '36': 9, // Banten
  '34': 3, // DI Yogyakarta
  '12': 6, // Sumatera Utara
  '13': 4, // Sumatera Barat
  '16': 3, // Sumatera Selatan
  '18': 3, // Lampung
  '73': 3, // Sulawesi Selatan
};

/** Version of the generator, stored with each run so a population can be traced to the code that made it. */
export const generatorVersion = 1;
