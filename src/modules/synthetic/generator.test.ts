import { describe, expect, it } from 'vitest';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { checkNikAgainstPerson, parseNik } from '../registry/nik.ts';
import { dayOf, isoOf, nikDateDigits } from './dates.ts';
import { draftComposition } from './households.ts';
import { KkAllocator, NikAllocator } from './identifiers.ts';
import { apportion } from './placement.ts';
import { KotaPovertyController } from './poverty.ts';
import { Random, weightedTable } from './prng.ts';
import { misspellName, mistypeBirthDate, mistypeNik } from './typos.ts';

describe('Random', () => {
  it('gives the same sequence for the same keys and another for other keys', () => {
    const draw = (...keys: (number | string)[]) => {
      const random = new Random(...keys);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('draws uniform numbers, integers in range and weighted choices in proportion', () => {
    const random = new Random(7);
    const table = weightedTable({ a: 1, b: 3 });
    let sum = 0;
    let b = 0;
    for (let i = 0; i < 20_000; i++) {
      sum += random.next();
      const n = random.int(2, 4);
      expect(n >= 2 && n <= 4).toBe(true);
      if (table.draw(random) === 'b') b++;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(b / 20_000).toBeCloseTo(0.75, 1);
  });
});

describe('dates', () => {
  it('round-trips days and writes NIK dates with +40 for women (domain brief §2.1)', () => {
    expect(isoOf(dayOf('1976-04-20'))).toBe('1976-04-20');
    expect(isoOf(dayOf('2024-02-29'))).toBe('2024-02-29');
    expect(nikDateDigits(dayOf('1976-04-20'), 'F')).toBe('600476');
    expect(nikDateDigits(dayOf('2004-01-09'), 'M')).toBe('090104');
  });
});

describe('household compositions', () => {
  it('average about 3.06 persons per KK with exactly one head and parents older than children', () => {
    const random = new Random(3);
    let persons = 0;
    for (let i = 0; i < 20_000; i++) {
      const { members } = draftComposition(random);
      persons += members.length;
      expect(members.filter((m) => m.relationship === 'head')).toHaveLength(1);
      const head = members[0]!;
      for (const child of members.filter((m) => m.relationship === 'child')) {
        expect(child.age).toBeLessThan(head.age - 12);
      }
    }
    expect(persons / 20_000).toBeGreaterThan(2.95);
    expect(persons / 20_000).toBeLessThan(3.2);
  });
});

describe('identifiers', () => {
  it('hands out unique, valid NIKs across kelurahan and KK numbers with the kecamatan prefix', () => {
    const prefixes = loadRegionPrefixes();
    const nik = new NikAllocator(4);
    const kk = new KkAllocator();
    const seen = new Set<string>();
    const birth = dayOf('1990-05-17');
    for (const [index, kecamatan] of ['31.71.01', '31.71.01', '31.71.02', '31.71.02'].entries()) {
      nik.enterKelurahan(index, kecamatan);
      kk.enterKecamatan(kecamatan);
      for (const district of ['31.71.01', '31.71.02', '32.01.01']) {
        for (const sex of ['M', 'F'] as const) {
          for (let i = 0; i < 3; i++) {
            const value = nik.allocate(district, birth, sex)!;
            expect(seen.has(value)).toBe(false);
            seen.add(value);
            const parsed = parseNik(value, prefixes, { today: new Date('2025-07-01') });
            expect(parsed.ok).toBe(true);
            if (!parsed.ok) continue;
            expect(checkNikAgainstPerson(parsed, { sex, birthDate: '1990-05-17' }).issues).toEqual([]);
            expect(parsed.districtCode).toBe(district.replaceAll('.', ''));
          }
        }
      }
      expect(kk.allocate(birth)).toMatch(new RegExp(`^${kecamatan.replaceAll('.', '')}\\d{10}$`));
    }
  });

  it('refuses a NIK when the sequence block of a birth date is full', () => {
    const nik = new NikAllocator(6000);
    nik.enterKelurahan(0, '31.71.01');
    expect(nik.allocate('32.01.01', 1000, 'M')).toBeDefined();
    expect(nik.allocate('32.01.01', 1000, 'M')).toBeUndefined();
  });
});

describe('typos', () => {
  const random = new Random(11);

  it('misspells names the way Indonesian records differ', () => {
    const muhammad = Array.from({ length: 60 }, () => misspellName(random, 'Muhammad Rizki'));
    expect(muhammad).not.toContain('Muhammad Rizki');
    expect(muhammad.some((n) => /^(Muhamad|Mohammad|Mochammad|Moh\.|Muh\.) Rizki$/.test(n))).toBe(true);
    for (const name of ['Dyah Lestari', 'Djoko Susilo', 'Rahmat', 'Siti Nurhaliza', 'Ani']) {
      const typed = misspellName(random, name);
      expect(typed).not.toBe(name);
      expect(Math.abs(typed.length - name.length)).toBeLessThanOrEqual(2);
    }
  });

  it('mistypes one NIK digit and keeps the NIK structurally valid', () => {
    const prefixes = loadRegionPrefixes();
    for (let i = 0; i < 200; i++) {
      const typed = mistypeNik(random, '3171015705900001');
      const differing = [...typed].filter((c, j) => c !== '3171015705900001'[j]);
      expect(differing).toHaveLength(1);
      expect(parseNik(typed, prefixes).ok).toBe(true);
    }
  });

  it('changes a birth date to another real date not after the reference day', () => {
    const day = dayOf('1990-12-31');
    for (let i = 0; i < 50; i++) {
      const typed = mistypeBirthDate(random, day, dayOf('2025-07-01'));
      expect(typed).not.toBe(day);
      expect(isoOf(typed)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('placement and calibration', () => {
  it('apportions whole numbers that add up exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(304, [0.9, 1.3, 1.1, 0.7, 1, 1.2]).reduce((a, b) => a + b)).toBe(304);
  });

  it('keeps the poor share of a 300-person kota within 0.5 points of the target', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = new Random(seed);
      const controller = new KotaPovertyController(0.1303);
      const households: { size: number; poor: boolean }[] = [];
      let persons = 0;
      while (persons < 304) {
        const size = random.int(1, 7);
        households.push({ size, poor: controller.decidePoor(random, size, size, 0.1303) });
        persons += size;
      }
      controller.settle(households.slice(-15));
      const { poorPersons, persons: total } = controller.tally;
      expect(Math.abs((100 * poorPersons) / total - 13.03)).toBeLessThanOrEqual(0.5);
      expect(households.filter((h) => h.poor).reduce((s, h) => s + h.size, 0)).toBe(poorPersons);
    }
  });
});
