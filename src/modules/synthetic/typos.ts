import { dayOf, isoOf } from './dates.ts';
import type { Random } from './prng.ts';

/** Spelling variants clerks really produce for Indonesian names; each returns undefined when it does not apply. */
const nameRules: readonly ((random: Random, name: string) => string | undefined)[] = [
  // Muhammad has many accepted spellings and abbreviations.
  (random, name) => {
    const match = /\b(Muhammad|Muhamad|Mohammad|Mochammad|Moh\.|Muh\.)/.exec(name);
    if (!match) return undefined;
    const variants = ['Muhammad', 'Muhamad', 'Mohammad', 'Mochammad', 'Moh.', 'Muh.'].filter(
      (v) => v !== match[1],
    );
    return name.replace(match[1]!, random.pick(variants));
  },
  // y / i: Dyah ~ Diah, Supriadi ~ Supriyadi.
  (_random, name) =>
    /[a-z]y/.test(name) ? name.replace(/([a-z])y/, '$1i') : replaceOnce(name, /i([aeou])/, 'iy$1'),
  // Old and new spelling: oe ~ u (Soekarno ~ Sukarno).
  (_random, name) => (name.includes('oe') ? name.replace('oe', 'u') : replaceOnce(name, /u/, 'oe')),
  // Old and new spelling: dj ~ j (Djoko ~ Joko).
  (_random, name) => {
    if (/dj/i.test(name)) return name.replace('dj', 'j').replace('Dj', 'J');
    return /J/.test(name) ? name.replace('J', 'Dj') : replaceOnce(name, /j/, 'dj');
  },
  // A dropped h: Rahmat ~ Ramat, Dhani ~ Dani.
  (random, name) => {
    const positions = [...name.matchAll(/h/g)].map((m) => m.index);
    if (positions.length === 0) return undefined;
    const at = random.pick(positions);
    return name.slice(0, at) + name.slice(at + 1);
  },
  // Two neighbouring letters swapped.
  (random, name) => {
    const positions: number[] = [];
    for (let i = 1; i < name.length - 1; i++) {
      if (/[a-z]/.test(name[i]!) && /[a-z]/.test(name[i + 1]!) && name[i] !== name[i + 1]) positions.push(i);
    }
    if (positions.length === 0) return undefined;
    const at = random.pick(positions);
    return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
  },
];

function replaceOnce(name: string, pattern: RegExp, replacement: string): string | undefined {
  return pattern.test(name) ? name.replace(pattern, replacement) : undefined;
}

/** A misspelt copy of a name: the first rule (from a random start) that changes it. */
export function misspellName(random: Random, name: string): string {
  const start = random.int(0, nameRules.length - 1);
  for (let i = 0; i < nameRules.length; i++) {
    const changed = nameRules[(start + i) % nameRules.length]!(random, name);
    if (changed !== undefined && changed !== name) return changed;
  }
  return `${name}${name.endsWith('h') ? '' : 'h'}`;
}

/** True when DDMMYY (day + 40 for women) is a real calendar date in 19YY or 20YY. */
function isRealNikDate(digits: string): boolean {
  const dd = Number(digits.slice(0, 2));
  const day = dd > 40 ? dd - 40 : dd;
  const month = Number(digits.slice(2, 4));
  if (day < 1 || day > 31 || month < 1 || month > 12 || (dd > 31 && dd < 41)) return false;
  const iso = `19${digits.slice(4, 6)}-${digits.slice(2, 4)}-${String(day).padStart(2, '0')}`;
  return isoOf(dayOf(iso)) === iso;
}

/** Typing positions: mostly the sequence, sometimes the birth date digits. */
const nikTypoPositions = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 13, 14, 15, 14, 15, 15];

/** A NIK with one digit mistyped, still structurally valid (a NIK has no check digit, domain brief §0.3). */
export function mistypeNik(random: Random, nik: string): string {
  for (let attempt = 0; attempt < 30; attempt++) {
    const at = random.pick(nikTypoPositions);
    const digit = String(random.int(0, 9));
    if (digit === nik[at]) continue;
    const typed = nik.slice(0, at) + digit + nik.slice(at + 1);
    if (isRealNikDate(typed.slice(6, 12)) && typed.slice(12) !== '0000') return typed;
  }
  return nik.slice(0, 15) + (nik[15] === '9' ? '8' : String(Number(nik[15]) + 1));
}

/** A birth date with a clerical error: digits of the day swapped, day or month off by one, year off by 1 or 10. */
export function mistypeBirthDate(random: Random, day: number, latestDay: number): number {
  const iso = isoOf(day);
  const [y, m, d] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const swappedDay = Number(`${d % 10}${Math.floor(d / 10)}`);
  const candidates: [number, number, number][] = [
    [y, m, swappedDay],
    [y, m, d + 1],
    [y, m, d - 1],
    [y, m + 1, d],
    [y, m - 1, d],
    [y + 1, m, d],
    [y - 1, m, d],
    [y + 10, m, d],
    [y - 10, m, d],
    [y, d, m],
  ];
  const valid = candidates
    .map(([cy, cm, cd]) => `${cy}-${String(cm).padStart(2, '0')}-${String(cd).padStart(2, '0')}`)
    .filter((c) => /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(c) && isoOf(dayOf(c)) === c)
    .map(dayOf)
    .filter((c) => c !== day && c <= latestDay);
  return valid.length > 0 ? random.pick(valid) : day - 1;
}
