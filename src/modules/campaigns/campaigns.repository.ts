/**
 * The SQL of verification campaigns. Matching, preview, assignment and progress are each one set-based statement
 * over the campaign's households; nothing loops over households in TypeScript.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { latestSnapshotId } from '../eligibility/eligibility.facts.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type { AssignInput, Campaign, ProgressCounts } from './campaigns.contracts.ts';
import { criteriaCondition, type CampaignCriteria } from './campaigns.criteria.ts';
import type { CampaignStatus } from './campaigns.schema.ts';

/** What matching needs of a campaign. */
export interface CampaignTarget {
  id: number;
  areaCodes: string[];
  criteria: CampaignCriteria;
}

/** A campaign overlaps an area: one of its codes contains the area or lies inside it. */
function overlapsArea(areaCode: string): SQL {
  return sql`EXISTS (SELECT 1 FROM unnest(c.area_codes) AS a(code)
                     WHERE ${codeWithin(sql`a.code`, areaCode)} OR ${codeWithin(sql`${areaCode}::text`, sql`a.code`)})`;
}

const campaignColumns = sql`c.id, c.name, c.purpose, c.area_codes AS "areaCodes",
  c.period_start::text AS "periodStart", c.period_end::text AS "periodEnd", c.criteria, c.status,
  c.created_by AS "createdBy", c.created_at AS "createdAt",
  (SELECT count(*) FROM campaign_assignment a WHERE a.campaign_id = c.id)::int AS assigned`;

const presentRow = (row: Campaign): Campaign => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
});

/** Campaigns overlapping the area, newest first, one page. */
export async function listCampaigns(
  db: Db,
  areaCode: string,
  filter: { status?: CampaignStatus; page: number; pageSize: number },
): Promise<{ items: Campaign[]; total: number }> {
  const where = sql`${overlapsArea(areaCode)}${filter.status ? sql` AND c.status = ${filter.status}` : sql``}`;
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM verification_campaign c WHERE ${where}`,
  );
  const items = await queryRows<Campaign>(
    db,
    sql`SELECT ${campaignColumns} FROM verification_campaign c WHERE ${where}
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
  );
  return { items: items.map(presentRow), total: count!.total };
}

/** The campaign when it overlaps the area; `forUpdate` locks it (assignments of one campaign run one at a time). */
export async function findCampaign(
  db: Db,
  id: number,
  areaCode: string,
  options: { forUpdate?: boolean } = {},
): Promise<Campaign | undefined> {
  const [row] = await queryRows<Campaign>(
    db,
    sql`SELECT ${campaignColumns} FROM verification_campaign c
        WHERE c.id = ${id} AND ${overlapsArea(areaCode)}${options.forUpdate ? sql` FOR UPDATE OF c` : sql``}`,
  );
  return row && presentRow(row);
}

/** The region codes among `codes` that exist, with their level. */
export function findRegions(db: Db, codes: string[]): Promise<{ code: string; level: string }[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return queryRows(
    db,
    sql`SELECT code, level FROM region WHERE code IN (${sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
}

/** Users by id with their role, area and whether they are active (to check assignment lines). */
/**
 * Active field officers who can work in the area: their own area lies inside it or holds it. With the households
 * each holds in the campaign's assignments (all campaigns), so the planner sees their load.
 */
export function listFieldOfficers(
  db: Db,
  areaCode: string,
): Promise<{ id: number; displayName: string; regionCode: string; regionName: string; assigned: number }[]> {
  return queryRows(
    db,
    sql`SELECT u.id, u.display_name AS "displayName", u.region_code AS "regionCode", r.name AS "regionName",
               (SELECT count(*) FROM household_assignment ha WHERE ha.user_id = u.id)::int AS assigned
        FROM app_user u JOIN region r ON r.code = u.region_code
        WHERE u.role = 'field_officer' AND u.is_active
          AND (${codeWithin(sql`u.region_code`, areaCode)} OR ${codeWithin(sql`${areaCode}::text`, sql`u.region_code`)})
        ORDER BY u.region_code, u.display_name`,
  );
}

export function findUsers(
  db: Db,
  ids: number[],
): Promise<{ id: number; role: string; regionCode: string; isActive: boolean }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows(
    db,
    sql`SELECT id, role, region_code AS "regionCode", is_active AS "isActive" FROM app_user
        WHERE id IN (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
  );
}

/**
 * SELECT of the households the campaign's criteria match now, within its area and the caller's (`scopeArea`):
 * columns id, kelurahan_code, rw, rt.
 */
export function matchingHouseholdsSql(campaign: CampaignTarget, scopeArea: string): SQL {
  const inCampaignArea = sql.join(
    campaign.areaCodes.map((code) => codeWithin(sql`h.kelurahan_code`, code)),
    sql` OR `,
  );
  return sql`SELECT h.id, h.kelurahan_code, h.rw, h.rt
    FROM household h
    LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = ${latestSnapshotId}
    WHERE h.status = 'active' AND (${inCampaignArea}) AND ${codeWithin(sql`h.kelurahan_code`, scopeArea)}
      AND ${criteriaCondition(campaign.criteria)}`;
}

export interface PreviewRow {
  kelurahanCode: string | null;
  kelurahanName: string | null;
  rw: string | null;
  matching: number;
  assigned: number;
}

/** Matching households counted by kelurahan and RW (with kelurahan subtotals and a total: rw / kelurahan null). */
export function previewCounts(db: Db, campaign: CampaignTarget, scopeArea: string): Promise<PreviewRow[]> {
  return queryRows<PreviewRow>(
    db,
    sql`WITH m AS (${matchingHouseholdsSql(campaign, scopeArea)})
        SELECT m.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", m.rw,
               count(*)::int AS matching,
               count(a.household_id)::int AS assigned
        FROM m
        JOIN region r ON r.code = m.kelurahan_code
        LEFT JOIN campaign_assignment a ON a.campaign_id = ${campaign.id} AND a.household_id = m.id
        GROUP BY GROUPING SETS ((m.kelurahan_code, r.name, m.rw), (m.kelurahan_code, r.name), ())
        ORDER BY m.kelurahan_code NULLS FIRST, m.rw NULLS FIRST`,
  );
}

export interface AssignedRow {
  line: number;
  householdId: number;
  kelurahanCode: string;
}

/**
 * Assigns matching households not yet in the campaign to the lines' officers in one statement. Each line wants
 * `quota` minus what its officer already holds in its kelurahan (or RW) in this campaign. RW lines go first: the
 * lines of one (kelurahan, RW) take consecutive ranges of its households in RT and id order; kelurahan lines then
 * share the kelurahan's remaining households the same way, in RW, RT and id order. So no household goes twice
 * and no line gets more than it wants. Each officer must be an active field officer whose area holds the
 * kelurahan (checked again here). Every assigned household is also granted to its officer in
 * `household_assignment`, which is what the officer downloads.
 */
export async function assignHouseholds(
  db: Db,
  campaign: CampaignTarget,
  scopeArea: string,
  assignedBy: number,
  lines: AssignInput['lines'],
): Promise<{ held: Map<number, number>; rows: AssignedRow[] }> {
  const input = JSON.stringify(
    lines.map((l, index) => ({
      line: index,
      officer_id: l.officerId,
      kelurahan_code: l.kelurahanCode,
      rw: l.rw ?? null,
      quota: l.quota,
    })),
  );
  const ranges = (rwLines: boolean) => sql`
    SELECT n.line, n.officer_id, n.kelurahan_code, n.rw,
           sum(n.need) OVER w - n.need AS lo, sum(n.need) OVER w AS hi
    FROM need n WHERE n.rw IS ${rwLines ? sql`NOT NULL` : sql`NULL`}
    WINDOW w AS (PARTITION BY n.kelurahan_code, n.rw ORDER BY n.line)`;
  const rows = await queryRows<{
    line: number;
    householdId: number | null;
    kelurahanCode: string | null;
    held: number;
  }>(
    db,
    sql`WITH lines AS (
          SELECT * FROM jsonb_to_recordset(${input}::jsonb)
            AS l(line int, officer_id int, kelurahan_code text, rw text, quota int)
        ),
        held AS (
          SELECT l.*, (SELECT count(*) FROM campaign_assignment a JOIN household h ON h.id = a.household_id
                       WHERE a.campaign_id = ${campaign.id} AND a.officer_id = l.officer_id
                         AND h.kelurahan_code = l.kelurahan_code AND (l.rw IS NULL OR h.rw = l.rw))::int AS held
          FROM lines l
        ),
        need AS (
          SELECT h.*, greatest(h.quota - h.held, 0) AS need FROM held h
          JOIN app_user u ON u.id = h.officer_id AND u.role = 'field_officer' AND u.is_active
           AND ${codeWithin(sql`h.kelurahan_code`, sql`u.region_code`)}
        ),
        candidates AS (
          SELECT m.* FROM (${matchingHouseholdsSql(campaign, scopeArea)}) m
          WHERE m.kelurahan_code IN (SELECT kelurahan_code FROM need)
            AND NOT EXISTS (SELECT 1 FROM campaign_assignment a
                            WHERE a.campaign_id = ${campaign.id} AND a.household_id = m.id)
        ),
        rw_ranges AS (${ranges(true)}),
        rw_picks AS (
          SELECT k.id, k.kelurahan_code, x.line, x.officer_id
          FROM (SELECT c.*, row_number() OVER (PARTITION BY c.kelurahan_code, c.rw ORDER BY c.rt, c.id) AS r
                FROM candidates c
                WHERE EXISTS (SELECT 1 FROM rw_ranges x WHERE x.kelurahan_code = c.kelurahan_code AND x.rw = c.rw)) k
          JOIN rw_ranges x ON x.kelurahan_code = k.kelurahan_code AND x.rw = k.rw AND k.r > x.lo AND k.r <= x.hi
        ),
        kel_ranges AS (${ranges(false)}),
        kel_picks AS (
          SELECT k.id, k.kelurahan_code, x.line, x.officer_id
          FROM (SELECT c.*, row_number() OVER (PARTITION BY c.kelurahan_code ORDER BY c.rw, c.rt, c.id) AS r
                FROM candidates c
                WHERE NOT EXISTS (SELECT 1 FROM rw_picks p WHERE p.id = c.id)
                  AND EXISTS (SELECT 1 FROM kel_ranges x WHERE x.kelurahan_code = c.kelurahan_code)) k
          JOIN kel_ranges x ON x.kelurahan_code = k.kelurahan_code AND k.r > x.lo AND k.r <= x.hi
        ),
        picks AS (SELECT * FROM rw_picks UNION ALL SELECT * FROM kel_picks),
        inserted AS (
          INSERT INTO campaign_assignment (campaign_id, household_id, officer_id, assigned_by)
          SELECT ${campaign.id}, p.id, p.officer_id, ${assignedBy} FROM picks p
          ON CONFLICT DO NOTHING
          RETURNING household_id, officer_id
        ),
        granted AS (
          INSERT INTO household_assignment (user_id, household_id)
          SELECT i.officer_id, i.household_id FROM inserted i
          ON CONFLICT DO NOTHING
          RETURNING 1
        )
        SELECT h.line, p.id::int AS "householdId", p.kelurahan_code AS "kelurahanCode", h.held
        FROM held h
        LEFT JOIN (picks p JOIN inserted i ON i.household_id = p.id) ON p.line = h.line
        ORDER BY h.line, p.id`,
  );
  const held = new Map(rows.map((r) => [r.line, r.held]));
  return {
    held,
    rows: rows
      .filter((r) => r.householdId !== null)
      .map((r) => ({ line: r.line, householdId: r.householdId!, kelurahanCode: r.kelurahanCode! })),
  };
}

export interface ProgressRow extends Omit<ProgressCounts, 'remaining' | 'percent'> {
  officerId: number | null;
  officerName: string | null;
  kelurahanCode: string | null;
  kelurahanName: string | null;
  rw: string | null;
  /** Which grouping the row belongs to: 'officer', 'rw', 'kelurahan' or 'total'. */
  grouping: 'officer' | 'rw' | 'kelurahan' | 'total';
}

/**
 * Progress of the campaign's households within the area, by officer, by kelurahan and RW, by kelurahan and in
 * total, in one statement: a household is visited when a field visit of it was received since the campaign's
 * start (midnight in Jakarta), approved when such a visit was approved.
 */
export function progressCounts(
  db: Db,
  campaign: { id: number; periodStart: string },
  scopeArea: string,
): Promise<ProgressRow[]> {
  const start = sql`(${campaign.periodStart}::date::timestamp AT TIME ZONE 'Asia/Jakarta')`;
  return queryRows<ProgressRow>(
    db,
    sql`WITH a AS (
          SELECT a.officer_id, u.display_name AS officer_name, h.kelurahan_code, r.name AS kelurahan_name, h.rw,
                 EXISTS (SELECT 1 FROM field_submission s
                         WHERE s.household_id = a.household_id AND s.received_at >= ${start}) AS visited,
                 EXISTS (SELECT 1 FROM field_submission s
                         WHERE s.household_id = a.household_id AND s.received_at >= ${start}
                           AND s.status = 'approved') AS approved
          FROM campaign_assignment a
          JOIN household h ON h.id = a.household_id
          JOIN app_user u ON u.id = a.officer_id
          JOIN region r ON r.code = h.kelurahan_code
          WHERE a.campaign_id = ${campaign.id} AND ${codeWithin(sql`h.kelurahan_code`, scopeArea)}
        )
        SELECT CASE GROUPING(a.officer_id, a.kelurahan_code, a.rw)
                 WHEN 3 THEN 'officer' WHEN 4 THEN 'rw' WHEN 5 THEN 'kelurahan' ELSE 'total' END AS grouping,
               a.officer_id AS "officerId", min(a.officer_name) AS "officerName",
               a.kelurahan_code AS "kelurahanCode", min(a.kelurahan_name) AS "kelurahanName", a.rw,
               count(*)::int AS assigned, count(*) FILTER (WHERE a.visited)::int AS visited,
               count(*) FILTER (WHERE a.approved)::int AS approved
        FROM a
        GROUP BY GROUPING SETS ((a.officer_id), (a.kelurahan_code, a.rw), (a.kelurahan_code), ())
        ORDER BY grouping, "officerName", a.officer_id, a.kelurahan_code, a.rw`,
  );
}
