/**
 * What the plans contribute to the reports: budget (pagu) against realisation by agency, program and activity (the
 * plans module's `planRealisation`: activities of approved yearly action plans (RAT) budgeted in the year whose tier
 * lies in the area), and the issues agencies filed with their quarterly progress on those activities.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { RealisationGroupBy } from '../plans/plans.contracts.ts';
import { planRealisation } from '../plans/plans.service.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type { BudgetLine, PlanFigures, ReportIssue } from './reports.lp2kd.ts';

interface PeriodQuery {
  regionCode: string;
  year: number;
  /** Realisation up to the end of this quarter; the whole year when absent. */
  quarter?: number;
}

/** Realisation lines of one grouping. */
export async function budgetLines(
  db: Db,
  query: PeriodQuery,
  groupBy: RealisationGroupBy,
): Promise<BudgetLine[]> {
  const realisation = await planRealisation(db, { ...query, groupBy });
  return realisation.rows.map((row) => ({
    key: row.key ?? '',
    label: row.label,
    budget: row.budget,
    realised: row.realised,
    activities: row.activities,
    outputTarget: row.outputTarget,
    outputAchieved: row.outputAchieved,
    unit: row.unit,
    outputPercent: row.outputPercent,
  }));
}

/** Issues filed with progress in the year (up to `quarter`), on activities of approved plans in the area. */
export function filedIssues(db: Db, { regionCode, year, quarter = 4 }: PeriodQuery): Promise<ReportIssue[]> {
  return queryRows<ReportIssue>(
    db,
    sql`SELECT a.responsible_agency || ' – ' || a.title || ' (T' || g.quarter || ')' AS source, g.issues AS text
          FROM plan_progress g
          JOIN plan_activity a ON a.id = g.activity_id
          JOIN plan p ON p.id = a.plan_id
         WHERE p.kind = 'rat' AND p.status = 'approved' AND a.budget_year = ${year} AND g.year = ${year} AND g.quarter <= ${quarter}
           AND ${codeWithin(sql`p.region_code`, regionCode)} AND nullif(trim(g.issues), '') IS NOT NULL
         ORDER BY g.quarter, a.responsible_agency, a.id`,
  );
}

export const planFigures: PlanFigures = {
  async budget(db, query) {
    const [byAgency, byProgram] = await Promise.all([
      budgetLines(db, query, 'agency'),
      budgetLines(db, query, 'program'),
    ]);
    return { byAgency, byProgram };
  },
  issues: filedIssues,
};
