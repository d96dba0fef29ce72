import { readAreaRows } from '../regions/idn-area.ts';
import type { MemberDraft, Relationship } from './households.ts';
import { type Random, WeightedTable } from './prng.ts';
import { kotaParameters, migrantProvinceWeights } from './synthetic.data.ts';

/**
 * Where a household's members were first registered, which decides their NIK prefix (the kecamatan of first
 * registration, which never changes on moving, domain brief §2.1) and their KTP address (§2.2, §0.2).
 * - native: Jakarta-born; NIK mostly from the household's own kecamatan, some from another Jakarta kecamatan;
 * - migrant: came from another province and moved their KK to Jakarta (KTP DKI, NIK from the home district);
 * - newcomer: lives in Jakarta with a KTP still from the home district.
 */
export type HouseholdOrigin = 'native' | 'migrant' | 'newcomer';

/** A district (kecamatan) outside Jakarta: dotted Kemendagri code and the place name used as birth place. */
export interface District {
  code: string;
  place: string;
}

/** Member identity facts derived from origin: dotted district of the NIK prefix, KTP region, birth place. */
export interface MemberIdentity {
  nikDistrict: string;
  ktpRegionCode: string;
  birthPlace: string;
}

const placeName = (regency: string) => regency.replace(/^(Kabupaten|Kota)( Administrasi)? /, '');

/** The districts of the provinces newcomers come from, read once from `idn-area-data`. */
export class DistrictPool {
  private readonly provinces: WeightedTable<District[]>;

  private constructor(byProvince: [District[], number][]) {
    this.provinces = new WeightedTable(byProvince);
  }

  /** Reads the districts of every province in `migrantProvinceWeights`. */
  static load(): DistrictPool {
    const byProvince = Object.entries(migrantProvinceWeights).map(([province, weight]) => {
      const regencies = new Map(readAreaRows('regencies', province).map((r) => [r.code, placeName(r.name)]));
      const districts = readAreaRows('districts', province).map((d) => ({
        code: d.code,
        place: regencies.get(d.parentCode ?? '') ?? province,
      }));
      return [districts, weight] as [District[], number];
    });
    return new DistrictPool(byProvince.filter(([districts]) => districts.length > 0));
  }

  /** A district of a province drawn by migration weight. */
  draw(random: Random): District {
    return random.pick(this.provinces.draw(random));
  }
}

const originTable = new WeightedTable<HouseholdOrigin>([
  ['native', 70],
  ['migrant', 21],
  ['newcomer', 9],
]);
const islandOriginTable = new WeightedTable<HouseholdOrigin>([
  ['native', 93],
  ['migrant', 5],
  ['newcomer', 2],
]);

/** Draws a household's origin; the islands of Kepulauan Seribu have few newcomers ❓. */
export function drawOrigin(random: Random, kotaCode: string): HouseholdOrigin {
  return (kotaCode === '31.01' ? islandOriginTable : originTable).draw(random);
}

/** Chances (own kecamatan, other Jakarta kecamatan; the rest: another province) for natives, by relationship. */
const nativeChances: Record<Relationship, [number, number]> = {
  head: [0.8, 0.2],
  spouse: [0.55, 0.33],
  child: [0.92, 0.08],
  grandchild: [0.95, 0.05],
  child_in_law: [0.4, 0.4],
  parent: [0.5, 0.35],
  parent_in_law: [0.5, 0.35],
  other_relative: [0.2, 0.2],
  other: [0.2, 0.2],
};

const kotaNames = new Map(kotaParameters.map((k) => [k.code, k.name]));

/** Where the household lives, and the Jakarta kecamatan a native may have been registered in instead. */
export interface HomePlace {
  kelurahanCode: string;
  kecamatanCode: string;
  jakartaKecamatan: readonly string[];
}

function jakartaIdentity(code: string, home: HomePlace): MemberIdentity {
  return {
    nikDistrict: code,
    ktpRegionCode: home.kelurahanCode,
    birthPlace: kotaNames.get(code.slice(0, 5)) ?? 'Jakarta',
  };
}

function awayIdentity(district: District, home: HomePlace, ktpAway: boolean): MemberIdentity {
  return {
    nikDistrict: district.code,
    ktpRegionCode: ktpAway ? district.code : home.kelurahanCode,
    birthPlace: district.place,
  };
}

/** Assigns each member their NIK district, KTP region and birth place, consistent with the household's origin. */
export function assignIdentities(
  random: Random,
  members: readonly MemberDraft[],
  origin: HouseholdOrigin,
  home: HomePlace,
  pool: DistrictPool,
): MemberIdentity[] {
  const homeDistrict = pool.draw(random);
  const yearsInJakarta = random.int(1, Math.max(1, members[0]!.age - 17));
  const identities: MemberIdentity[] = [];
  for (const m of members) {
    if (origin === 'native') {
      const [own, elsewhere] = nativeChances[m.relationship];
      const u = random.next();
      if (u < own) identities.push(jakartaIdentity(home.kecamatanCode, home));
      else if (u < own + elsewhere)
        identities.push(jakartaIdentity(random.pick(home.jakartaKecamatan), home));
      else identities.push(awayIdentity(pool.draw(random), home, false));
      continue;
    }
    const bornHere =
      m.age < yearsInJakarta && (m.relationship === 'child' || m.relationship === 'grandchild');
    if (origin === 'migrant' && bornHere) {
      identities.push(jakartaIdentity(home.kecamatanCode, home));
      continue;
    }
    const sameDistrict = m.relationship === 'head' || bornHere || random.chance(0.6);
    identities.push(
      awayIdentity(sameDistrict ? homeDistrict : pool.draw(random), home, origin === 'newcomer'),
    );
  }
  return identities;
}
