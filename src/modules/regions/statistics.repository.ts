import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { officialPovertyStat } from './regions.schema.ts';

export type NewOfficialPovertyStat = typeof officialPovertyStat.$inferInsert;

/** Inserts or updates official statistics by (region, period), in one statement. */
export async function upsertOfficialStats(db: Db, rows: readonly NewOfficialPovertyStat[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(officialPovertyStat)
    .values([...rows])
    .onConflictDoUpdate({
      target: [officialPovertyStat.regionCode, officialPovertyStat.period],
      set: {
        poorPersons: sql`excluded.poor_persons`,
        p0: sql`excluded.p0`,
        povertyLine: sql`excluded.poverty_line`,
        p1: sql`excluded.p1`,
        p2: sql`excluded.p2`,
        source: sql`excluded.source`,
        confidence: sql`excluded.confidence`,
      },
    });
}

/** The official series of one region, oldest first; numbers come back as the database's numeric strings. */
export function selectPovertySeries(db: Db, regionCode: string) {
  return db
    .select({
      period: sql<string>`to_char(${officialPovertyStat.period}, 'YYYY-MM')`,
      poorPersons: officialPovertyStat.poorPersons,
      p0: officialPovertyStat.p0,
      povertyLine: officialPovertyStat.povertyLine,
      p1: officialPovertyStat.p1,
      p2: officialPovertyStat.p2,
      source: officialPovertyStat.source,
      confidence: officialPovertyStat.confidence,
    })
    .from(officialPovertyStat)
    .where(eq(officialPovertyStat.regionCode, regionCode))
    .orderBy(asc(officialPovertyStat.period));
}

const desils = Array.from({ length: 10 }, (_, i) => i + 1);
const countPerDesil = sql.raw(desils.map((d) => `count(*) FILTER (WHERE desil = ${d}) AS d${d}`).join(', '));
const sumPerDesil = sql.raw(desils.map((d) => `sum(d${d}) AS d${d}`).join(', '));
const desilArray = sql.raw(`ARRAY[${desils.map((d) => `coalesce(x.d${d}, 0)`).join(', ')}]::int[]`);

/**
 * Recomputes `region_stat` for every region in one statement: active households and their current active
 * members per kelurahan, desil and extreme-poor counts from the latest welfare snapshot, rolled up to kecamatan,
 * kota and province through the code prefixes (`31.71.01.1001` → `31.71.01`, `31.71`, `31`). Regions without
 * households get zeros.
 */
export async function refreshRegionStatsTable(db: Db): Promise<void> {
  await db.execute(sql`
    WITH latest AS (
      SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1
    ),
    members AS (
      SELECT m.household_id, count(*) AS persons
      FROM household_member m JOIN person p ON p.id = m.person_id
      WHERE m.end_date IS NULL AND p.status = 'active'
      GROUP BY m.household_id
    ),
    per_household AS (
      SELECT h.kelurahan_code, coalesce(mb.persons, 0) AS persons, w.desil, coalesce(w.is_extreme_poor, false) AS is_extreme_poor
      FROM household h
      LEFT JOIN members mb ON mb.household_id = h.id
      LEFT JOIN household_welfare w ON w.household_id = h.id AND w.snapshot_id = (SELECT id FROM latest)
      WHERE h.status = 'active'
    ),
    per_kelurahan AS (
      SELECT kelurahan_code AS code, count(*) AS households, sum(persons) AS persons, ${countPerDesil},
        count(*) FILTER (WHERE is_extreme_poor) AS extreme
      FROM per_household GROUP BY kelurahan_code
    ),
    rolled_up AS (
      SELECT a.code, sum(k.households) AS households, sum(k.persons) AS persons, ${sumPerDesil}, sum(k.extreme) AS extreme
      FROM per_kelurahan k
      CROSS JOIN LATERAL (
        SELECT DISTINCT c FROM (VALUES (left(k.code, 2)), (left(k.code, 5)), (left(k.code, 8)), (k.code)) v(c)
      ) a(code)
      GROUP BY a.code
    )
    INSERT INTO region_stat (region_code, households, persons, desil_counts, extreme_poor_households, snapshot_id, refreshed_at)
    SELECT r.code, coalesce(x.households, 0), coalesce(x.persons, 0), ${desilArray}, coalesce(x.extreme, 0),
      (SELECT id FROM latest), now()
    FROM region r LEFT JOIN rolled_up x ON x.code = r.code
    ON CONFLICT (region_code) DO UPDATE SET
      households = excluded.households,
      persons = excluded.persons,
      desil_counts = excluded.desil_counts,
      extreme_poor_households = excluded.extreme_poor_households,
      snapshot_id = excluded.snapshot_id,
      refreshed_at = excluded.refreshed_at`);
}
