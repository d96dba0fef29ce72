/**
 * CSV writing for downloads (RFC 4180, comma-separated, CRLF). A cell is quoted when needed, and a text starting
 * with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a spreadsheet does not run it as a formula (CSV
 * injection): the files are opened in Excel by officials.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line with its CRLF. */
export const csvLine = (cells: readonly (string | number | null | undefined)[]) =>
  `${cells.map(csvCell).join(',')}\r\n`;
