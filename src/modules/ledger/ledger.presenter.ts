import type { z } from '@hono/zod-openapi';
import type { UploadReportSchema } from './ledger.contracts.ts';
import type { UploadRow } from './ledger.repository.ts';
import { csvCell } from '../../http/csv.ts';

/** What the API says about an upload. */
export type UploadReport = z.infer<typeof UploadReportSchema>;

/** Line 0 marks a capped list: its value is how many entries were left out. */
const isTruncationMarker = (entry: { line: number }) => entry.line === 0;

/** The count of a capped list: the entries kept plus those the marker says were left out. */
function fullCount(entries: readonly { line: number; value: string }[]): number {
  const marker = entries.find(isTruncationMarker);
  return entries.length - (marker ? 1 : 0) + (marker ? Number(marker.value) : 0);
}

/** Presents a stored upload; the totals default to what the stored (possibly capped) lists say. */
export function presentUpload(row: UploadRow): UploadReport {
  return {
    uploadId: row.id,
    programCode: row.programCode,
    provider: row.provider,
    providerKind: row.providerKind,
    fileName: row.fileName,
    format: row.format,
    mode: row.mode,
    status: row.status,
    rowsTotal: row.rowsTotal,
    rowsValid: row.rowsValid,
    rowsLoaded: row.rowsLoaded,
    alreadyEnrolled: row.status === 'rejected' ? 0 : row.rowsValid - row.rowsLoaded,
    errorCount: fullCount(row.errors),
    unmatchedCount: fullCount(row.unmatched),
    errors: row.errors.filter((e) => !isTruncationMarker(e)),
    unmatched: row.unmatched.filter((e) => !isTruncationMarker(e)),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Keeps at most `cap` entries and, when some were left out, a line-0 marker saying how many. */
export function capEntries<T extends { line: number; value: string }>(
  entries: T[],
  cap: number,
  marker: (more: number) => T,
): T[] {
  return entries.length <= cap ? entries : [...entries.slice(0, cap), marker(entries.length - cap)];
}

/** The error report as CSV (line, column, value, reason) for an official to fix the file in Excel. */
export function errorsCsv(report: UploadReport): string {
  const lines = [['line', 'column', 'value', 'reason'].join(',')];
  for (const e of report.errors) lines.push([e.line, e.column, e.value, e.reason].map(csvCell).join(','));
  for (const u of report.unmatched)
    lines.push([u.line, 'nik', u.value, 'unmatched: NIK not found in the registry'].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
