import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { gatherLp2kd, type Lp2kdReport } from './reports.lp2kd.ts';
import { planFigures } from './reports.plans.ts';
import { renderPdf, renderXlsx } from './reports.render.ts';
import { lp2kdDocument } from './reports.tables.ts';

export const reportFormats = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ReportFormat = keyof typeof reportFormats;

/** `lp2kd-31.72-2026.pdf`. */
export function reportFileName(report: Lp2kdReport, format: ReportFormat): string {
  return `lp2kd-${report.region.code}-${report.year}.${format}`;
}

/** The LP2KD of an area and year: its data, its document, and a renderer to either file format. */
export async function buildLp2kd(db: Db, user: SessionUser, query: { region?: string; year: number }) {
  const report = await gatherLp2kd(db, user, query, planFigures);
  const document = lp2kdDocument(report);
  const render = (format: ReportFormat) => (format === 'pdf' ? renderPdf(document) : renderXlsx(document));
  return { report, document, render };
}
