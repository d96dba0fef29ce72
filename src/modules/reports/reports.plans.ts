/**
 * What the plans contribute to the LP2KD: the budget (pagu) against its realisation by agency and by program, and
 * the issues agencies filed with their quarterly progress — for the approved yearly action plans (RAT) of the year
 * whose tier lies in the area.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { PlanFigures, ReportIssue } from './reports.lp2kd.ts';

/** Activities of approved RATs of `year` whose plan tier is the area or inside it. */
const activitiesOf = (regionCode: string, year: number) => sql`
  SELECT a.* FROM plan_activity a JOIN plan p ON p.id = a.plan_id
   WHERE p.kind = 'rat' AND p.status = 'approved' AND p.year_from = ${year} AND a.budget_year = ${year}
     AND (p.region_code = ${regionCode} OR p.region_code LIKE ${`${regionCode}.%`})`;

export const planFigures: PlanFigures = {
  async budget(db: Db, { regionCode, year }) {
    const rows = await queryRows<{
      grouping: 'agency' | 'program';
      key: string;
      label: string;
      budget: string;
      realised: string;
      activities: number;
    }>(
      db,
      sql`WITH a AS (${activitiesOf(regionCode, year)}),
               r AS (SELECT activity_id, sum(budget_realised) AS realised
                       FROM plan_progress WHERE year = ${year} AND activity_id IN (SELECT id FROM a)
                      GROUP BY activity_id),
               lines AS (
                 SELECT a.responsible_agency AS agency, coalesce(a.program_code, '') AS program,
                        a.budget, coalesce(r.realised, 0) AS realised
                   FROM a LEFT JOIN r ON r.activity_id = a.id)
          SELECT 'agency' AS grouping, agency AS key, agency AS label,
                 sum(budget)::text AS budget, sum(realised)::text AS realised, count(*)::int AS activities
            FROM lines GROUP BY agency
          UNION ALL
          SELECT 'program', l.program, coalesce(pr.name || ' (' || pr.code || ')', 'Tanpa program'),
                 sum(l.budget)::text, sum(l.realised)::text, count(*)::int
            FROM lines l LEFT JOIN program pr ON pr.code = l.program
           GROUP BY l.program, pr.name, pr.code
           ORDER BY 1, 2`,
    );
    const lines = (grouping: 'agency' | 'program') =>
      rows
        .filter((r) => r.grouping === grouping)
        .map((r) => ({
          key: r.key,
          label: r.label,
          budget: Number(r.budget),
          realised: Number(r.realised),
          activities: r.activities,
        }));
    return { byAgency: lines('agency'), byProgram: lines('program') };
  },

  async issues(db: Db, { regionCode, year }): Promise<ReportIssue[]> {
    return queryRows<ReportIssue>(
      db,
      sql`WITH a AS (${activitiesOf(regionCode, year)})
          SELECT a.responsible_agency || ' – ' || a.title || ' (T' || g.quarter || ')' AS source,
                 g.issues AS text
            FROM plan_progress g JOIN a ON a.id = g.activity_id
           WHERE g.year = ${year} AND nullif(trim(g.issues), '') IS NOT NULL
           ORDER BY g.quarter, a.responsible_agency, a.id`,
    );
  },
};
