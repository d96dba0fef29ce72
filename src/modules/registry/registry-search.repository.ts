import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { householdScopeCondition, type Scope } from '../access/access.scope.ts';

/** What to look for: exact NIK, exact KK number, and/or a name (spelling-tolerant), optionally within a region. */
export interface SearchCriteria {
  nik?: string;
  kk?: string;
  name?: string;
  /** Dotted Kemendagri code; households whose kelurahan lies inside it. */
  region?: string;
}

export interface MatchedPersonRow {
  personId: number;
  nik: string;
  name: string;
  relationship: string;
}

/** One household found, with what the result list shows about it. */
export interface SearchRow {
  householdId: number;
  matchScore: number;
  kkNumber: string;
  status: string;
  kelurahanCode: string;
  kelurahanName: string | null;
  rw: string;
  rt: string;
  address: string;
  headName: string | null;
  memberCount: number;
  desil: number | null;
  isExtremePoor: boolean | null;
  welfareSnapshotDate: string | null;
  matchedPersons: MatchedPersonRow[];
}

/** Person-level match: current members whose NIK equals, or whose name resembles, the query (pg_trgm). */
function personMatches(criteria: SearchCriteria, householdFilter: SQL): SQL {
  const conditions: SQL[] = [];
  if (criteria.nik !== undefined) conditions.push(sql`nik = ${criteria.nik}`);
  let score = sql`1.0`;
  if (criteria.name !== undefined) {
    const q = sql`lower(${criteria.name})`;
    // `%` (similarity) catches misspelt full names, `<%` (word similarity) a name typed in part; both use the
    // GIN trigram index on lower(person.name).
    conditions.push(sql`(lower(name) % ${q} OR ${q} <% lower(name))`);
    score = sql`greatest(similarity(lower(name), ${q}), word_similarity(${q}, lower(name)))`;
  }
  // OFFSET 0 keeps the person match a separate step: found through its own index, then joined to households.
  return sql`SELECT h.id AS household_id, p.id AS person_id, p.nik, p.name, hm.relationship, p.score
    FROM (SELECT id, nik, name, (${score})::float8 AS score FROM person
      WHERE ${sql.join(conditions, sql` AND `)} OFFSET 0) p
    JOIN household_member hm ON hm.person_id = p.id AND hm.end_date IS NULL
    JOIN household h ON h.id = hm.household_id
    WHERE ${householdFilter}`;
}

/** Household-level match (KK number only): no person matched. */
function householdMatches(householdFilter: SQL): SQL {
  return sql`SELECT h.id AS household_id, NULL::bigint AS person_id, NULL::text AS nik, NULL::text AS name,
      NULL::text AS relationship, 1.0::float8 AS score
    FROM household h WHERE ${householdFilter}`;
}

function householdFilterOf(criteria: SearchCriteria, scope: Scope): SQL {
  const columns = { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` };
  const conditions = [householdScopeCondition(scope, columns)];
  // A region filter nests by code prefix exactly as an area scope does.
  if (criteria.region)
    conditions.push(householdScopeCondition({ kind: 'region', regionCode: criteria.region }, columns));
  if (criteria.kk !== undefined) conditions.push(sql`h.kk_number = ${criteria.kk}`);
  return sql.join(conditions, sql` AND `);
}

/** Households matching the criteria inside the scope, best match first, one page, with the total count. */
export async function searchHouseholds(
  db: Db,
  criteria: SearchCriteria,
  scope: Scope,
  page: { page: number; pageSize: number },
): Promise<{ total: number; rows: SearchRow[] }> {
  const filter = householdFilterOf(criteria, scope);
  const matched =
    criteria.nik === undefined && criteria.name === undefined
      ? householdMatches(filter)
      : personMatches(criteria, filter);
  const statement = sql`WITH matched AS (${matched}),
    grouped AS (
      SELECT household_id, max(score) AS score,
        coalesce(json_agg(json_build_object('personId', person_id, 'nik', nik, 'name', name, 'relationship', relationship)
          ORDER BY score DESC, person_id) FILTER (WHERE person_id IS NOT NULL), '[]') AS persons
      FROM matched GROUP BY household_id
    ),
    page AS (
      SELECT * FROM grouped ORDER BY score DESC, household_id LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}
    )
    SELECT t.total, x.* FROM (SELECT count(*)::int AS total FROM grouped) t
    LEFT JOIN LATERAL (
      SELECT pg.household_id::text AS "householdId", pg.score AS "matchScore", pg.persons AS "matchedPersons",
        h.kk_number AS "kkNumber", h.status, h.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName",
        h.rw, h.rt, h.address, head.name AS "headName", members.n AS "memberCount",
        w.desil::int AS desil, w.is_extreme_poor AS "isExtremePoor", w.snapshot_date::text AS "welfareSnapshotDate"
      FROM page pg
      JOIN household h ON h.id = pg.household_id
      LEFT JOIN region r ON r.code = h.kelurahan_code
      LEFT JOIN LATERAL (SELECT p.name FROM household_member hm JOIN person p ON p.id = hm.person_id
        WHERE hm.household_id = h.id AND hm.end_date IS NULL AND hm.relationship = 'head'
        ORDER BY hm.position LIMIT 1) head ON true
      LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM household_member hm
        WHERE hm.household_id = h.id AND hm.end_date IS NULL) members ON true
      LEFT JOIN LATERAL (SELECT hw.desil, hw.is_extreme_poor, ws.snapshot_date FROM household_welfare hw
        JOIN welfare_snapshot ws ON ws.id = hw.snapshot_id WHERE hw.household_id = h.id
        ORDER BY ws.snapshot_date DESC, ws.id DESC LIMIT 1) w ON true
    ) x ON true
    ORDER BY x."matchScore" DESC, x."householdId"::bigint`;
  type Row = SearchRow & { total: number; householdId: number | string };
  const rows =
    criteria.name === undefined
      ? await queryRows<Row>(db, statement)
      : await db.transaction(async (tx) => {
          // Planners from PostgreSQL 17 on (PGlite is 18) cost the trigram GIN bitmap scan above a scan that
          // computes similarity() for every person: ~10x slower on 110k persons. Steer this query to the index.
          await tx.execute(sql`SET LOCAL enable_seqscan = off`);
          await tx.execute(sql`SET LOCAL enable_indexscan = off`);
          return queryRows<Row>(tx, statement);
        });
  const total = rows[0]?.total ?? 0;
  const found = rows.filter((r) => r.householdId !== null);
  return { total, rows: found.map(({ total: _t, ...r }) => ({ ...r, householdId: Number(r.householdId) })) };
}
