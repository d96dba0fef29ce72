/**
 * Official BPS poverty statistics for DKI Jakarta (Susenas), as published, with their sources.
 * Transcribed from the domain brief §5.1 (province), §5.2 (kota) and §5.4 (targets). Values the brief marks ❓
 * are left out (null); Sep 2023 has no release and has no row. Poor persons are persons (the brief's province
 * table is in thousands).
 */

export type StatConfidence = 'confirmed' | 'partial' | 'unconfirmed';

/** One published figure set for one region and one Susenas month (`YYYY-MM`). */
export interface OfficialPovertyFigures {
  regionCode: string;
  period: string;
  poorPersons: number | null;
  /** Headcount rate P0, percent. */
  p0: number | null;
  /** Poverty line (garis kemiskinan, GK), Rp per capita per month. */
  povertyLine: number | null;
  p1: number | null;
  p2: number | null;
  source: string;
  confidence: StatConfidence;
}

type Values = Partial<Pick<OfficialPovertyFigures, 'poorPersons' | 'p0' | 'povertyLine' | 'p1' | 'p2'>>;

function figures(
  regionCode: string,
  period: string,
  values: Values,
  source: string,
  confidence: StatConfidence = 'confirmed',
): OfficialPovertyFigures {
  const { poorPersons = null, p0 = null, povertyLine = null, p1 = null, p2 = null } = values;
  return { regionCode, period, poorPersons, p0, povertyLine, p1, p2, source, confidence };
}

const P = '31';

/** DKI Jakarta, March and September Susenas, Mar 2017 – Sep 2025 (domain brief §5.1). */
export const provincePovertySeries: readonly OfficialPovertyFigures[] = [
  figures(
    P,
    '2017-03',
    { poorPersons: 389_690, p0: 3.77, povertyLine: 536_546 },
    'BPS DKI via Kompas, 17 Jul 2018',
  ),
  figures(
    P,
    '2017-09',
    { poorPersons: 393_130, p0: 3.78, povertyLine: 578_247 },
    'BPS DKI via Kompas 2018; ANTARA 2019',
  ),
  figures(P, '2018-03', { poorPersons: 373_120, p0: 3.57, povertyLine: 593_108 }, 'BPS DKI via Kompas 2018'),
  figures(
    P,
    '2018-09',
    { poorPersons: 372_260, p0: 3.55, povertyLine: 607_778 },
    'BPS DKI via ANTARA, 17 Jun 2019',
  ),
  figures(
    P,
    '2019-03',
    { p0: 3.47 },
    'BPS DKI via Okezone 2024 (poor persons and GK not confirmed, left out)',
  ),
  figures(
    P,
    '2019-09',
    { poorPersons: 362_000, p0: 3.42 },
    'BPS DKI via jpnn, 16 Feb 2021 ("362 ribu": count rounded to the thousand)',
  ),
  figures(
    P,
    '2020-03',
    { poorPersons: 480_860, p0: 4.53, povertyLine: 680_401 },
    'BPS DKI via jpnn / radarnonstop',
  ),
  figures(
    P,
    '2020-09',
    { poorPersons: 496_840, p0: 4.69, povertyLine: 683_339 },
    'BPS DKI press release, jakarta.bps.go.id, 15 Feb 2021',
  ),
  figures(
    P,
    '2021-03',
    { poorPersons: 501_920, p0: 4.72, povertyLine: 697_638 },
    'BPS DKI via Tempo; Republika',
  ),
  figures(
    P,
    '2021-09',
    { poorPersons: 498_290, p0: 4.67, povertyLine: 715_052, p1: 0.753 },
    'BPS DKI via Tempo, Jan 2022; statistik.jakarta.go.id',
  ),
  figures(
    P,
    '2022-03',
    { poorPersons: 502_040, p0: 4.69, povertyLine: 738_755, p1: 0.768 },
    'BPS DKI via Republika; CNN Indonesia (P1 derived from the Sep 2022 release: 0.682 = −0.086)',
    'partial',
  ),
  figures(
    P,
    '2022-09',
    { poorPersons: 494_930, p0: 4.61, povertyLine: 773_370, p1: 0.682 },
    'BPS DKI via CNN Indonesia / Kompas, 17 Jan 2023; statistik.jakarta.go.id',
  ),
  figures(
    P,
    '2023-03',
    { poorPersons: 477_830, p0: 4.44 },
    'BPS DKI via Okezone / ANTARA 2024 (GK not confirmed, left out)',
  ),
  figures(
    P,
    '2024-03',
    { poorPersons: 464_930, p0: 4.3, povertyLine: 825_288 },
    'BPS DKI via Okezone, 12 Jul 2024',
  ),
  figures(
    P,
    '2024-09',
    { poorPersons: 449_070, p0: 4.14, povertyLine: 846_085, p1: 0.549, p2: 0.106 },
    'BPS DKI via SinPo; Poskota 2025',
  ),
  figures(
    P,
    '2025-03',
    { poorPersons: 464_870, p0: 4.28, povertyLine: 852_768, p1: 0.574, p2: 0.111 },
    'BPS DKI via ANTARA / KTV / Harian Negeri, 25 Jul 2025',
  ),
  figures(
    P,
    '2025-09',
    { poorPersons: 439_120, p0: 4.03, povertyLine: 897_768, p1: 0.492, p2: 0.095 },
    'BPS DKI via detik / Warta Ekonomi, 5 Feb 2026',
  ),
];

/** Per-kota March 2024 figures, keyed by Kemendagri kota code; the synthetic population is calibrated to them. */
export interface KotaPoverty2024 {
  p0: number;
  /** GK of the kota, Rp per capita per month; null where the brief has none (use the province GK). */
  povertyLine: number | null;
  poorPersons: number;
}

/**
 * BPS March 2024 kota figures (domain brief §5.2) ✅: databoks/Katadata (BPS) and BPS Jakarta Selatan via
 * ANTARA. The six counts add up to the province's 464,930.
 */
export const kotaPoverty2024: Readonly<Record<string, KotaPoverty2024>> = {
  '31.01': { p0: 13.03, povertyLine: null, poorPersons: 3_490 },
  '31.71': { p0: 4.63, povertyLine: 818_722, poorPersons: 42_330 },
  '31.72': { p0: 6.44, povertyLine: null, poorPersons: 120_510 },
  '31.73': { p0: 3.94, povertyLine: 685_071, poorPersons: 106_480 },
  '31.74': { p0: 3.03, povertyLine: 928_278, poorPersons: 70_600 },
  '31.75': { p0: 4.09, povertyLine: 697_472, poorPersons: 121_520 },
};

const source2020 = 'BPS DKI via ANTARA / Pikiran Rakyat, Feb 2021';
const source2023 = 'BPS via indonesiatoday.co.id (six-kota table, 2023)';
const source2024 = 'BPS via databoks/Katadata 2024; BPS Jakarta Selatan via ANTARA';

/** Kota series, annual March Susenas: 2020 poor persons, 2023 and 2024 P0 and poor persons (§5.2). */
export const kotaPovertySeries: readonly OfficialPovertyFigures[] = [
  figures('31.01', '2020-03', { poorPersons: 3_630 }, source2020),
  figures('31.72', '2020-03', { poorPersons: 123_650 }, source2020),
  figures('31.71', '2020-03', { poorPersons: 41_920 }, source2020),
  figures('31.75', '2020-03', { poorPersons: 122_930 }, source2020),
  figures('31.73', '2020-03', { poorPersons: 110_940 }, source2020),
  figures('31.74', '2020-03', { poorPersons: 78_210 }, source2020),
  figures('31.01', '2023-03', { p0: 13.13, poorPersons: 3_470 }, source2023),
  figures('31.72', '2023-03', { p0: 6.78, poorPersons: 125_980 }, source2023),
  figures('31.71', '2023-03', { p0: 4.68, poorPersons: 42_780 }, source2023),
  figures('31.75', '2023-03', { p0: 4.2, poorPersons: 124_220 }, source2023),
  figures('31.73', '2023-03', { p0: 4.09, poorPersons: 109_490 }, source2023),
  figures(
    '31.74',
    '2023-03',
    { p0: 3.1, poorPersons: 71_900, p1: 0.37, p2: 0.09 },
    `${source2023}; P1/P2 from BPS Jakarta Selatan via ANTARA`,
  ),
  ...Object.entries(kotaPoverty2024).map(([code, kota]) =>
    figures(code, '2024-03', { ...kota, ...(code === '31.74' ? { p1: 0.27, p2: 0.05 } : {}) }, source2024),
  ),
];
// Left out on purpose: Jakarta Utara 2022 (7.24 %, 133.73k) comes from a low-quality outlet (§5.2 ⚠️).

/** A poverty-rate target band for a region (domain brief §5.4). */
export interface PovertyTarget {
  regionCode: string;
  name: string;
  year: number;
  p0Min: number;
  p0Max: number;
  source: string;
  confidence: StatConfidence;
}

/** RPJMD 2025–2029: P0 1.82–2.91 % by end-2029 ✅ (the RPJPD 2045 band is left out: its quotes conflict). */
export const povertyTargets: readonly PovertyTarget[] = [
  {
    regionCode: '31',
    name: 'RPJMD 2025–2029',
    year: 2029,
    p0Min: 1.82,
    p0Max: 2.91,
    source:
      'Final draft RPJMD 2025–2029: Kadinsos Iqbal Akbarudin (Wakil Sekretaris TKPK) and Wagub Rano Karno, July 2025 (aktualitas.id, 16 Jul 2025; kabargempar.com)',
    confidence: 'confirmed',
  },
];
