import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { childAreasSql, codeWithin } from '../regions/region-sql.ts';
import type { RegionLevel } from '../regions/regions.schema.ts';
import {
  extremePovertySeries,
  officialStatColumns,
  officialTargets,
  type SeedTarget,
} from './indicators.data.ts';

const latestSnapshot = sql`(SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)`;

/** Loads the official series official_poverty_stat lacks, and seeds the official targets once (edits are kept). */
export async function loadIndicatorData(db: Db): Promise<void> {
  const stats = extremePovertySeries.map(
    (f) =>
      sql`(${f.indicatorCode}, ${f.regionCode}, ${`${f.period}-01`}::date, ${String(f.value)}::numeric, ${f.source}, ${f.confidence})`,
  );
  await db.execute(sql`
    INSERT INTO official_indicator_stat (indicator_code, region_code, period, value, source, confidence)
    VALUES ${sql.join(stats, sql`, `)}
    ON CONFLICT (indicator_code, region_code, period) DO UPDATE SET
      value = excluded.value, source = excluded.source, confidence = excluded.confidence`);
  await insertTargets(db, officialTargets, null, 'seed');
}

/** Inserts targets; `mode` 'seed' leaves existing rows alone, 'replace' overwrites them. */
export async function insertTargets(
  db: Db,
  targets: readonly SeedTarget[],
  userId: number | null,
  mode: 'seed' | 'replace',
): Promise<void> {
  const rows = targets.map(
    (t) =>
      sql`(${t.indicatorCode}, ${t.regionCode}, ${t.year}, ${t.valueMin}, ${t.valueMax}, ${t.baselineYear}, ${t.name}, ${t.source}, ${userId}::int, now())`,
  );
  const onConflict =
    mode === 'seed'
      ? sql`DO NOTHING`
      : sql`DO UPDATE SET value_min = excluded.value_min, value_max = excluded.value_max,
          baseline_year = excluded.baseline_year, name = excluded.name, source = excluded.source,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
  await db.execute(sql`
    INSERT INTO indicator_target (indicator_code, region_code, year, value_min, value_max, baseline_year, name,
      source, updated_by, updated_at)
    VALUES ${sql.join(rows, sql`, `)}
    ON CONFLICT (indicator_code, region_code, year) ${onConflict}`);
}

export interface TargetRow extends SeedTarget {
  updatedBy: number | null;
  updatedAt: string;
}

/** Targets within an area (its own and those of regions inside it), optionally of one indicator. */
export function selectTargets(db: Db, region: string, indicatorCode?: string): Promise<TargetRow[]> {
  const ofIndicator = indicatorCode === undefined ? sql`TRUE` : sql`indicator_code = ${indicatorCode}`;
  return queryRows<TargetRow>(
    db,
    sql`SELECT indicator_code AS "indicatorCode", region_code AS "regionCode", year::int AS year,
          value_min AS "valueMin", value_max AS "valueMax", baseline_year::int AS "baselineYear", name, source,
          updated_by AS "updatedBy", to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
        FROM indicator_target
        WHERE ${codeWithin(sql`region_code`, region)} AND ${ofIndicator}
        ORDER BY indicator_code, region_code, year`,
  );
}

export interface SeriesRow {
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  snapshotId: number | null;
  source: string | null;
  confidence: string | null;
}

/** An official series of a region, oldest first: a column of official_poverty_stat or official_indicator_stat. */
export function selectOfficialSeries(db: Db, code: string, region: string): Promise<SeriesRow[]> {
  const column = officialStatColumns[code as keyof typeof officialStatColumns];
  const query: SQL =
    column !== undefined
      ? sql`SELECT to_char(period, 'YYYY-MM-DD') AS period, ${sql.raw(column)}::float8 AS value, source, confidence
            FROM official_poverty_stat WHERE region_code = ${region} AND ${sql.raw(column)} IS NOT NULL`
      : sql`SELECT to_char(period, 'YYYY-MM-DD') AS period, value::float8 AS value, source, confidence
            FROM official_indicator_stat WHERE indicator_code = ${code} AND region_code = ${region}`;
  return queryRows<SeriesRow>(
    db,
    sql`SELECT o.period, o.value, NULL::int AS numerator, NULL::int AS denominator, NULL::int AS "snapshotId",
          o.source, o.confidence
        FROM (${query}) o ORDER BY o.period`,
  );
}

/** A registry indicator of a region, one row per snapshot, oldest first. */
export function selectRegistrySeries(db: Db, code: string, region: string): Promise<SeriesRow[]> {
  return queryRows<SeriesRow>(
    db,
    sql`SELECT to_char(v.period, 'YYYY-MM-DD') AS period, v.value, v.numerator, v.denominator,
          v.snapshot_id AS "snapshotId", NULL::text AS source, NULL::text AS confidence
        FROM indicator_value v
        WHERE v.indicator_code = ${code} AND v.region_code = ${region}
        ORDER BY v.period, v.snapshot_id`,
  );
}

export interface AreaValueRow {
  code: string;
  name: string;
  level: RegionLevel;
  indicatorCode: string;
  value: number | null;
  numerator: number;
  denominator: number;
}

/**
 * The registry indicators of the latest snapshot for the areas of a map: every region at `level` inside
 * `region`, or its children.
 */
export function selectAreaValues(db: Db, region: string, level?: RegionLevel): Promise<AreaValueRow[]> {
  const areas =
    level === undefined
      ? childAreasSql(region)
      : sql`(SELECT code, name, level FROM region WHERE level = ${level} AND ${codeWithin(sql`code`, region)})`;
  return queryRows<AreaValueRow>(
    db,
    sql`SELECT a.code, a.name, a.level, v.indicator_code AS "indicatorCode", v.value, v.numerator, v.denominator
        FROM ${areas} a
        JOIN indicator_value v ON v.region_code = a.code AND v.snapshot_id = ${latestSnapshot}
        ORDER BY a.code, v.indicator_code`,
  );
}

export interface GraduationRow {
  cohortSnapshotId: number;
  cohortDate: string;
  snapshotId: number;
  snapshotDate: string;
  households: number;
  inDesil14: number;
  graduated: number;
  reentered: number;
  leftExtremePoverty: number;
}

/** The graduation rollup of one region, by cohort and snapshot. */
export function selectGraduation(db: Db, region: string): Promise<GraduationRow[]> {
  return queryRows<GraduationRow>(
    db,
    sql`SELECT g.cohort_snapshot_id AS "cohortSnapshotId", to_char(c.snapshot_date, 'YYYY-MM-DD') AS "cohortDate",
          g.snapshot_id AS "snapshotId", to_char(s.snapshot_date, 'YYYY-MM-DD') AS "snapshotDate",
          g.households, g.in_desil_1_4 AS "inDesil14", g.graduated, g.reentered,
          g.left_extreme_poverty AS "leftExtremePoverty"
        FROM graduation_rollup g
        JOIN welfare_snapshot c ON c.id = g.cohort_snapshot_id
        JOIN welfare_snapshot s ON s.id = g.snapshot_id
        WHERE g.region_code = ${region}
        ORDER BY c.snapshot_date, g.cohort_snapshot_id, s.snapshot_date, g.snapshot_id`,
  );
}

export interface FreshnessRow {
  code: string;
  name: string;
  households: number;
  verifiedHouseholds: number;
  lastVerifiedAt: string | null;
  daysSinceVerification: number | null;
  campaignId: number | null;
  campaignName: string | null;
  campaignAssigned: number;
  campaignVerified: number;
  refreshedAt: string;
}

/** Freshness of every kelurahan inside a region; days counted on Jakarta's calendar at read time. */
export function selectFreshness(db: Db, region: string): Promise<FreshnessRow[]> {
  return queryRows<FreshnessRow>(
    db,
    sql`SELECT f.kelurahan_code AS code, r.name, f.households, f.verified_households AS "verifiedHouseholds",
          to_char(f.last_verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastVerifiedAt",
          ((now() AT TIME ZONE 'Asia/Jakarta')::date - (f.last_verified_at AT TIME ZONE 'Asia/Jakarta')::date)
            AS "daysSinceVerification",
          f.campaign_id AS "campaignId", c.name AS "campaignName", f.campaign_assigned AS "campaignAssigned",
          f.campaign_verified AS "campaignVerified",
          to_char(f.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "refreshedAt"
        FROM kelurahan_freshness f
        JOIN region r ON r.code = f.kelurahan_code
        LEFT JOIN verification_campaign c ON c.id = f.campaign_id
        WHERE ${codeWithin(sql`f.kelurahan_code`, region)}
        ORDER BY f.kelurahan_code`,
  );
}

export interface TargetingAreaRow {
  code: string;
  name: string;
  level: RegionLevel;
  eligible: number;
  enrolled: number;
  inclusionErrors: number;
  exclusionErrors: number;
  overlaps: number;
}

/** Targeting errors summed over programs for the region and each of its child areas (targeting_rollup). */
export function selectTargetingByArea(db: Db, region: string): Promise<TargetingAreaRow[]> {
  // Rollup rows are summed per child code (the code's prefix of the child level) and for the whole region in one
  // grouped scan, then joined on equal codes: no prefix join whose plan could turn into a loop over regions.
  const childLength = sql.raw(String({ 2: 5, 5: 8, 8: 13 }[region.length] ?? region.length));
  const child = sql`left(t.kelurahan_code, ${childLength})`;
  return queryRows<TargetingAreaRow>(
    db,
    sql`WITH x AS (
          SELECT CASE WHEN grouping(${child}) = 1 THEN ${region} ELSE ${child} END AS code,
            grouping(${child}) = 1 AS whole,
            sum(t.eligible) AS eligible, sum(t.enrolled) AS enrolled, sum(t.inclusion_errors) AS inclusion_errors,
            sum(t.exclusion_errors) AS exclusion_errors, sum(t.overlaps) AS overlaps
          FROM targeting_rollup t
          WHERE ${codeWithin(sql`t.kelurahan_code`, region)}
          GROUP BY GROUPING SETS ((${child}), ())
        )
        SELECT a.code, a.name, a.level,
          coalesce(x.eligible, 0)::int AS eligible, coalesce(x.enrolled, 0)::int AS enrolled,
          coalesce(x.inclusion_errors, 0)::int AS "inclusionErrors",
          coalesce(x.exclusion_errors, 0)::int AS "exclusionErrors",
          coalesce(x.overlaps, 0)::int AS overlaps
        FROM (SELECT code, name, level, true AS whole FROM region WHERE code = ${region}
              UNION ALL SELECT c.code, c.name, c.level, false FROM ${childAreasSql(region)} c) a
        LEFT JOIN x ON x.code = a.code AND x.whole = a.whole
        ORDER BY a.code, a.whole DESC`,
  );
}

/** Latest-snapshot values of some indicators for a region and its child areas. */
export function selectIndicatorsByArea(
  db: Db,
  region: string,
  codes: readonly string[],
): Promise<AreaValueRow[]> {
  return queryRows<AreaValueRow>(
    db,
    sql`SELECT a.code, a.name, a.level, v.indicator_code AS "indicatorCode", v.value, v.numerator, v.denominator
        FROM (SELECT code, name, level FROM region WHERE code = ${region} UNION ALL SELECT * FROM ${childAreasSql(region)} c) a
        JOIN indicator_value v ON v.region_code = a.code AND v.snapshot_id = ${latestSnapshot}
          AND v.indicator_code IN (${sql.join(
            codes.map((c) => sql`${c}`),
            sql`, `,
          )})
        ORDER BY a.code, v.indicator_code`,
  );
}

export interface HouseholdPathRow {
  snapshotId: number;
  snapshotDate: string;
  desil: number;
  isExtremePoor: boolean;
  score: number;
  event: 'entered' | 'graduated' | 'reentered' | 'left_extreme_poverty' | null;
}

/**
 * A household's ranking path, oldest first, each snapshot with the event it marks (consecutive snapshots only):
 * first time in desil 1–4 or extreme poverty, graduation, re-entry, leaving extreme poverty.
 */
export function selectHouseholdPath(db: Db, householdId: number): Promise<HouseholdPathRow[]> {
  return queryRows<HouseholdPathRow>(
    db,
    sql`WITH snaps AS (SELECT id, snapshot_date, row_number() OVER (ORDER BY snapshot_date, id) AS seq
                       FROM welfare_snapshot),
        path AS (
          SELECT s.id, s.snapshot_date, s.seq, w.desil, w.is_extreme_poor, w.score,
            lag(s.seq) OVER hh AS prev_seq, lag(w.desil) OVER hh AS prev_desil,
            lag(w.is_extreme_poor) OVER hh AS prev_extreme,
            min(CASE WHEN w.desil <= 4 OR w.is_extreme_poor THEN s.seq END) OVER hh AS cohort_seq
          FROM household_welfare w JOIN snaps s ON s.id = w.snapshot_id
          WHERE w.household_id = ${householdId}
          WINDOW hh AS (ORDER BY s.seq)
        )
        SELECT id AS "snapshotId", to_char(snapshot_date, 'YYYY-MM-DD') AS "snapshotDate", desil::int AS desil,
          is_extreme_poor AS "isExtremePoor", score,
          CASE
            WHEN cohort_seq = seq THEN 'entered'
            WHEN prev_seq = seq - 1 AND prev_desil <= 4 AND desil >= 5 THEN 'graduated'
            WHEN prev_seq = seq - 1 AND prev_desil >= 5 AND desil <= 4 AND cohort_seq < prev_seq THEN 'reentered'
            WHEN prev_seq = seq - 1 AND prev_extreme AND NOT is_extreme_poor THEN 'left_extreme_poverty'
          END AS event
        FROM path ORDER BY seq`,
  );
}

export interface HouseholdProgramRow {
  programCode: string;
  programName: string;
  pillar: number;
  personId: number | null;
  provider: string;
  startDate: string;
  endDate: string | null;
  status: string;
}

/** The programs a household and its members received, from the ledger, oldest first. */
export function selectHouseholdPrograms(db: Db, householdId: number): Promise<HouseholdProgramRow[]> {
  return queryRows<HouseholdProgramRow>(
    db,
    sql`SELECT e.program_code AS "programCode", p.name AS "programName", p.pillar::int AS pillar,
          e.person_id AS "personId", e.provider, to_char(e.start_date, 'YYYY-MM-DD') AS "startDate",
          to_char(e.end_date, 'YYYY-MM-DD') AS "endDate", e.status
        FROM enrolment e JOIN program p ON p.code = e.program_code
        WHERE e.household_id = ${householdId}
        ORDER BY e.start_date, e.id`,
  );
}

export interface ScopedHouseholdRow {
  id: number;
  kkNumber: string;
  kelurahanCode: string;
  status: string;
}

/** The household when it is inside the scope condition, else nothing. */
export async function selectScopedHousehold(
  db: Db,
  householdId: number,
  scopeCondition: SQL,
): Promise<ScopedHouseholdRow | undefined> {
  const [row] = await queryRows<ScopedHouseholdRow>(
    db,
    sql`SELECT h.id, h.kk_number AS "kkNumber", h.kelurahan_code AS "kelurahanCode", h.status
        FROM household h WHERE h.id = ${householdId} AND ${scopeCondition}`,
  );
  return row;
}
