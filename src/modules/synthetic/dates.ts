/** Dates as whole days since 1970-01-01 (UTC): cheap to add and compare while generating. */

const msPerDay = 86_400_000;

/** Day number of an ISO date (`YYYY-MM-DD`). */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / msPerDay);
}

/** Year, month (1–12) and day of month of a day number (H. Hinnant's civil-from-days: no Date objects). */
export function civilOf(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Days 1800-01-01 … 2099-12-31 are formatted once and cached: every person needs two dates. */
const cacheStart = -62_091;
const cacheSize = 109_573;
const isoCache: (string | undefined)[] = new Array<string | undefined>(cacheSize);
const nikCache: (string | undefined)[] = new Array<string | undefined>(2 * cacheSize);

/** ISO date (`YYYY-MM-DD`) of a day number. */
export function isoOf(day: number): string {
  const slot = day - cacheStart;
  const cached = slot >= 0 && slot < cacheSize ? isoCache[slot] : undefined;
  if (cached !== undefined) return cached;
  const [y, m, d] = civilOf(day);
  const iso = `${y}-${two(m)}-${two(d)}`;
  if (slot >= 0 && slot < cacheSize) isoCache[slot] = iso;
  return iso;
}

/** The day `years` (fractional) before `day`. */
export function yearsBefore(day: number, years: number): number {
  return Math.floor(day - years * 365.2425);
}

/** Completed years between two day numbers. */
export function yearsBetween(from: number, to: number): number {
  return Math.floor((to - from) / 365.2425);
}

/** `DDMMYY` of a day, with 40 added to the day for women, as in a NIK (domain brief §2.1). */
export function nikDateDigits(day: number, sex: 'M' | 'F'): string {
  const slot = 2 * (day - cacheStart) + (sex === 'F' ? 1 : 0);
  const cached = slot >= 0 && slot < 2 * cacheSize ? nikCache[slot] : undefined;
  if (cached !== undefined) return cached;
  const iso = isoOf(day);
  const dd = sex === 'F' ? two(Number(iso.slice(8, 10)) + 40) : iso.slice(8, 10);
  const digits = `${dd}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
  if (slot >= 0 && slot < 2 * cacheSize) nikCache[slot] = digits;
  return digits;
}
