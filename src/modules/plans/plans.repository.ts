/**
 * The SQL of plans. Reads assemble a plan's activities, indicators and progress in one statement; the realisation
 * report is one set-based statement grouped by agency, program, area or activity.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type {
  Activity,
  ActivityInput,
  CreatePlanInput,
  Plan,
  PlanDetail,
  ProgressInput,
  RealisationGroupBy,
  RealisationRow,
} from './plans.contracts.ts';
import type { PlanStatus } from './plans.schema.ts';

/** Which plans a caller may see: all, those overlapping an area, an agency's own plus approved ones, approved only. */
export type PlanVisibility =
  | { kind: 'all' }
  | { kind: 'area'; areaCode: string }
  | { kind: 'agency'; organisation: string }
  | { kind: 'approved' };

export function visibilityCondition(visibility: PlanVisibility): SQL {
  switch (visibility.kind) {
    case 'all':
      return sql`TRUE`;
    case 'area':
      // Plans of the area and of the tiers above it (a kota sees the province plan, not another kota's).
      return sql`(${codeWithin(sql`p.region_code`, visibility.areaCode)} OR ${codeWithin(sql`${visibility.areaCode}::text`, sql`p.region_code`)})`;
    case 'agency':
      return sql`(p.owner_agency = ${visibility.organisation} OR p.status = 'approved')`;
    case 'approved':
      return sql`p.status = 'approved'`;
  }
}

const planColumns = sql`p.id, p.kind, p.title, p.region_code AS "regionCode", r.name AS "regionName",
  p.owner_agency AS "ownerAgency", p.year_from AS "yearFrom", p.year_to AS "yearTo",
  p.parent_plan_id AS "parentPlanId", p.status, p.return_note AS "returnNote", p.created_by AS "createdBy",
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  coalesce(t.activity_count, 0)::int AS "activityCount", coalesce(t.budget_total, 0)::float8 AS "budgetTotal"`;

const planFrom = sql`plan p JOIN region r ON r.code = p.region_code
  LEFT JOIN (SELECT plan_id, count(*) AS activity_count, sum(budget) AS budget_total
             FROM plan_activity GROUP BY plan_id) t ON t.plan_id = p.id`;

export function listPlans(
  db: Db,
  visibility: PlanVisibility,
  filter: { kind?: string; status?: PlanStatus; year?: number },
): Promise<Plan[]> {
  const conditions = [visibilityCondition(visibility)];
  if (filter.kind) conditions.push(sql`p.kind = ${filter.kind}`);
  if (filter.status) conditions.push(sql`p.status = ${filter.status}`);
  if (filter.year !== undefined) conditions.push(sql`${filter.year}::int BETWEEN p.year_from AND p.year_to`);
  return queryRows<Plan>(
    db,
    sql`SELECT ${planColumns} FROM ${planFrom} WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY p.year_from DESC, p.region_code, p.id`,
  );
}

/** One plan (any visibility: the service checks); `forUpdate` locks its row for a transition or an edit. */
export async function findPlan(
  db: Db,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<Plan | undefined> {
  const [row] = await queryRows<Plan>(
    db,
    sql`SELECT ${planColumns} FROM ${planFrom} WHERE p.id = ${id}${options.forUpdate ? sql` FOR UPDATE OF p` : sql``}`,
  );
  return row;
}

export async function insertPlan(
  db: Db,
  input: CreatePlanInput & { yearTo: number; ownerAgency: string; createdBy: number },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO plan (kind, title, region_code, owner_agency, year_from, year_to, parent_plan_id, created_by)
        VALUES (${input.kind}, ${input.title}, ${input.regionCode}, ${input.ownerAgency}, ${input.yearFrom},
                ${input.yearTo}, ${input.parentPlanId ?? null}, ${input.createdBy})
        RETURNING id`,
  );
  return row!.id;
}

export async function updatePlanTitle(db: Db, id: number, title: string): Promise<void> {
  await db.execute(sql`UPDATE plan SET title = ${title}, updated_at = now() WHERE id = ${id}`);
}

/** Moves a plan to `to` and records who did it, in one statement. */
export async function changeStatus(
  db: Db,
  id: number,
  change: { from: PlanStatus; to: PlanStatus; note: string | null; actedBy: number },
): Promise<void> {
  const returnNote = change.to === 'returned' ? change.note : null;
  await db.execute(
    sql`WITH moved AS (
          UPDATE plan SET status = ${change.to}, return_note = ${returnNote}, updated_at = now()
          WHERE id = ${id} AND status = ${change.from} RETURNING id)
        INSERT INTO plan_status_change (plan_id, from_status, to_status, note, acted_by)
        SELECT id, ${change.from}, ${change.to}, ${change.note}, ${change.actedBy} FROM moved`,
  );
}

/** The first status-history row of a new plan. */
export async function recordCreation(db: Db, id: number, actedBy: number): Promise<void> {
  await db.execute(
    sql`INSERT INTO plan_status_change (plan_id, from_status, to_status, acted_by)
        VALUES (${id}, NULL, 'draft', ${actedBy})`,
  );
}

export function planHistory(db: Db, id: number): Promise<PlanDetail['history']> {
  return queryRows(
    db,
    sql`SELECT h.from_status AS "fromStatus", h.to_status AS "toStatus", h.note, h.acted_by AS "actedBy",
          u.display_name AS "actedByName",
          to_char(h.acted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "actedAt"
        FROM plan_status_change h JOIN app_user u ON u.id = h.acted_by
        WHERE h.plan_id = ${id} ORDER BY h.acted_at, h.id`,
  );
}

/** Activities of a plan (or one activity) with their indicators (targets by year) and quarterly progress. */
export function findActivities(db: Db, planId: number, activityId?: number): Promise<Activity[]> {
  return queryRows<Activity>(
    db,
    sql`SELECT a.id, a.plan_id AS "planId", a.title, a.responsible_agency AS "responsibleAgency",
          a.program_code AS "programCode", pr.name AS "programName", a.pillar::int AS pillar,
          a.budget_year AS "budgetYear", a.budget::float8 AS budget, a.priority_locations AS "priorityLocations",
          coalesce((
            SELECT json_agg(json_build_object('kind', i.kind, 'indicatorCode', i.indicator_code, 'unit', i.unit,
                                              'targets', i.targets) ORDER BY i.kind DESC, i.indicator_code)
            FROM (SELECT kind, indicator_code, min(unit) AS unit,
                         json_agg(json_build_object('year', year, 'target', target::float8) ORDER BY year) AS targets
                  FROM plan_activity_indicator WHERE activity_id = a.id
                  GROUP BY kind, indicator_code) i), '[]'::json) AS indicators,
          coalesce((
            SELECT json_agg(json_build_object('year', g.year, 'quarter', g.quarter,
                     'budgetRealised', g.budget_realised::float8, 'outputAchieved', g.output_achieved::float8,
                     'note', g.note, 'issues', g.issues, 'filedBy', g.filed_by, 'filedByName', u.display_name,
                     'filedAt', to_char(g.filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'revisions', (SELECT count(*) FROM plan_progress_history ph
                                   WHERE ph.activity_id = g.activity_id AND ph.year = g.year
                                     AND ph.quarter = g.quarter))
                     ORDER BY g.year, g.quarter)
            FROM plan_progress g JOIN app_user u ON u.id = g.filed_by WHERE g.activity_id = a.id), '[]'::json)
            AS progress
        FROM plan_activity a LEFT JOIN program pr ON pr.code = a.program_code
        WHERE a.plan_id = ${planId}${activityId === undefined ? sql`` : sql` AND a.id = ${activityId}`}
        ORDER BY a.id`,
  );
}

/** Indicator rows of an activity, one per kind × code × year, as one INSERT … SELECT over a JSON document. */
async function insertIndicators(db: Db, activityId: number, input: ActivityInput): Promise<void> {
  const rows = input.indicators.flatMap((i) =>
    i.targets.map((t) => ({
      kind: i.kind,
      code: i.indicatorCode,
      unit: i.unit,
      year: t.year,
      target: t.target,
    })),
  );
  if (rows.length === 0) return;
  await db.execute(
    sql`INSERT INTO plan_activity_indicator (activity_id, kind, indicator_code, unit, year, target)
        SELECT ${activityId}, x.kind, x.code, x.unit, x.year, x.target
        FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS x(kind text, code text, unit text, year int, target numeric)`,
  );
}

export async function insertActivity(db: Db, planId: number, input: ActivityInput): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO plan_activity (plan_id, title, responsible_agency, program_code, pillar, budget_year, budget,
                                   priority_locations)
        VALUES (${planId}, ${input.title}, ${input.responsibleAgency}, ${input.programCode ?? null}, ${input.pillar},
                ${input.budgetYear}, ${input.budget}, ${textArray(input.priorityLocations)})
        RETURNING id`,
  );
  await insertIndicators(db, row!.id, input);
  return row!.id;
}

export async function replaceActivity(db: Db, activityId: number, input: ActivityInput): Promise<void> {
  await db.execute(
    sql`UPDATE plan_activity SET title = ${input.title}, responsible_agency = ${input.responsibleAgency},
          program_code = ${input.programCode ?? null}, pillar = ${input.pillar}, budget_year = ${input.budgetYear},
          budget = ${input.budget}, priority_locations = ${textArray(input.priorityLocations)}
        WHERE id = ${activityId}`,
  );
  await db.execute(sql`DELETE FROM plan_activity_indicator WHERE activity_id = ${activityId}`);
  await insertIndicators(db, activityId, input);
}

export async function deleteActivity(db: Db, activityId: number): Promise<void> {
  await db.execute(sql`DELETE FROM plan_activity WHERE id = ${activityId}`);
}

export async function touchPlan(db: Db, id: number): Promise<void> {
  await db.execute(sql`UPDATE plan SET updated_at = now() WHERE id = ${id}`);
}

const textArray = (values: readonly string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * Files (or re-files) an activity's progress for a quarter: the row it replaces, if any, goes to
 * plan_progress_history in the same statement.
 */
export async function upsertProgress(
  db: Db,
  activityId: number,
  input: ProgressInput,
  filedBy: number,
): Promise<void> {
  await db.execute(
    sql`WITH previous AS (
          INSERT INTO plan_progress_history (activity_id, year, quarter, budget_realised, output_achieved, note,
                                             issues, filed_by, filed_at, replaced_by)
          SELECT activity_id, year, quarter, budget_realised, output_achieved, note, issues, filed_by, filed_at,
                 ${filedBy}
          FROM plan_progress WHERE activity_id = ${activityId} AND year = ${input.year} AND quarter = ${input.quarter})
        INSERT INTO plan_progress (activity_id, year, quarter, budget_realised, output_achieved, note, issues,
                                   filed_by)
        VALUES (${activityId}, ${input.year}, ${input.quarter}, ${input.budgetRealised}, ${input.outputAchieved},
                ${input.note ?? null}, ${input.issues ?? null}, ${filedBy})
        ON CONFLICT (activity_id, year, quarter) DO UPDATE SET
          budget_realised = excluded.budget_realised, output_achieved = excluded.output_achieved,
          note = excluded.note, issues = excluded.issues, filed_by = excluded.filed_by, filed_at = now()`,
  );
}

/** The regions among `codes` that exist, with their level. */
export function findRegions(db: Db, codes: string[]): Promise<{ code: string; level: string }[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return queryRows(db, sql`SELECT code, level FROM region WHERE code = ANY(${textArray(codes)})`);
}

export async function programExists(db: Db, code: string): Promise<boolean> {
  const rows = await queryRows(db, sql`SELECT 1 FROM program WHERE code = ${code}`);
  return rows.length > 0;
}

/** The grouping key and label of an activity row `x` (columns of the `act` CTE below). */
function groupKey(groupBy: RealisationGroupBy, regionCode: string): { key: SQL; label: SQL } {
  switch (groupBy) {
    case 'agency':
      return { key: sql`x.responsible_agency`, label: sql`x.responsible_agency` };
    case 'program':
      return {
        key: sql`x.program_code`,
        label: sql`coalesce(x.program_name || ' (' || x.program_code || ')', 'Tanpa program')`,
      };
    case 'activity':
      return { key: sql`x.id::text`, label: sql`x.title` };
    case 'area': {
      // The child area of `regionCode` holding the plan's tier (codes nest by prefix), or the area itself for
      // plans of its own tier.
      const depth = regionCode.split('.').length + 1;
      const key = sql`CASE WHEN x.region_code = ${regionCode}::text THEN ${regionCode}::text
        ELSE array_to_string((string_to_array(x.region_code, '.'))[1:${depth}::int], '.') END`;
      return { key, label: sql`(SELECT name FROM region WHERE code = ${key})` };
    }
  }
}

/**
 * Plan against realisation for the approved RATs' activities budgeted in `year` whose plan tier lies in
 * `regionCode`: pagu vs budget realised Q1..`quarter`, output target vs achieved Q1..`quarter`. Grouped rows and
 * the total, one statement (GROUPING SETS).
 */
export async function realisationRows(
  db: Db,
  params: { year: number; quarter: number; regionCode: string; groupBy: RealisationGroupBy },
): Promise<(RealisationRow & { isTotal: boolean })[]> {
  const { key, label } = groupKey(params.groupBy, params.regionCode);
  const single = (column: string) =>
    params.groupBy === 'activity'
      ? sql`CASE WHEN grouping(g.key) = 0 THEN min(${sql.raw(column)}) END`
      : sql`NULL`;
  return queryRows(
    db,
    sql`WITH act AS (
          SELECT a.id, a.title, a.responsible_agency, a.program_code, pr.name AS program_name, p.region_code,
                 a.budget, o.target AS output_target, o.unit
          FROM plan_activity a
          JOIN plan p ON p.id = a.plan_id
          LEFT JOIN program pr ON pr.code = a.program_code
          LEFT JOIN plan_activity_indicator o
            ON o.activity_id = a.id AND o.kind = 'output' AND o.year = ${params.year}
          WHERE p.kind = 'rat' AND p.status = 'approved' AND a.budget_year = ${params.year}
            AND ${codeWithin(sql`p.region_code`, params.regionCode)}),
        done AS (
          SELECT activity_id, sum(budget_realised) AS realised, sum(output_achieved) AS achieved
          FROM plan_progress
          WHERE year = ${params.year} AND quarter <= ${params.quarter}
          GROUP BY activity_id),
        g AS (
          SELECT ${key} AS key, ${label} AS label, x.budget, coalesce(d.realised, 0) AS realised,
                 x.output_target, coalesce(d.achieved, 0) AS achieved, x.unit,
                 CASE WHEN x.output_target > 0 THEN coalesce(d.achieved, 0) / x.output_target * 100 END AS output_pct
          FROM act x LEFT JOIN done d ON d.activity_id = x.id)
        SELECT g.key, CASE WHEN grouping(g.key) = 1 THEN 'Total' ELSE min(g.label) END AS label,
               count(*)::int AS activities, sum(g.budget)::float8 AS budget, sum(g.realised)::float8 AS realised,
               CASE WHEN sum(g.budget) > 0 THEN round(sum(g.realised) / sum(g.budget) * 100, 2)::float8 END
                 AS "budgetPercent",
               ${single('g.output_target')}::float8 AS "outputTarget",
               ${single('g.achieved')}::float8 AS "outputAchieved",
               ${single('g.unit')}::text AS unit,
               round(avg(g.output_pct), 2)::float8 AS "outputPercent",
               grouping(g.key) = 1 AS "isTotal"
        FROM g
        GROUP BY GROUPING SETS ((g.key), ())
        ORDER BY grouping(g.key), g.key`,
  );
}
