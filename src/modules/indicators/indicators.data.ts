/**
 * Indicator definitions, the official series `official_poverty_stat` does not hold, and the official targets, as
 * data (domain brief §5.1–§5.4). Official indicators read the published series; registry indicators are computed
 * per region and ranking snapshot into `indicator_value`.
 */
import type { StatConfidence } from '../regions/official-stats.data.ts';

export const indicatorKinds = ['official', 'registry'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];
/** Which way is better: `down` (poverty), `up` (coverage, graduations) or `neutral` (the poverty line). */
export const indicatorDirections = ['up', 'down', 'neutral'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];

export interface IndicatorDefinition {
  code: string;
  nameId: string;
  nameEn: string;
  unit: string;
  direction: IndicatorDirection;
  kind: IndicatorKind;
  source: string;
}

const bps = 'BPS Susenas (domain brief §5.1, §5.2)';
const bpsExtreme = 'BPS Susenas, extreme poverty (domain brief §5.3)';
const registry = 'Tepat registry, ranking snapshot';

/** The columns of `official_poverty_stat` that are indicators, by indicator code. */
export const officialStatColumns = {
  p0: 'p0',
  poor_persons: 'poor_persons',
  poverty_line: 'poverty_line',
  p1: 'p1',
  p2: 'p2',
} as const;

/** Pillars whose desil-1 coverage is an indicator (product.md §S4). */
export const coveragePillars = [1, 2, 3, 4] as const;
export const coverageCodePrefix = 'coverage_desil1_pillar';
export const coverageIndicatorCode = (pillar: number) => `${coverageCodePrefix}${pillar}`;

export const indicators: readonly IndicatorDefinition[] = [
  {
    code: 'p0',
    nameId: 'Persentase penduduk miskin (P0)',
    nameEn: 'Poverty headcount rate (P0)',
    unit: 'percent',
    direction: 'down',
    kind: 'official',
    source: bps,
  },
  {
    code: 'poor_persons',
    nameId: 'Jumlah penduduk miskin',
    nameEn: 'Poor persons',
    unit: 'persons',
    direction: 'down',
    kind: 'official',
    source: bps,
  },
  {
    code: 'poverty_line',
    nameId: 'Garis kemiskinan',
    nameEn: 'Poverty line',
    unit: 'Rp/capita/month',
    direction: 'neutral',
    kind: 'official',
    source: bps,
  },
  {
    code: 'p1',
    nameId: 'Indeks kedalaman kemiskinan (P1)',
    nameEn: 'Poverty depth index (P1)',
    unit: 'index',
    direction: 'down',
    kind: 'official',
    source: bps,
  },
  {
    code: 'p2',
    nameId: 'Indeks keparahan kemiskinan (P2)',
    nameEn: 'Poverty severity index (P2)',
    unit: 'index',
    direction: 'down',
    kind: 'official',
    source: bps,
  },
  {
    code: 'extreme_poverty_rate',
    nameId: 'Persentase penduduk miskin ekstrem',
    nameEn: 'Extreme poverty rate',
    unit: 'percent',
    direction: 'down',
    kind: 'official',
    source: bpsExtreme,
  },
  {
    code: 'extreme_poor_persons',
    nameId: 'Jumlah penduduk miskin ekstrem',
    nameEn: 'Extremely poor persons',
    unit: 'persons',
    direction: 'down',
    kind: 'official',
    source: bpsExtreme,
  },
  {
    code: 'extreme_poor_households',
    nameId: 'Rumah tangga miskin ekstrem',
    nameEn: 'Extremely poor households',
    unit: 'households',
    direction: 'down',
    kind: 'registry',
    source: registry,
  },
  {
    code: 'desil_1_4_persons',
    nameId: 'Penduduk desil 1–4',
    nameEn: 'Persons in desil 1–4',
    unit: 'persons',
    direction: 'down',
    kind: 'registry',
    source: registry,
  },
  ...coveragePillars.map((pillar): IndicatorDefinition => ({
    code: coverageIndicatorCode(pillar),
    nameId: `Cakupan rumah tangga desil 1 oleh pilar ${pillar}`,
    nameEn: `Desil 1 households covered by pillar ${pillar}`,
    unit: 'percent',
    direction: 'up',
    kind: 'registry',
    source: `${registry} and the program ledger (coverage_rollup)`,
  })),
  {
    code: 'graduated_households',
    nameId: 'Rumah tangga graduasi',
    nameEn: 'Graduated households',
    unit: 'households',
    direction: 'up',
    kind: 'registry',
    source: `${registry}: desil 1–4 in the previous snapshot and desil 5+ now, or no longer extreme poor`,
  },
  {
    code: 'reentered_households',
    nameId: 'Rumah tangga masuk kembali ke desil 1–4',
    nameEn: 'Households back in desil 1–4',
    unit: 'households',
    direction: 'down',
    kind: 'registry',
    source: `${registry}: desil 5+ in the previous snapshot after an earlier desil 1–4, desil 1–4 now`,
  },
];

export const indicatorByCode = new Map(indicators.map((i) => [i.code, i]));

/** An official figure that official_poverty_stat has no column for. */
export interface OfficialIndicatorFigure {
  indicatorCode: 'extreme_poverty_rate' | 'extreme_poor_persons';
  regionCode: string;
  /** `YYYY-MM` */
  period: string;
  value: number;
  source: string;
  confidence: StatConfidence;
}

const tempoDw = 'BPS DKI via Tempo/DW, Jan 2023';

/** Extreme poverty in Jakarta, domain brief §5.3 (2025 not found, left out). */
export const extremePovertySeries: readonly OfficialIndicatorFigure[] = [
  {
    indicatorCode: 'extreme_poverty_rate',
    regionCode: '31',
    period: '2021-03',
    value: 0.6,
    source: 'BPS DKI (domain brief §5.3)',
    confidence: 'confirmed',
  },
  ...(
    [
      ['31', 0.89, 95_668],
      ['31.72', 1.94, 35_770],
      ['31.73', 0.42, 11_120],
      ['31.71', 0.5, 4_590],
    ] as const
  ).flatMap(([regionCode, rate, persons]): OfficialIndicatorFigure[] => [
    {
      indicatorCode: 'extreme_poverty_rate',
      regionCode,
      period: '2022-03',
      value: rate,
      source: tempoDw,
      confidence: 'confirmed',
    },
    {
      indicatorCode: 'extreme_poor_persons',
      regionCode,
      period: '2022-03',
      value: persons,
      source: tempoDw,
      confidence: 'confirmed',
    },
  ]),
  {
    indicatorCode: 'extreme_poverty_rate',
    regionCode: '31',
    period: '2024-03',
    value: 0.35,
    source: 'Wagub Rano Karno, July 2025 (domain brief §5.3)',
    confidence: 'confirmed',
  },
];

export interface SeedTarget {
  indicatorCode: string;
  regionCode: string;
  year: number;
  valueMin: number;
  valueMax: number;
  baselineYear: number;
  name: string;
  source: string;
}

/**
 * The official targets (domain brief §5.4), seeded once; the secretariat may change them afterwards. Both run from
 * 2024, the year before the RPJMD 2025–2029 starts.
 */
export const officialTargets: readonly SeedTarget[] = [
  {
    indicatorCode: 'p0',
    regionCode: '31',
    year: 2029,
    valueMin: 1.82,
    valueMax: 2.91,
    baselineYear: 2024,
    name: 'RPJMD 2025–2029',
    source: 'Final draft RPJMD 2025–2029 (Kadinsos Iqbal Akbarudin; Wagub Rano Karno, July 2025)',
  },
  {
    indicatorCode: 'extreme_poverty_rate',
    regionCode: '31',
    year: 2029,
    valueMin: 0,
    valueMax: 0,
    baselineYear: 2024,
    name: 'Kemiskinan ekstrem 0 %',
    source:
      'Inpres 4/2022 and RKPD 2024 (0 % by 2024, not met: 0.35 % in March 2024); carried to the end of the RPJMD 2025–2029',
  },
];
