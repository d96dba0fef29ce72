import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { getRegionDetail } from '../regions/regions.service.ts';
import { resolveArea } from '../targeting/targeting.views.ts';
import { gatherLp2kd } from './reports.lp2kd.ts';
import { budgetLines, filedIssues, planFigures } from './reports.plans.ts';
import { renderPdf, renderXlsx } from './reports.render.ts';
import { lp2kdDocument, quarterlyDocument, type ReportDocument } from './reports.tables.ts';

export const reportFormats = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ReportFormat = keyof typeof reportFormats;

/** A report ready to show or write: its document and the stem of its file name (`lp2kd-31.72-2026`). */
export interface BuiltReport {
  document: ReportDocument;
  fileStem: string;
}

/** The document as a file of `format`. */
export function renderReport(document: ReportDocument, format: ReportFormat): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(document) : renderXlsx(document);
}

/** The LP2KD of an area (inside the user's) and year. */
export async function buildLp2kd(
  db: Db,
  user: SessionUser,
  query: { region?: string; year: number },
): Promise<BuiltReport> {
  const report = await gatherLp2kd(db, user, query, planFigures);
  return { document: lp2kdDocument(report), fileStem: `lp2kd-${report.region.code}-${report.year}` };
}

/** The quarterly progress report of an area (inside the user's): plan realisation up to a quarter's end. */
export async function buildQuarterly(
  db: Db,
  user: SessionUser,
  query: { region?: string; year: number; quarter: number },
): Promise<BuiltReport> {
  const regionCode = resolveArea(user, query.region);
  const period = { regionCode, year: query.year, quarter: query.quarter };
  const [detail, byAgency, byActivity, issues] = await Promise.all([
    getRegionDetail(db, regionCode),
    budgetLines(db, period, 'agency'),
    budgetLines(db, period, 'activity'),
    filedIssues(db, period),
  ]);
  const { code, name, level } = detail.region;
  const document = quarterlyDocument({
    region: { code, name, level },
    year: query.year,
    quarter: query.quarter,
    generatedAt: new Date().toISOString(),
    generatedBy: user.displayName,
    byAgency,
    byActivity,
    issues,
  });
  return { document, fileStem: `triwulan-${code}-${query.year}-T${query.quarter}` };
}
