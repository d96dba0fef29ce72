import { Faker, base, en, id_ID } from '@faker-js/faker';
import type { Sex } from './households.ts';
import type { Random } from './prng.ts';

/** Batak clan names (marga) in faker's Indonesian list: children carry their father's marga. */
const margas = new Set([
  ...['Damanik', 'Hutagalung', 'Hutapea', 'Hutasoit', 'Mangunsong', 'Manullang', 'Marbun', 'Marpaung'],
  ...['Nababan', 'Nainggolan', 'Napitupulu', 'Samosir', 'Saragih', 'Sihombing', 'Sihotang', 'Simanjuntak'],
  ...['Simbolon', 'Sinaga', 'Sirait', 'Siregar', 'Sitompul', 'Sitorus', 'Situmorang', 'Tamba'],
  ...['Tampubolon', 'Tarihoran'],
]);

/** The marga at the end of a name, if any. */
export function margaOf(name: string): string | undefined {
  const last = name.slice(name.lastIndexOf(' ') + 1);
  return margas.has(last) ? last : undefined;
}

/** Spelling before the 1972 reform (EYD), still on many older people's documents: oe for u, dj for j. */
function oldSpelling(name: string): string {
  if (name.includes('u')) return name.replace('u', 'oe');
  if (name.includes('j')) return name.replace('j', 'dj');
  if (name.startsWith('J')) return `Dj${name.slice(1)}`;
  return name;
}

const names = id_ID.person!;
const lists = {
  firstM: names.first_name!.male!,
  firstF: names.first_name!.female!,
  secondM: names.last_name!.male!,
  secondF: names.last_name!.female!,
};

/**
 * Indonesian names from faker's `id_ID` locale. The generator owns its Faker instance and reseeds it per
 * batch, so names depend only on the seed and the order of calls, never on other users of faker. Names are
 * drawn from the locale's lists with `helpers.arrayElement`: `person.lastName` resolves a template per call,
 * which costs ten times more and adds nothing here.
 */
export class NameMaker {
  private readonly faker = new Faker({ locale: [id_ID, en, base] });

  /** Restarts faker's sequence for one batch of the population. */
  reseed(keys: number[]): void {
    this.faker.seed(keys);
  }

  private first(sex: Sex): string {
    return this.faker.helpers.arrayElement(sex === 'M' ? lists.firstM : lists.firstF);
  }

  private second(sex: Sex): string {
    return this.faker.helpers.arrayElement(sex === 'M' ? lists.secondM : lists.secondF);
  }

  /**
   * A full name: one name alone (common among older Javanese), Muhammad/Ahmad or Siti/Nur before a name,
   * a given name and a second name, or three names; `marga` continues a Batak family name.
   */
  personName(random: Random, sex: Sex, age: number, marga?: string): string {
    let first = this.first(sex);
    if (age >= 55 && random.chance(0.2)) first = oldSpelling(first);
    if (marga) return `${first} ${marga}`;
    const u = random.next();
    if (u < 0.12) return first;
    if (u < 0.22) return `${sex === 'M' ? 'Muhammad' : 'Siti'} ${first}`;
    if (u < 0.26) return `${sex === 'M' ? 'Ahmad' : 'Nur'} ${first}`;
    if (u < 0.85) return `${first} ${this.second(sex)}`;
    let middle = this.first(sex);
    if (middle === first) middle = this.first(sex);
    return `${first} ${middle} ${this.second(sex)}`;
  }
}
