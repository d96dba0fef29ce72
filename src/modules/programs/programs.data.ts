/**
 * The seed catalogue: Jakarta's and the national programs of domain brief §4 and the four pillars of seed 003
 * (product.md §S4). Amounts, budgets and quotas only where the brief gives figures; ❓ in the brief → 'unconfirmed'.
 * Rules are in the eligibility rule language (issue 3 contract). Where the brief says "in DTKS" the rule uses
 * desil 1–4, the operational cut the brief reports for national bansos and KJP Plus/KJMU since 2024 (§3.2);
 * criteria that are not registry fields are noted as comments in the rule.
 */
import type { Confidence, ProgramUnit } from './programs.schema.ts';

type Period = 'month' | 'semester' | 'year' | 'once';

export interface SeedAmount {
  component: string | null;
  validFrom: string;
  amount: number | null;
  period: Period | null;
  confidence: Confidence;
  source: string;
}

export interface SeedBudget {
  year: number;
  regionCode: string;
  budget: number | null;
  quota: number | null;
  source: string;
}

export interface SeedProgram {
  code: string;
  name: string;
  nameEn: string;
  pillar: 1 | 2 | 3 | 4;
  agency: string;
  level: 'province' | 'national';
  unit: ProgramUnit;
  benefitKind: 'cash' | 'in_kind' | 'service';
  benefitPeriod: Period | null;
  purposeGroup: string;
  legalBasis: string | null;
  description: string;
  activeFrom: string | null;
  activeTo: string | null;
  confidence: Confidence;
  source: string;
  amounts: SeedAmount[];
  budgets: SeedBudget[];
  rule: string;
}

const brief4 = 'domain-brief.md §4';
const seed003 = 'seed 003 (Pj Gubernur Heru Budi, 3 Feb 2023: four integrated intervention programs)';
const kjpSource = `${brief4}: Disdik DKI KJP Plus amounts 2022–2025 (poskota 2025, medcom, suara 2022)`;
const jakartaExclusions = 'not has_car and property_njop <= 1_000_000_000 and not has_civil_servant_member';

/** A monthly amount per component, all from one date and source. */
function perComponent(amounts: Record<string, number>, validFrom: string, period: Period, source: string) {
  return Object.entries(amounts).map(([component, amount]) => ({
    component,
    validFrom,
    amount,
    period,
    confidence: 'confirmed' as const,
    source,
  }));
}

/** A benefit with no published cash value (in kind or a service). */
function noCashValue(validFrom: string, confidence: Confidence, source: string): SeedAmount[] {
  return [{ component: null, validFrom, amount: null, period: null, confidence, source }];
}

export const seedPrograms: SeedProgram[] = [
  {
    code: 'VERIVALI_DTSEN',
    name: 'Verifikasi dan validasi data kemiskinan ekstrem (DTSEN)',
    nameEn: 'Verification and validation of extreme-poverty data (DTSEN)',
    pillar: 1,
    agency: 'DINSOS',
    level: 'province',
    unit: 'household',
    benefitKind: 'service',
    benefitPeriod: 'once',
    purposeGroup: 'data_validation',
    legalBasis: 'Inpres 4/2025 (DTSEN)',
    description:
      'Cross-sector field officers (kelurahan, Dinsos, PPAPP, PKK, Dasa Wisma) validate extreme-poor households by name and address.',
    activeFrom: '2023-02-03',
    activeTo: null,
    confidence: 'confirmed',
    source: seed003,
    amounts: noCashValue('2023-02-03', 'confirmed', seed003),
    budgets: [],
    rule: 'extreme_poor or desil = 1',
  },
  {
    code: 'KJP_PLUS',
    name: 'Kartu Jakarta Pintar Plus',
    nameEn: 'Jakarta Smart Card Plus (school assistance)',
    pillar: 2,
    agency: 'DISDIK',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'month',
    purposeGroup: 'education_assistance',
    legalBasis: null,
    description:
      'Students aged 6–21 in Jakarta schools and PKBM from desil 1–4 families. At most Rp100k a month may be withdrawn as cash; private-school students also receive an SPP (fee) component.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      ...perComponent(
        { SD: 250_000, SMP: 300_000, SMA: 420_000, SMK: 450_000, PKBM: 300_000 },
        '2022-01-01',
        'month',
        kjpSource,
      ),
      ...perComponent(
        { SD_SPP_SWASTA: 130_000, SMP_SPP_SWASTA: 170_000, SMA_SPP_SWASTA: 290_000, SMK_SPP_SWASTA: 240_000 },
        '2022-01-01',
        'month',
        kjpSource,
      ),
    ],
    budgets: [
      {
        year: 2025,
        regionCode: '31',
        budget: null,
        quota: 707_622,
        source: `${brief4}: 2025 tranche 1 (SD 341,879; SMP 189,437; SMA 62,295; SMK 111,315; PKBM 2,696)`,
      },
    ],
    rule: `# KJP Plus (Disdik DKI): desil 1–4 since 2024, Jakarta exclusions (domain brief §3.3)
desil <= 4 and age between 6 and 21 and school_enrolment = 'enrolled' and ktp_dki
  and ${jakartaExclusions}`,
  },
  {
    code: 'KJMU',
    name: 'Kartu Jakarta Mahasiswa Unggul',
    nameEn: 'Jakarta Outstanding University Student Card',
    pillar: 2,
    agency: 'DISDIK',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'semester',
    purposeGroup: 'education_assistance',
    legalBasis: 'Pergub 97/2019 as amended by Pergub 101/2021',
    description:
      'University students with KTP/KK DKI from desil 1–4 families, admitted to a PTN or an "Unggul"-accredited PTS, graduated from a Jakarta secondary school at most 3 years earlier.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2021-01-01',
        amount: 9_000_000,
        period: 'semester',
        // Amount confirmed for 2024–2026; the start date is taken from Pergub 101/2021.
        confidence: 'partial',
        source: `${brief4}: Rp9,000,000 per semester (kompas.tv; babeindonesia)`,
      },
    ],
    budgets: [
      { year: 2025, regionCode: '31', budget: null, quota: 16_920, source: `${brief4}: KJMU Tahap II 2025` },
    ],
    rule: `desil <= 4 and ktp_dki and domicile_dki and school_enrolment = 'enrolled' and age between 17 and 25
  # admission route, accreditation and no other scholarship are checked by UPT P4OP, not registry fields
  and ${jakartaExclusions}`,
  },
  {
    code: 'KAJ',
    name: 'Kartu Anak Jakarta',
    nameEn: 'Jakarta Child Card',
    pillar: 2,
    agency: 'DINSOS',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'month',
    purposeGroup: 'child_assistance',
    legalBasis: 'Pergub 96/2019',
    description:
      'Children aged 0–6 of poor families with NIK and domicile in DKI, outside social institutions; chosen by musyawarah kelurahan and verified by Pusdatin Jamsos.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2021-01-01',
        amount: 300_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: kompas 2021`,
      },
    ],
    budgets: [],
    rule: 'age <= 6 and desil <= 4 and ktp_dki and domicile_dki',
  },
  {
    code: 'KLJ',
    name: 'Kartu Lansia Jakarta',
    nameEn: 'Jakarta Elderly Card',
    pillar: 2,
    agency: 'DINSOS',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'month',
    purposeGroup: 'elderly_assistance',
    legalBasis: 'Pergub 193/2017',
    description:
      'Poor residents aged 60 and over with no fixed income, chronically ill or neglected. The 2023 cut to Rp300k doubled the quota; the 2025/26 amount is not confirmed.',
    activeFrom: '2018-01-01',
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2018-01-01',
        amount: 600_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: Rp600k/month until 2022 (kompas 2019, ipol 2022)`,
      },
      {
        component: null,
        validFrom: '2023-01-01',
        amount: 300_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: Rp300k/month from 2023 (voi; jakarta.bpk.go.id; teropongnews 2023)`,
      },
    ],
    budgets: [
      { year: 2021, regionCode: '31', budget: null, quota: 107_573, source: `${brief4}: quota 2021/22` },
    ],
    rule: `age >= 60 and desil <= 4 and ktp_dki and domicile_dki
  # no fixed income, chronically ill or neglected: assessed by Dinsos`,
  },
  {
    code: 'KPDJ',
    name: 'Kartu Penyandang Disabilitas Jakarta',
    nameEn: 'Jakarta Disability Card',
    pillar: 2,
    agency: 'DINSOS',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'month',
    purposeGroup: 'disability_assistance',
    legalBasis: 'Pergub 44/2022 (bansos for social protection, cited for 2022 disbursements)',
    description:
      'Persons with a disability from poor families, KTP/KK DKI and domicile, registered in the Dukcapil disability census.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2022-01-01',
        amount: 300_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: ipol/tirto 2022`,
      },
    ],
    budgets: [],
    rule: 'has_disability and desil <= 4 and ktp_dki and domicile_dki',
  },
  {
    code: 'KPARJ',
    name: 'Kartu Peduli Anak dan Remaja Jakarta',
    nameEn: 'Jakarta Care Card for Children and Youth (COVID-19 orphans)',
    pillar: 2,
    agency: 'DINSOS',
    level: 'province',
    unit: 'person',
    benefitKind: 'cash',
    benefitPeriod: 'month',
    purposeGroup: 'child_assistance',
    legalBasis: null,
    description:
      'Children under 18 and youths 18–22 whose parent or guardian died of COVID-19; 4,540 recipients at launch (Dec 2021). Current status not confirmed.',
    activeFrom: '2021-12-01',
    activeTo: null,
    confidence: 'partial',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2021-12-01',
        amount: 300_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: tentangkita; kompas 2022`,
      },
    ],
    budgets: [],
    rule: `age <= 22 and ktp_dki and domicile_dki
  # the parent's or guardian's COVID-19 death is verified by Sudinsos: not a registry field`,
  },
  {
    code: 'PBI_JK',
    name: 'Penerima Bantuan Iuran Jaminan Kesehatan',
    nameEn: 'Health insurance premium assistance (PBI-JK)',
    pillar: 2,
    agency: 'KEMENSOS',
    level: 'national',
    unit: 'person',
    benefitKind: 'service',
    benefitPeriod: 'month',
    purposeGroup: 'health_insurance',
    legalBasis: null,
    description:
      'JKN premiums paid by the state for poor and vulnerable persons in DTSEN (generally desil 1–4).',
    activeFrom: null,
    activeTo: null,
    confidence: 'partial',
    source: `${brief4}; §3.2 (BPS presentation summary; analisahub); ${seed003} (Jaminan Sosial Kesehatan)`,
    amounts: noCashValue('2025-01-01', 'unconfirmed', 'Premium amount not in the domain brief'),
    budgets: [],
    rule: 'desil <= 4',
  },
  {
    code: 'SUBSIDI_PANGAN',
    name: 'Pangan bersubsidi',
    nameEn: 'Subsidised food',
    pillar: 2,
    agency: 'DKPKP',
    level: 'province',
    unit: 'person',
    benefitKind: 'in_kind',
    benefitPeriod: 'month',
    purposeGroup: 'food_assistance',
    legalBasis: null,
    description:
      'Holders of KJP Plus, KAJ, KLJ, KPDJ and Kartu Pekerja Jakarta, and other listed groups on the Bank DKI whitelist buy one subsidised package a month (2024: rice Rp30k/5 kg, beef Rp35k/kg, chicken Rp8k, UHT milk Rp30k/24, mackerel Rp13k/kg, eggs Rp10k/15).',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: noCashValue('2024-01-01', 'confirmed', `${brief4}: subsidised prices 2024 (kompas 2024)`),
    budgets: [],
    rule: `desil <= 4 and ktp_dki and domicile_dki
  # eligibility is holding a qualifying card on the Bank DKI whitelist`,
  },
  {
    code: 'SUBSIDI_RUSUNAWA',
    name: 'Subsidi rusunawa',
    nameEn: 'Public rental flat (rusunawa) subsidy',
    pillar: 2,
    agency: 'DPRKP',
    level: 'province',
    unit: 'household',
    benefitKind: 'in_kind',
    benefitPeriod: 'month',
    purposeGroup: 'housing_assistance',
    legalBasis: null,
    description:
      'Rent subsidy for poor households in public rental flats. Named in seed 003; agency and rules not sourced.',
    activeFrom: null,
    activeTo: null,
    confidence: 'unconfirmed',
    source: seed003,
    amounts: noCashValue('2023-02-03', 'unconfirmed', seed003),
    budgets: [],
    rule: 'desil <= 4 and domicile_dki',
  },
  {
    code: 'BPNT',
    name: 'Bantuan Pangan Non Tunai / Program Sembako',
    nameEn: 'Non-cash food assistance (Sembako)',
    pillar: 2,
    agency: 'KEMENSOS',
    level: 'national',
    unit: 'household',
    benefitKind: 'in_kind',
    benefitPeriod: 'month',
    purposeGroup: 'food_assistance',
    legalBasis: null,
    description: 'Food assistance for DTSEN households in desil 1–4, typically paid as Rp600k per 3 months.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: [
      {
        component: null,
        validFrom: '2022-01-01',
        amount: 200_000,
        period: 'month',
        confidence: 'confirmed',
        source: `${brief4}: Dinsos DKI head, 2022`,
      },
    ],
    budgets: [],
    rule: 'desil <= 4',
  },
  {
    code: 'PKH',
    name: 'Program Keluarga Harapan',
    nameEn: 'Family Hope Program (conditional cash transfer)',
    pillar: 2,
    agency: 'KEMENSOS',
    level: 'national',
    unit: 'household',
    benefitKind: 'cash',
    benefitPeriod: 'year',
    purposeGroup: 'family_cash_transfer',
    legalBasis: null,
    description:
      'Poor families (generally desil 1–4) with at least one component: pregnant woman, child 0–6, school child 6–21, severe disability, elderly. Paid in 4 tranches; per-family caps changed over time.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: perComponent(
      {
        ibu_hamil: 3_000_000,
        anak_usia_dini: 3_000_000,
        SD: 900_000,
        SMP: 1_500_000,
        SMA: 2_000_000,
        disabilitas_berat: 2_400_000,
        lansia: 2_400_000,
      },
      '2022-01-01',
      'year',
      `${brief4}: tribunnews 2022; poskota 2025`,
    ),
    budgets: [],
    rule: `# PKH (Kemensos): at least one component; pregnancy is not a registry field
desil <= 4 and (
  any_member(age <= 6)
  or any_member(age between 6 and 21 and school_enrolment = 'enrolled')
  or any_member(has_disability)
  or any_member(age >= 70)  # elderly: 70+ in 2021–22 sources, 60+ in one 2025 source (partial)
)`,
  },
  {
    code: 'JAKPRENEUR',
    name: 'Jakpreneur (dahulu OK OCE)',
    nameEn: 'Jakpreneur entrepreneurship development (formerly OK OCE)',
    pillar: 3,
    agency: 'PPKUKM',
    level: 'province',
    unit: 'person',
    benefitKind: 'service',
    benefitPeriod: 'once',
    purposeGroup: 'entrepreneurship',
    legalBasis: 'Pergub 2/2020 (replaced Pergub 102/2018)',
    description:
      'Open registration; non-cash "7P" services (registration, training, mentoring, licensing, marketing, financial reporting, capital access), targeting poor families and persons with disabilities among others. OK OCE is its former name.',
    activeFrom: '2020-01-01',
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: noCashValue('2020-01-01', 'confirmed', `${brief4}: 7P services, Pergub 2/2020`),
    budgets: [],
    rule: `age >= 17 and domicile_dki and (desil <= 4 or has_disability)
  # open registration: this rule selects the priority groups, not the only participants`,
  },
  {
    code: 'PELATIHAN_KERJA',
    name: 'Pelatihan kerja berbasis kompetensi',
    nameEn: 'Competency-based job training',
    pillar: 3,
    agency: 'DISNAKERTRANSGI',
    level: 'province',
    unit: 'person',
    benefitKind: 'service',
    benefitPeriod: 'once',
    purposeGroup: 'job_training',
    legalBasis: null,
    description:
      'Skills training; agencies running training must take participants from the extreme-poverty data of their own area (seed 004, Wawali Jakarta Pusat, 14 Sep).',
    activeFrom: null,
    activeTo: null,
    confidence: 'partial',
    source: `${seed003}; seed 004`,
    amounts: noCashValue('2023-02-03', 'unconfirmed', seed003),
    budgets: [],
    rule: `age between 18 and 59 and domicile_dki and (extreme_poor or desil = 1)
  # "their own area" is the region of the targeting view, not part of the rule`,
  },
  {
    code: 'PENATAAN_PERMUKIMAN',
    name: 'Penataan kualitas permukiman',
    nameEn: 'Settlement quality upgrading',
    pillar: 4,
    agency: 'DPRKP',
    level: 'province',
    unit: 'household',
    benefitKind: 'in_kind',
    benefitPeriod: 'once',
    purposeGroup: 'housing_quality',
    legalBasis: null,
    description:
      'Area-based upgrading of settlements named in seed 003; the agency and household criteria are not sourced (floor area < 8 m² per person is BPS poor-household criterion 1, domain brief §3.3).',
    activeFrom: null,
    activeTo: null,
    confidence: 'unconfirmed',
    source: seed003,
    amounts: noCashValue('2023-02-03', 'unconfirmed', seed003),
    budgets: [],
    rule: 'desil <= 4 and floor_area_per_person < 8',
  },
  {
    code: 'KB_PUS',
    name: 'Keluarga Berencana bagi pasangan usia subur',
    nameEn: 'Family planning for couples of reproductive age',
    pillar: 4,
    agency: 'PPAPP',
    level: 'province',
    unit: 'household',
    benefitKind: 'service',
    benefitPeriod: 'once',
    purposeGroup: 'family_planning',
    legalBasis: null,
    description: 'Family-planning services for couples of reproductive age in poor households (seed 003).',
    activeFrom: null,
    activeTo: null,
    confidence: 'unconfirmed',
    source: seed003,
    amounts: noCashValue('2023-02-03', 'unconfirmed', seed003),
    budgets: [],
    rule: `desil <= 4 and any_member(sex = 'F' and age between 15 and 49 and marital_status = 'married')`,
  },
  {
    code: 'PMT',
    name: 'Pemberian Makanan Tambahan',
    nameEn: 'Supplementary feeding',
    pillar: 4,
    agency: 'DINKES',
    level: 'province',
    unit: 'person',
    benefitKind: 'in_kind',
    benefitPeriod: null,
    purposeGroup: 'nutrition',
    legalBasis: 'Juknis PMT Berbahan Pangan Lokal 2023 (Perdirjen Kesmas HK.02.02/B/1622/2023)',
    description:
      'Local-food supplementary feeding through Puskesmas and Posyandu ("Jakarta Beraksi", twice a week) for toddlers 6–59 months with weight faltering, underweight or wasting, and pregnant women with chronic energy deficiency (KEK). Durations are not confirmed.',
    activeFrom: null,
    activeTo: null,
    confidence: 'confirmed',
    source: brief4,
    amounts: noCashValue(
      '2023-01-01',
      'unconfirmed',
      `${brief4}: in kind; Jakarta per-child budget not confirmed`,
    ),
    budgets: [],
    rule: `age_months between 6 and 59
  # nutritional status (weight faltering, underweight, wasting) is measured at the Posyandu: not a registry field`,
  },
];
