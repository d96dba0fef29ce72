import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n';

/** A NIK or KK number for lists: only the last 4 digits stay readable (personal data shown on purpose only). */
export function maskIdentityNumber(value: string): string {
  return value.length <= 4 ? value : `${'•'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** Age in whole years on a given day (default today) from an ISO birth date. */
export function ageOn(birthDate: string, on: Date = new Date()): number {
  const birth = new Date(`${birthDate.slice(0, 10)}T00:00:00`);
  let age = on.getFullYear() - birth.getFullYear();
  const beforeBirthday =
    on.getMonth() < birth.getMonth() ||
    (on.getMonth() === birth.getMonth() && on.getDate() < birth.getDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Share as a fraction 0..1 of a part in a whole; 0 when the whole is empty. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Formatters bound to the current interface language (Indonesian uses a decimal comma). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return {
    locale,
    number: (value: number, digits = 0) =>
      value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    percent: (fraction: number, digits = 1) =>
      `${(fraction * 100).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`,
    date: (iso: string) =>
      new Date(iso.length === 10 ? `${iso}T00:00:00` : iso).toLocaleDateString(locale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }),
    dateTime: (iso: string) =>
      new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    /** A Susenas period `YYYY-MM` (or a date) as "Mar 2017". */
    period: (period: string) =>
      new Date(`${period.slice(0, 7)}-01T00:00:00`).toLocaleDateString(locale, {
        month: 'short',
        year: 'numeric',
      }),
  };
}

/**
 * A region name short enough for a chart axis: Jakarta's kota and kabupaten carry the "Administrasi" form
 * ("Kota Administrasi Jakarta Timur"), whose distinguishing part is the end.
 */
export function shortRegionName(name: string): string {
  return name.replace(/^(Kota|Kabupaten) Administrasi /, '');
}
