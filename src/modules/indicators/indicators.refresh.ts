/**
 * The precomputed indicator rows (issue 5, parts 1, 5 and 6): registry indicators per region and snapshot, the
 * graduation rollup, desil-1 coverage and data freshness. Each is one set-based statement, rolled up from kelurahan
 * to kecamatan, kota and province through the code prefixes (`31.71.01.1001` → `31.71.01`, `31.71`, `31`).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { coverageCodePrefix, coveragePillars } from './indicators.data.ts';
import { refreshPriorityComponents } from '../priority/priority.repository.ts';

/** The region codes a kelurahan code rolls up to (itself included), as a lateral subquery `a(code)`. */
const rollUp = (code: SQL) => sql`CROSS JOIN LATERAL (
    SELECT DISTINCT c FROM (VALUES (left(${code}, 2)), (left(${code}, 5)), (left(${code}, 8)), (${code})) v(c)
  ) a(code)`;

/** Snapshots in order with a sequence number (1 = oldest). */
const orderedSnapshots = sql`SELECT id, snapshot_date, row_number() OVER (ORDER BY snapshot_date, id) AS seq
  FROM welfare_snapshot`;

/**
 * Registry indicators of the given snapshot, and of every snapshot that has none yet, for every region:
 * extreme-poor households, persons in desil 1–4 (current members of the ranked households), graduated households
 * (desil 1–4 or extreme poor in the previous snapshot; desil ≥ 5, or no longer extreme poor, now) and households
 * back in desil 1–4 (desil ≥ 5 in the previous snapshot after an earlier desil 1–4 or extreme poverty). Households
 * count where they live now. Graduation figures need a previous snapshot.
 */
export async function refreshSnapshotIndicators(db: Db, snapshotId: number | null): Promise<void> {
  await db.execute(sql`
    WITH snaps AS (${orderedSnapshots}),
    todo AS (
      SELECT s.id, s.snapshot_date, s.seq, p.id AS prev_id
      FROM snaps s LEFT JOIN snaps p ON p.seq = s.seq - 1
      WHERE s.id = ${snapshotId ?? -1}
         OR NOT EXISTS (SELECT 1 FROM indicator_value v WHERE v.snapshot_id = s.id)
    ),
    members AS (
      SELECT m.household_id, count(*)::int AS persons
      FROM household_member m JOIN person p ON p.id = m.person_id
      WHERE m.end_date IS NULL AND p.status = 'active'
      GROUP BY m.household_id
    ),
    per_kelurahan AS (
      SELECT t.id AS snapshot_id, h.kelurahan_code AS code,
        count(*) AS ranked,
        count(*) FILTER (WHERE w.is_extreme_poor) AS extreme,
        coalesce(sum(mb.persons), 0) AS persons,
        coalesce(sum(mb.persons) FILTER (WHERE w.desil <= 4), 0) AS persons_d14,
        count(pw.household_id) AS ranked_both,
        count(*) FILTER (WHERE pw.desil <= 4 OR pw.is_extreme_poor) AS poor_before,
        count(*) FILTER (WHERE (pw.desil <= 4 AND w.desil >= 5) OR (pw.is_extreme_poor AND NOT w.is_extreme_poor))
          AS graduated,
        count(*) FILTER (WHERE pw.desil >= 5 AND w.desil <= 4 AND EXISTS (
          SELECT 1 FROM household_welfare e JOIN snaps es ON es.id = e.snapshot_id
          WHERE e.household_id = w.household_id AND es.seq < t.seq - 1 AND (e.desil <= 4 OR e.is_extreme_poor)))
          AS reentered
      FROM todo t
      JOIN household_welfare w ON w.snapshot_id = t.id
      JOIN household h ON h.id = w.household_id
      LEFT JOIN members mb ON mb.household_id = w.household_id
      LEFT JOIN household_welfare pw ON pw.snapshot_id = t.prev_id AND pw.household_id = w.household_id
      GROUP BY t.id, h.kelurahan_code
    ),
    rolled AS (
      SELECT k.snapshot_id, a.code, sum(k.ranked)::int AS ranked, sum(k.extreme)::int AS extreme,
        sum(k.persons)::int AS persons, sum(k.persons_d14)::int AS persons_d14,
        sum(k.ranked_both)::int AS ranked_both, sum(k.poor_before)::int AS poor_before,
        sum(k.graduated)::int AS graduated, sum(k.reentered)::int AS reentered
      FROM per_kelurahan k ${rollUp(sql`k.code`)}
      GROUP BY k.snapshot_id, a.code
    )
    INSERT INTO indicator_value (indicator_code, region_code, snapshot_id, period, value, numerator, denominator, computed_at)
    SELECT v.code, r.code, t.id, t.snapshot_date, v.num, v.num, v.den, now()
    FROM todo t
    CROSS JOIN region r
    LEFT JOIN rolled x ON x.snapshot_id = t.id AND x.code = r.code
    CROSS JOIN LATERAL (VALUES
      ('extreme_poor_households', coalesce(x.extreme, 0), coalesce(x.ranked, 0)),
      ('desil_1_4_persons', coalesce(x.persons_d14, 0), coalesce(x.persons, 0)),
      ('graduated_households', coalesce(x.graduated, 0), coalesce(x.poor_before, 0)),
      ('reentered_households', coalesce(x.reentered, 0), coalesce(x.ranked_both, 0))
    ) v(code, num, den)
    WHERE t.prev_id IS NOT NULL OR v.code NOT IN ('graduated_households', 'reentered_households')
    ON CONFLICT (indicator_code, region_code, snapshot_id) DO UPDATE SET
      period = excluded.period, value = excluded.value, numerator = excluded.numerator,
      denominator = excluded.denominator, computed_at = excluded.computed_at`);
}

/**
 * Rebuilds `graduation_rollup` from the whole ranking history in one pass: each household's cohort is the first
 * snapshot it was in desil 1–4 (or extreme poor); transitions count between consecutive snapshots only.
 */
export async function refreshGraduationRollup(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM graduation_rollup`);
  await db.execute(sql`
    WITH snaps AS (${orderedSnapshots}),
    hist AS (
      SELECT w.household_id, s.id AS snapshot_id, s.seq, w.desil, w.is_extreme_poor,
        lag(s.seq) OVER hh AS prev_seq, lag(w.desil) OVER hh AS prev_desil,
        lag(w.is_extreme_poor) OVER hh AS prev_extreme,
        min(CASE WHEN w.desil <= 4 OR w.is_extreme_poor THEN s.seq END) OVER hh AS cohort_seq
      FROM household_welfare w JOIN snaps s ON s.id = w.snapshot_id
      WINDOW hh AS (PARTITION BY w.household_id ORDER BY s.seq)
    ),
    per_kelurahan AS (
      SELECT h.kelurahan_code AS code, c.id AS cohort_id, x.snapshot_id,
        count(*) AS households,
        count(*) FILTER (WHERE x.desil <= 4) AS in_d14,
        count(*) FILTER (WHERE x.prev_seq = x.seq - 1 AND ((x.prev_desil <= 4 AND x.desil >= 5)
          OR (x.prev_extreme AND NOT x.is_extreme_poor))) AS graduated,
        count(*) FILTER (WHERE x.prev_seq = x.seq - 1 AND x.prev_desil >= 5 AND x.desil <= 4
          AND x.cohort_seq < x.prev_seq) AS reentered,
        count(*) FILTER (WHERE x.prev_seq = x.seq - 1 AND x.prev_extreme AND NOT x.is_extreme_poor) AS left_extreme
      FROM hist x
      JOIN snaps c ON c.seq = x.cohort_seq
      JOIN household h ON h.id = x.household_id
      GROUP BY h.kelurahan_code, c.id, x.snapshot_id
    )
    INSERT INTO graduation_rollup (region_code, cohort_snapshot_id, snapshot_id, households, in_desil_1_4,
      graduated, reentered, left_extreme_poverty)
    SELECT a.code, k.cohort_id, k.snapshot_id, sum(k.households)::int, sum(k.in_d14)::int, sum(k.graduated)::int,
      sum(k.reentered)::int, sum(k.left_extreme)::int
    FROM per_kelurahan k ${rollUp(sql`k.code`)}
    JOIN region r ON r.code = a.code
    GROUP BY a.code, k.cohort_id, k.snapshot_id`);
}

const pillarValues = sql.raw(coveragePillars.map((p) => `(${p})`).join(', '));

/**
 * Desil-1 coverage by pillar of the latest snapshot, from `coverage_rollup` (which the targeting recompute has
 * just built on that snapshot): covered / households of desil 1, in percent; null where there are none.
 */
export async function refreshCoverageIndicators(db: Db): Promise<void> {
  await db.execute(sql`
    WITH latest AS (
      SELECT id, snapshot_date FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1
    ),
    rolled AS (
      SELECT a.code, c.pillar, sum(c.households)::int AS households, sum(c.covered)::int AS covered
      FROM coverage_rollup c ${rollUp(sql`c.kelurahan_code`)}
      WHERE c.desil = 1
      GROUP BY a.code, c.pillar
    )
    INSERT INTO indicator_value (indicator_code, region_code, snapshot_id, period, value, numerator, denominator, computed_at)
    SELECT ${coverageCodePrefix}::text || p.pillar::text, r.code, l.id, l.snapshot_date,
      CASE WHEN coalesce(x.households, 0) > 0 THEN x.covered * 100.0 / x.households END,
      coalesce(x.covered, 0), coalesce(x.households, 0), now()
    FROM latest l
    CROSS JOIN region r
    CROSS JOIN (VALUES ${pillarValues}) p(pillar)
    LEFT JOIN rolled x ON x.code = r.code AND x.pillar = p.pillar
    ON CONFLICT (indicator_code, region_code, snapshot_id) DO UPDATE SET
      period = excluded.period, value = excluded.value, numerator = excluded.numerator,
      denominator = excluded.denominator, computed_at = excluded.computed_at`);
}

/**
 * Data freshness of every kelurahan (or one): its active households, how many have an approved visit, when the
 * last approved visit was captured, and the latest active campaign with households assigned there with how many
 * of those have a visit received since the campaign's start (midnight in Jakarta) and approved — as campaign
 * progress counts them.
 */
export async function refreshFreshness(db: Db, kelurahanCode?: string): Promise<void> {
  const only = (column: SQL) => (kelurahanCode === undefined ? sql`TRUE` : sql`${column} = ${kelurahanCode}`);
  await db.execute(sql`
    WITH hh AS (
      SELECT h.kelurahan_code, count(*) AS households
      FROM household h WHERE h.status = 'active' AND ${only(sql`h.kelurahan_code`)}
      GROUP BY h.kelurahan_code
    ),
    verified AS (
      SELECT h.kelurahan_code, count(DISTINCT s.household_id) AS households, max(s.captured_at) AS last_at
      FROM field_submission s JOIN household h ON h.id = s.household_id
      WHERE s.status = 'approved' AND h.status = 'active' AND ${only(sql`h.kelurahan_code`)}
      GROUP BY h.kelurahan_code
    ),
    campaign AS (
      SELECT DISTINCT ON (h.kelurahan_code) h.kelurahan_code, c.id, count(*) AS assigned,
        count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM field_submission s
          WHERE s.household_id = a.household_id AND s.status = 'approved'
            AND s.received_at >= (c.period_start::timestamp AT TIME ZONE 'Asia/Jakarta'))) AS verified
      FROM verification_campaign c
      JOIN campaign_assignment a ON a.campaign_id = c.id
      JOIN household h ON h.id = a.household_id
      WHERE c.status = 'active' AND ${only(sql`h.kelurahan_code`)}
      GROUP BY h.kelurahan_code, c.id, c.period_start
      ORDER BY h.kelurahan_code, c.period_start DESC, c.id DESC
    )
    INSERT INTO kelurahan_freshness (kelurahan_code, households, verified_households, last_verified_at, campaign_id,
      campaign_assigned, campaign_verified, refreshed_at)
    SELECT r.code, coalesce(hh.households, 0), coalesce(v.households, 0), v.last_at, cp.id,
      coalesce(cp.assigned, 0), coalesce(cp.verified, 0), now()
    FROM region r
    LEFT JOIN hh ON hh.kelurahan_code = r.code
    LEFT JOIN verified v ON v.kelurahan_code = r.code
    LEFT JOIN campaign cp ON cp.kelurahan_code = r.code
    WHERE r.level = 'kelurahan' AND ${only(sql`r.code`)}
    ON CONFLICT (kelurahan_code) DO UPDATE SET
      households = excluded.households, verified_households = excluded.verified_households,
      last_verified_at = excluded.last_verified_at, campaign_id = excluded.campaign_id,
      campaign_assigned = excluded.campaign_assigned, campaign_verified = excluded.campaign_verified,
      refreshed_at = excluded.refreshed_at`);
}

/**
 * After a welfare recompute (in its transaction): the new snapshot's indicators, the graduation rollup and the
 * priority-location counts.
 */
export async function refreshAfterRanking(db: Db, snapshotId: number): Promise<void> {
  await refreshSnapshotIndicators(db, snapshotId);
  await refreshGraduationRollup(db);
  await refreshPriorityComponents(db);
  await analyseRollups(db, ['indicator_value', 'graduation_rollup', 'priority_component']);
}

/**
 * At the end of a targeting recompute (in its transaction): desil-1 coverage, data freshness and the
 * priority-location counts (their coverage gap comes from the coverage rollup just refreshed).
 */
export async function refreshAfterTargeting(db: Db): Promise<void> {
  await refreshCoverageIndicators(db);
  await refreshFreshness(db);
  await refreshPriorityComponents(db);
  await analyseRollups(db, [
    'targeting_rollup',
    'coverage_rollup',
    'indicator_value',
    'kelurahan_freshness',
    'priority_component',
  ]);
}

/**
 * ANALYZE of the small tables a refresh rewrote (thousands of rows: milliseconds), so the dashboards' joins are
 * planned for what they now hold. Without it, statistics taken before the refresh lack its new rows (the coverage
 * indicators, say) and the planner loops over regions per rollup row: 80–100 ms instead of 3 ms at scale 0.1.
 */
async function analyseRollups(db: Db, tables: readonly string[]): Promise<void> {
  await db.execute(sql.raw(`ANALYZE ${tables.join(', ')}`));
}
