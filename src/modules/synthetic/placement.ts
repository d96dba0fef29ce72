import { Random } from './prng.ts';
import { kotaParameters, priorityPovertyMultiplier, type KotaParameters } from './synthetic.data.ts';

/** A kelurahan as read from the region table, with the priority flag of its kecamatan (domain brief §7). */
export interface SeedKelurahan {
  code: string;
  name: string;
  kecamatanCode: string;
  kotaCode: string;
  isPriority: boolean;
}

/** A kelurahan with the persons to generate there and its target poverty rate (fraction). */
export interface KelurahanPlan extends SeedKelurahan {
  index: number;
  personTarget: number;
  localRate: number;
}

export interface KotaPlan {
  parameters: KotaParameters;
  personTarget: number;
  /** Index of the kota's last kelurahan that gets persons: the kota's rate is settled there. */
  lastKelurahanIndex: number;
}

export interface PopulationPlan {
  kelurahan: KelurahanPlan[];
  kota: Map<string, KotaPlan>;
  totalPersons: number;
  jakartaKecamatan: string[];
}

/** Splits `total` over `weights` in whole numbers that add up exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const whole = exact.map(Math.floor);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - whole.reduce((a, b) => a + b, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    whole[i]!++;
  }
  return whole;
}

/**
 * Poverty multipliers for priority and other kecamatan of one kota: priority ×1.5, the others lowered so that
 * the kota's persons-weighted rate stays the BPS rate (never below 0.2× the kota rate).
 */
function povertyMultipliers(personsPriority: number, personsTotal: number): [number, number] {
  const others = personsTotal - personsPriority;
  if (personsPriority === 0 || others === 0) return [1, 1];
  let priority = priorityPovertyMultiplier;
  let other = (personsTotal - priority * personsPriority) / others;
  if (other < 0.2) {
    other = 0.2;
    priority = (personsTotal - other * others) / personsPriority;
  }
  return [priority, other];
}

/**
 * Places persons in kelurahan: each kota gets its share of Jakarta's population (domain brief §8) times `scale`,
 * spread over its kelurahan with a deterministic variation (lognormal weights from the seed).
 */
export function planPopulation(
  kelurahan: readonly SeedKelurahan[],
  scale: number,
  seed: number,
): PopulationPlan {
  const placement = new Random(seed, 'placement');
  const weights = kelurahan.map(() => Math.exp(placement.normal(0, 0.35)));
  const plans: KelurahanPlan[] = kelurahan.map((k, index) => ({
    ...k,
    index,
    personTarget: 0,
    localRate: 0,
  }));
  const kota = new Map<string, KotaPlan>();
  for (const parameters of kotaParameters) {
    const members = plans.filter((k) => k.kotaCode === parameters.code);
    if (members.length === 0) continue;
    const personTarget = Math.round(parameters.population * scale);
    const targets = apportion(
      personTarget,
      members.map((k) => weights[k.index]!),
    );
    members.forEach((k, i) => (k.personTarget = targets[i]!));
    const priorityPersons = members.filter((k) => k.isPriority).reduce((s, k) => s + k.personTarget, 0);
    const [priority, other] = povertyMultipliers(priorityPersons, personTarget);
    for (const k of members) k.localRate = (parameters.p0 / 100) * (k.isPriority ? priority : other);
    const withPersons = members.filter((k) => k.personTarget > 0);
    const lastKelurahanIndex = withPersons.at(-1)?.index ?? -1;
    kota.set(parameters.code, { parameters, personTarget, lastKelurahanIndex });
  }
  const placed = plans.filter((k) => kota.has(k.kotaCode));
  return {
    kelurahan: placed,
    kota,
    totalPersons: placed.reduce((s, k) => s + k.personTarget, 0),
    jakartaKecamatan: [...new Set(placed.map((k) => k.kecamatanCode))],
  };
}
