import type { enums } from '../registry/registry.schema.ts';
import type { Random } from './prng.ts';
import type { KotaParameters } from './synthetic.data.ts';

type Enum<K extends keyof typeof enums> = (typeof enums)[K][number];

/** The Regsosek housing, utility and asset block of a household (domain brief §3.3). */
export interface Housing {
  tenure: Enum<'tenure'>;
  floorAreaM2: number;
  floorMaterial: Enum<'floorMaterial'>;
  wallMaterial: Enum<'wallMaterial'>;
  roofMaterial: Enum<'roofMaterial'>;
  waterSource: Enum<'waterSource'>;
  lightingSource: Enum<'lightingSource'>;
  electricityVa: number | null;
  cookingFuel: Enum<'cookingFuel'>;
  toiletFacility: Enum<'toiletFacility'>;
  hasRefrigerator: boolean;
  hasAirConditioner: boolean;
  hasMotorcycle: boolean;
  hasCar: boolean;
  hasComputer: boolean;
  hasGold: boolean;
  hasLand: boolean;
  propertyNjop: number | null;
}

export interface HousingContext {
  kota: KotaParameters;
  size: number;
  headAge: number;
  isNewcomer: boolean;
}

/** The first value whose lower bound the score reaches, else the last value. */
function band<T>(score: number, bands: readonly (readonly [number, T])[], last: T): T {
  for (const [bound, value] of bands) if (score > bound) return value;
  return last;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

const floorBands = [
  [-0.1, 'ceramic'],
  [-0.45, 'tile_terrazzo'],
  [-1.0, 'cement'],
  [-1.35, 'wood_quality'],
  [-1.75, 'wood_cheap_bamboo'],
] as const;
const wallBands = [
  [-0.9, 'brick_concrete'],
  [-1.2, 'plaster_bamboo_wire'],
  [-1.6, 'wood'],
  [-2.0, 'bamboo_thatch'],
] as const;
const roofBands = [
  [1.5, 'concrete'],
  [-0.1, 'tile'],
  [-0.7, 'metal_zinc'],
  [-1.8, 'asbestos'],
  [-2.2, 'wood_thatch'],
] as const;
const vaBands = [
  [2.3, 5500],
  [1.7, 3500],
  [1.1, 2200],
  [0.45, 1300],
  [-0.35, 900],
] as const;
const toiletBands = [
  [-0.2, 'own_with_septic'],
  [-0.7, 'own_no_septic'],
  [-1.3, 'shared'],
  [-1.8, 'public'],
] as const;

function drawTenure(random: Random, w: number, context: HousingContext): Housing['tenure'] {
  const u = random.next();
  if (u < 0.04) return 'free';
  if (u < 0.05) return 'official';
  if (u < 0.055) return 'other';
  const own = logistic(-0.2 + 0.9 * w + 0.04 * (context.headAge - 40)) * (context.isNewcomer ? 0.4 : 1);
  if (random.chance(own)) return 'own';
  return random.chance(0.5) ? 'rent' : 'contract';
}

function drawWater(random: Random, w: number, island: boolean): Housing['waterSource'] {
  const s = w + random.normal(0, 0.8);
  const u = random.next();
  if (island && u < 0.25) return 'rain_other';
  if (s > 0.9) return u < 0.6 ? 'bottled' : u < 0.9 ? 'piped' : 'pump_well';
  if (s > -0.3) return u < 0.4 ? 'bottled' : u < 0.75 ? 'piped' : u < 0.95 ? 'pump_well' : 'protected_well';
  if (u < 0.25) return 'bottled';
  return u < 0.6 ? 'piped' : u < 0.8 ? 'pump_well' : u < 0.9 ? 'protected_well' : 'unprotected_well';
}

function drawEnergy(random: Random, w: number) {
  const s = w + random.normal(0, 0.5);
  const u = random.next();
  const lightingSource: Housing['lightingSource'] =
    s > -0.9 || u > 0.44 ? 'pln_metered' : u > 0.04 ? 'pln_unmetered' : u > 0.01 ? 'non_pln' : 'none';
  const electricityVa =
    lightingSource === 'pln_metered' ? band(w + random.normal(0, 0.45), vaBands, 450) : null;
  const c = w + random.normal(0, 0.6);
  const v = random.next();
  const cookingFuel: Housing['cookingFuel'] =
    c > 1.8
      ? band(
          v,
          [
            [0.9, 'electricity'],
            [0.3, 'lpg_large'],
          ] as const,
          'lpg_3kg',
        )
      : c > 0.3
        ? band(v, [[0.85, 'lpg_large']] as const, 'lpg_3kg')
        : c > -1.2
          ? band(
              v,
              [
                [0.99, 'none'],
                [0.98, 'wood_charcoal'],
                [0.95, 'kerosene'],
              ] as const,
              'lpg_3kg',
            )
          : band(
              v,
              [
                [0.96, 'none'],
                [0.9, 'wood_charcoal'],
                [0.8, 'kerosene'],
              ] as const,
              'lpg_3kg',
            );
  return { lightingSource, electricityVa, cookingFuel };
}

/** True with the logistic probability of `a + b·w`. */
function has(random: Random, w: number, a: number, b: number): boolean {
  return random.chance(logistic(a + b * w));
}

function drawAssets(random: Random, w: number, size: number) {
  return {
    hasRefrigerator: has(random, w, 0.9, 1.6),
    hasAirConditioner: has(random, w, -1.8, 1.9),
    hasMotorcycle: has(random, w, 0.5 + 0.15 * Math.min(size, 5), 0.5),
    hasCar: has(random, w, -3.3, 2.0),
    hasComputer: has(random, w, -1.3, 1.7),
    hasGold: has(random, w, -0.9, 1.1),
    hasLand: has(random, w, -2.6, 1.0),
  };
}

/**
 * Draws the housing block from the household's welfare (log of true consumption over the poverty line). Each
 * variable adds its own noise to a household-level noise, so poorer households look poorer on average but a
 * proxy-means test cannot recover consumption exactly.
 */
export function drawHousing(random: Random, welfare: number, context: HousingContext): Housing {
  const w = welfare + random.normal(0, 0.35);
  const perPerson = Math.exp(Math.log(9.5) + 0.6 * w + random.normal(0, 0.35));
  const floorAreaM2 = Math.round(Math.max(6, Math.min(800, perPerson * context.size ** 0.9)));
  const tenure = drawTenure(random, w, context);
  const assets = drawAssets(random, w, context.size);
  const value = context.kota.njopPerM2 * Math.exp(0.35 * w + random.normal(0, 0.3));
  const landValue = assets.hasLand ? random.int(60, 300) * context.kota.njopPerM2 * 0.3 : 0;
  const propertyValue = (tenure === 'own' ? floorAreaM2 * 1.3 * value : 0) + landValue;
  return {
    tenure,
    floorAreaM2,
    floorMaterial: band(w + random.normal(0, 0.6), floorBands, 'earth'),
    wallMaterial: band(w + random.normal(0, 0.6), wallBands, 'other'),
    roofMaterial: band(w + random.normal(0, 0.6), roofBands, 'other'),
    waterSource: drawWater(random, w, context.kota.code === '31.01'),
    ...drawEnergy(random, w),
    toiletFacility: band(w + random.normal(0, 0.6), toiletBands, 'none'),
    ...assets,
    propertyNjop: propertyValue > 0 ? Math.round(propertyValue / 1000) * 1000 : null,
  };
}
