import type { enums } from '../registry/registry.schema.ts';
import type { MemberDraft } from './households.ts';
import { type Random, weightedTable, type WeightedTable } from './prng.ts';

type Enum<K extends keyof typeof enums> = (typeof enums)[K][number];
type Education = Enum<'education'>;
type Occupation = Enum<'occupation'>;
type Enrolment = Enum<'schoolEnrolment'>;

/** The individual block of a person (domain brief §3.3), drawn from age, sex and household welfare. */
export interface PersonAttributes {
  education: Education;
  occupation: Occupation;
  schoolEnrolment: Enrolment;
  disability: Enum<'disability'>;
  chronicIllness: boolean;
}

/** Whose household is it: welfare is log(true consumption / poverty line). */
export interface HouseholdWelfare {
  welfare: number;
  poor: boolean;
  island: boolean;
}

const adultEducationBands: readonly [number, Education][] = [
  [2.6, 'postgraduate'],
  [1.25, 'bachelor'],
  [0.9, 'diploma'],
  [-0.6, 'sma'],
  [-1.3, 'smp'],
  [-2.1, 'sd'],
  [-2.6, 'sd_incomplete'],
];

/** Highest completed level of an adult (22+): older cohorts and poorer households studied less. */
function drawAdultEducation(random: Random, age: number, welfare: number): Education {
  const cohort = age < 35 ? 0 : age < 50 ? -0.3 : age < 65 ? -0.8 : -1.4;
  const score = cohort + 0.9 * welfare + random.normal(0, 0.9);
  for (const [bound, level] of adultEducationBands) {
    if (score > bound) return level === 'sma' && random.chance(0.4) ? 'smk' : level;
  }
  return 'none';
}

/** School enrolment and completed level for ages 0–21 (KJP Plus covers ages 6–21, domain brief §4). */
function drawSchooling(random: Random, age: number, h: HouseholdWelfare): [Enrolment, Education] {
  if (age <= 5) return ['not_yet', 'none'];
  if (age === 6) return random.chance(0.85) ? ['enrolled', 'sd_incomplete'] : ['not_yet', 'none'];
  const upper = (): Education => (random.chance(0.4) ? 'smk' : 'sma');
  if (age <= 12) {
    if (random.chance(h.poor ? 0.95 : 0.985)) return ['enrolled', 'sd_incomplete'];
    return random.chance(0.5) ? ['not_enrolled', 'none'] : ['dropped_out', 'sd_incomplete'];
  }
  if (age <= 15) {
    if (random.chance(h.poor ? 0.86 : 0.95)) return ['enrolled', 'sd'];
    return ['dropped_out', random.chance(0.3) ? 'sd_incomplete' : 'sd'];
  }
  if (age <= 18) {
    if (random.chance(h.poor ? 0.68 : 0.85)) return ['enrolled', 'smp'];
    return ['dropped_out', random.chance(0.4) ? 'sd' : 'smp'];
  }
  const studying = 1 / (1 + Math.exp(-(-1.2 + 1.1 * h.welfare)));
  if (random.chance(h.poor ? 0.08 : studying)) return ['enrolled', upper()];
  if (random.chance(h.poor ? 0.6 : 0.85)) return ['completed', upper()];
  return ['dropped_out', random.chance(0.5) ? 'smp' : 'sd'];
}

const jobsBy: Record<'poor' | 'low' | 'mid' | 'high', WeightedTable<Occupation>> = {
  poor: weightedTable<Occupation>({
    ...{ labourer: 30, informal_trader: 30, driver: 18, private_employee: 15, entrepreneur: 4 },
    ...{ farmer_fisher: 2, civil_servant: 0.3, military_police: 0.1, bumn_employee: 0.2 },
  }),
  low: weightedTable<Occupation>({
    ...{ labourer: 25, informal_trader: 28, driver: 18, private_employee: 22, entrepreneur: 6 },
    ...{ farmer_fisher: 1, civil_servant: 0.5, military_police: 0.3, bumn_employee: 0.5 },
  }),
  mid: weightedTable<Occupation>({
    ...{ private_employee: 45, informal_trader: 14, driver: 10, labourer: 9, entrepreneur: 10 },
    ...{ civil_servant: 5, military_police: 2.5, bumn_employee: 3.5, farmer_fisher: 0.5 },
  }),
  high: weightedTable<Occupation>({
    ...{ private_employee: 52, entrepreneur: 14, civil_servant: 16, bumn_employee: 9, military_police: 2 },
    ...{ informal_trader: 4, driver: 1.5, labourer: 1, farmer_fisher: 0.5 },
  }),
};

const educationRank: Record<Education, number> = {
  ...{ none: 0, sd_incomplete: 1, sd: 2, smp: 3, sma: 4, smk: 4 },
  ...{ diploma: 5, bachelor: 6, postgraduate: 7 },
};

/** Activities at 65+, by (pension likely, woman, island): tables built once. */
const elderJobs = new Map<string, WeightedTable<Occupation>>();
for (const pension of [false, true]) {
  for (const woman of [false, true]) {
    for (const island of [false, true]) {
      const table = weightedTable<Occupation>({
        ...{ retired: pension ? 45 : 12, not_working: 45, housekeeping: woman ? 20 : 2 },
        ...{ informal_trader: 10, labourer: 4, farmer_fisher: island ? 8 : 0.5 },
      });
      elderJobs.set(`${pension}${woman}${island}`, table);
    }
  }
}

function drawElderOccupation(random: Random, m: MemberDraft, education: Education, h: HouseholdWelfare) {
  const pension = !h.poor && educationRank[education] >= 4;
  return elderJobs.get(`${pension}${m.sex === 'F'}${h.island}`)!.draw(random);
}

/** Main activity of a person by age, sex, schooling, education and household welfare. */
function drawOccupation(
  random: Random,
  m: MemberDraft,
  education: Education,
  enrolment: Enrolment,
  h: HouseholdWelfare,
): Occupation {
  if (enrolment === 'enrolled') return 'student';
  if (m.age < 15) return 'not_working';
  if (m.age >= 65) return drawElderOccupation(random, m, education, h);
  const homemaker = m.sex === 'M' ? 0.01 : m.marital === 'married' ? 0.45 : 0.12;
  if (random.chance(homemaker)) return 'housekeeping';
  if (random.chance(0.05 + (h.poor ? 0.07 : 0) + (m.age < 25 ? 0.08 : 0))) return 'not_working';
  if (h.island && random.chance(0.35)) return 'farmer_fisher';
  const rank = educationRank[education];
  const tier = h.poor ? 'poor' : rank <= 3 ? 'low' : rank === 4 ? 'mid' : 'high';
  return jobsBy[tier].draw(random);
}

const disabilityTypes = weightedTable({
  ...{ physical: 40, visual: 15, hearing: 12 },
  ...{ intellectual: 10, mental: 13, multiple: 10 },
});

/** Draws a person's individual block; about 2 % have a disability, chronic illness rises with age. */
export function drawPersonAttributes(random: Random, m: MemberDraft, h: HouseholdWelfare): PersonAttributes {
  let [schoolEnrolment, education]: [Enrolment, Education] =
    m.age <= 21 ? drawSchooling(random, m.age, h) : ['completed', 'none'];
  if (m.age > 21) {
    education = drawAdultEducation(random, m.age, h.welfare);
    schoolEnrolment =
      education === 'none' ? 'not_enrolled' : education === 'sd_incomplete' ? 'dropped_out' : 'completed';
  }
  const disabled = random.chance((0.008 + 0.00045 * m.age) * (h.poor ? 1.4 : 1));
  const chronic = m.age < 15 ? 0.01 : m.age < 40 ? 0.04 : m.age < 60 ? 0.14 : 0.33;
  return {
    education,
    occupation: drawOccupation(random, m, education, schoolEnrolment, h),
    schoolEnrolment,
    disability: disabled ? disabilityTypes.draw(random) : 'none',
    chronicIllness: random.chance(chronic),
  };
}
