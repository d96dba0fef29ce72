import { describe, expect, it } from 'vitest';
import { nameKey, normalizeName } from './dedup.normalize.ts';

describe('Indonesian name normalisation', () => {
  it('lowers case, drops diacritics, punctuation and extra spaces', () => {
    expect(normalizeName('  JOSÉ   Árbenz ')).toBe('yose arbenz');
    expect(normalizeName("Ma'ruf  Amin")).toBe('maruf amin');
  });

  it('drops titles, honorifics and degrees', () => {
    expect(normalizeName('H. Ahmad Fauzi')).toBe(normalizeName('Ahmad Fauzi'));
    expect(normalizeName('Hj. Siti Aminah')).toBe('siti aminah');
    expect(normalizeName('Dr. Ir. Budi Santoso, S.Pd., M.Pd.')).toBe('budi santoso');
    expect(normalizeName('Drs. Prof. Bambang S.E.')).toBe('bambang');
    expect(normalizeName('Bpk. Slamet')).toBe('slamet');
    expect(normalizeName('Ibu Sri Wahyuni')).toBe(normalizeName('Sri Wahyuni'));
    expect(normalizeName('Sdr. Agus')).toBe('agus');
  });

  it('maps abbreviations of common name parts to one form', () => {
    const muhammad = [
      'Muhammad Rizki',
      'Muhamad Rizki',
      'Mochammad Rizki',
      'Moh. Rizki',
      'Muh. Rizki',
      'Mhd Rizki',
    ];
    expect(new Set(muhammad.map(normalizeName)).size).toBe(1);
    expect(normalizeName('Abd Rahman')).toBe(normalizeName('Abdul Rahman'));
    expect(normalizeName('Noor Hasanah')).toBe(normalizeName('Nur Hasanah'));
    expect(normalizeName('Sitti Aisyah')).toBe(normalizeName('Siti Aisyah'));
  });

  it('joins old and variant spellings', () => {
    const pairs: [string, string][] = [
      ['Soekarno', 'Sukarno'],
      ['Djoko', 'Joko'],
      ['Tjahjono', 'Cahyono'],
      ['Sjahrir', 'Syahrir'],
      ['Achmad', 'Akhmad'],
      ['Akhmad', 'Ahmad'],
      ['Dyah', 'Diah'],
      ['Supriyadi', 'Supriadi'],
      ['Joyo', 'Yoyo'],
      ['Hassan', 'Hasan'],
      ['Dhani', 'Dani'],
    ];
    for (const [a, b] of pairs) expect(normalizeName(a), `${a} ~ ${b}`).toBe(normalizeName(b));
  });

  it('keeps different names apart', () => {
    expect(normalizeName('Budi Santoso')).not.toBe(normalizeName('Budi Susanto'));
    expect(normalizeName('Siti Aminah')).not.toBe(normalizeName('Siti Aisyah'));
    expect(nameKey('Agus Salim')).toBe('agussalim');
  });
});
