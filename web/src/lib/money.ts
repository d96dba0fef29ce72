import type { ProgramAmount } from '../api/programs';

/** Rupiah without decimals, in the interface language's digit grouping (Rp1.234.567 in Indonesian). */
export function formatRupiah(value: number, locale: string): string {
  return value.toLocaleString(locale, { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
}

/** The current amount of a program in one line: the whole-program amount, or the range of its components. */
export function amountSummary(
  amounts: readonly ProgramAmount[],
  locale: string,
  perPeriod: (period: string) => string,
): string | null {
  const paid = amounts.filter((a) => a.amount !== null);
  if (paid.length === 0) return null;
  const period = paid[0]!.period ? perPeriod(paid[0]!.period) : '';
  const whole = paid.find((a) => a.component === null);
  if (whole) return `${formatRupiah(whole.amount!, locale)}${period}`;
  const values = paid.map((a) => a.amount!);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const range =
    low === high ? formatRupiah(low, locale) : `${formatRupiah(low, locale)}–${formatRupiah(high, locale)}`;
  return `${range}${period}`;
}
