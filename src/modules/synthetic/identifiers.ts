import { nikDateDigits } from './dates.ts';

const undotted = new Map<string, string>();
/** The undotted code (`31.71.01` → `317101`), memoised: a few thousand districts recur millions of times. */
function undot(code: string): string {
  let value = undotted.get(code);
  if (value === undefined) undotted.set(code, (value = code.replaceAll('.', '')));
  return value;
}
const pad4 = (n: number) => String(n).padStart(4, '0');

/**
 * Hands out NIKs (`PPKKCC DDMMYY SSSS`, domain brief §2.1) that are unique across the whole population while
 * keeping only the counters of the current kecamatan and kelurahan in memory (kelurahan are generated in code
 * order, so a kecamatan's kelurahan come one after another):
 * - sequences 0001–3999 go to persons first registered in the kecamatan where they live, counted per kecamatan;
 * - sequences 4000–9999 go to everyone else (other kecamatan, other provinces), split into one block per
 *   kelurahan, so two kelurahan can never hand out the same NIK.
 */
export class NikAllocator {
  private kecamatanCode = '';
  private kecamatanPrefix = '';
  private blockStart = 4000;
  private readonly blockSize: number;
  private readonly ownCounters = new Map<number, number>();
  private readonly awayCounters = new Map<number, number>();

  constructor(kelurahanCount: number) {
    this.blockSize = Math.max(1, Math.floor(6000 / Math.max(1, kelurahanCount)));
  }

  /** Starts a kelurahan (its index among all kelurahan generated, in code order). */
  enterKelurahan(kelurahanIndex: number, kecamatanCode: string): void {
    if (kecamatanCode !== this.kecamatanCode) {
      this.kecamatanCode = kecamatanCode;
      this.kecamatanPrefix = undot(kecamatanCode);
      this.ownCounters.clear();
    }
    this.awayCounters.clear();
    this.blockStart = 4000 + kelurahanIndex * this.blockSize;
  }

  /**
   * The next NIK for a person first registered in `district` (dotted), born on `birthDay`; undefined when that
   * birth date's block is full (the caller moves the birth date by a day and asks again).
   */
  allocate(district: string, birthDay: number, sex: 'M' | 'F'): string | undefined {
    const prefix = undot(district);
    // Numeric keys (day and sex, then the district in front) keep the counter maps cheap.
    const dateKey = birthDay * 2 + (sex === 'F' ? 1 : 0) + 200_000;
    if (prefix === this.kecamatanPrefix) {
      const sequence = (this.ownCounters.get(dateKey) ?? 0) + 1;
      if (sequence > 3999) return undefined;
      this.ownCounters.set(dateKey, sequence);
      return `${prefix}${nikDateDigits(birthDay, sex)}${pad4(sequence)}`;
    }
    const key = Number(prefix) * 1_000_000 + dateKey;
    const used = this.awayCounters.get(key) ?? 0;
    if (used >= this.blockSize || this.blockStart + used > 9999) return undefined;
    this.awayCounters.set(key, used + 1);
    return `${prefix}${nikDateDigits(birthDay, sex)}${pad4(this.blockStart + used)}`;
  }
}

/**
 * Hands out KK numbers: the 6-digit code of the kecamatan that issued the card, the issue date (DDMMYY) and a
 * 4-digit serial per kecamatan and date. The layout after the region code is not confirmed (domain brief §2.2 ❓);
 * nothing in Tepat derives meaning from it.
 */
export class KkAllocator {
  private kecamatanCode = '';
  private prefix = '';
  private readonly counters = new Map<number, number>();

  /** Starts a kecamatan; serials restart because the prefix differs. */
  enterKecamatan(kecamatanCode: string): void {
    if (kecamatanCode === this.kecamatanCode) return;
    this.kecamatanCode = kecamatanCode;
    this.prefix = undot(kecamatanCode);
    this.counters.clear();
  }

  /** The next KK number issued on `issueDay` (or the closest earlier day with a free serial). */
  allocate(issueDay: number): string {
    let day = issueDay;
    while ((this.counters.get(day) ?? 0) >= 9999) day--;
    const serial = (this.counters.get(day) ?? 0) + 1;
    this.counters.set(day, serial);
    return `${this.prefix}${nikDateDigits(day, 'M')}${pad4(serial)}`;
  }
}
