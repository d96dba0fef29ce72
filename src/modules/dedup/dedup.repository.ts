import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { PatternCount } from './dedup.model.ts';

/**
 * The persons deduplication looks at (all but merged ones), with their normalised name, name key, phonetic key,
 * NIK parts, birth date and current household/kelurahan. `focus` marks the persons whose pairs are wanted (all,
 * or the persons of an import).
 */
export async function materializePersons(tx: Db, personIds: readonly number[] | undefined): Promise<number> {
  const focus = personIds ? sql`p.id = ANY(${`{${personIds.join(',')}}`}::bigint[])` : sql`TRUE`;
  // Names repeat across persons: each distinct spelling is normalised once.
  await tx.execute(sql`CREATE TEMP TABLE dd_name ON COMMIT DROP AS
    SELECT name, tepat_normalize_name(name) AS norm FROM (SELECT DISTINCT name FROM person OFFSET 0) d`);
  await tx.execute(sql`CREATE TEMP TABLE dd_person ON COMMIT DROP AS
    SELECT p.id, p.nik, n.norm, n.key, left(n.key, 3) AS key3, metaphone(n.key, 12) AS phon,
           left(p.nik, 12) AS nik12, p.birth_date, extract(year FROM p.birth_date)::int AS birth_year, p.sex,
           m.household_id, h.kelurahan_code, ${focus} AS focus
    FROM person p
    JOIN (SELECT name, norm, replace(norm, ' ', '') AS key FROM dd_name) n ON n.name = p.name
    LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, household_id FROM household_member
               WHERE end_date IS NULL ORDER BY person_id, start_date DESC, household_id) m ON m.person_id = p.id
    LEFT JOIN household h ON h.id = m.household_id
    WHERE p.status <> 'merged'`);
  await tx.execute(sql`ANALYZE dd_person`);
  const [row] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM dd_person`);
  return row!.n;
}

/** The blocks: persons sharing a block key become candidate pairs. */
const blocks: { name: string; on: SQL }[] = [
  { name: 'nik', on: sql`y.nik = x.nik` },
  { name: 'birth_date_name3', on: sql`y.birth_date = x.birth_date AND y.key3 = x.key3` },
  { name: 'phonetic_birth_year', on: sql`y.phon = x.phon AND y.birth_year = x.birth_year` },
  { name: 'nik_region_date', on: sql`y.nik12 = x.nik12` },
  { name: 'kelurahan_name', on: sql`y.kelurahan_code = x.kelurahan_code AND y.key = x.key` },
];

/**
 * Candidate pairs (a < b) from the union of the blocks, each pair once, then its comparison vector. Returns the
 * pairs each block produced and the distinct pairs compared.
 */
export async function materializeCandidates(
  tx: Db,
): Promise<{ pairsCompared: number; blockPairs: Record<string, number> }> {
  const union = sql.join(
    blocks.map(
      (b) => sql`SELECT ${b.name}::text AS block, x.id AS a, y.id AS b FROM dd_person x
        JOIN dd_person y ON ${b.on} AND y.id > x.id WHERE x.focus OR y.focus`,
    ),
    sql` UNION ALL `,
  );
  await tx.execute(sql`CREATE TEMP TABLE dd_block_pair ON COMMIT DROP AS ${union}`);
  const perBlock = await queryRows<{ block: string; n: number }>(
    tx,
    sql`SELECT block, count(*)::int AS n FROM dd_block_pair GROUP BY block`,
  );
  await tx.execute(sql`CREATE TEMP TABLE dd_cmp ON COMMIT DROP AS
    SELECT c.a, c.b,
      CASE WHEN x.nik = y.nik THEN 2 WHEN levenshtein(x.nik, y.nik) = 1 THEN 1 ELSE 0 END AS nik,
      CASE WHEN x.key = y.key THEN 3
           WHEN levenshtein(x.key, y.key) <= 2 OR similarity(x.norm, y.norm) >= 0.7 THEN 2
           WHEN similarity(x.norm, y.norm) >= 0.4 THEN 1 ELSE 0 END AS name,
      CASE WHEN x.birth_date = y.birth_date THEN 2
           WHEN (x.birth_year = y.birth_year)::int
              + (extract(month FROM x.birth_date) = extract(month FROM y.birth_date))::int
              + (extract(day FROM x.birth_date) = extract(day FROM y.birth_date))::int = 2
             OR (x.birth_year = y.birth_year AND extract(month FROM x.birth_date) = extract(day FROM y.birth_date)
                 AND extract(day FROM x.birth_date) = extract(month FROM y.birth_date)) THEN 1
           ELSE 0 END AS birth_date,
      CASE WHEN x.sex = y.sex THEN 1 ELSE 0 END AS sex,
      CASE WHEN x.household_id = y.household_id THEN 2 WHEN x.kelurahan_code = y.kelurahan_code THEN 1 ELSE 0 END
        AS area
    FROM (SELECT DISTINCT a, b FROM dd_block_pair) c
    JOIN dd_person x ON x.id = c.a JOIN dd_person y ON y.id = c.b`);
  await tx.execute(sql`ANALYZE dd_cmp`);
  const [row] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM dd_cmp`);
  return {
    pairsCompared: row!.n,
    blockPairs: Object.fromEntries(perBlock.map((r) => [r.block, r.n])),
  };
}

/** How many candidate pairs show each comparison pattern (the input of EM). */
export async function patternCounts(tx: Db): Promise<PatternCount[]> {
  const rows = await queryRows<{
    nik: number;
    name: number;
    bd: number;
    sex: number;
    area: number;
    n: number;
  }>(
    tx,
    sql`SELECT nik, name, birth_date AS bd, sex, area, count(*)::int AS n FROM dd_cmp
        GROUP BY nik, name, birth_date, sex, area`,
  );
  return rows.map((r) => ({ pattern: [r.nik, r.name, r.bd, r.sex, r.area], count: r.n }));
}

/**
 * Stores the pairs scoring at or above the review threshold as `review` (score per pattern passed in as a
 * table). A pair already known keeps its decision; one still in review takes the new run's score.
 */
export async function storePairs(
  tx: Db,
  runId: number,
  scores: { pattern: readonly number[]; score: number }[],
  reviewThreshold: number,
): Promise<number> {
  const kept = scores.filter((s) => s.score >= reviewThreshold);
  if (kept.length === 0) return 0;
  const values = sql.join(
    kept.map(
      (s) => sql`(${s.pattern[0]}::int, ${s.pattern[1]}::int, ${s.pattern[2]}::int, ${s.pattern[3]}::int,
      ${s.pattern[4]}::int, ${s.score}::float8)`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO dedup_pair (run_id, person_a, person_b, score, comparison, status)
      SELECT ${runId}, c.a, c.b, w.score,
             jsonb_build_object('nik', c.nik, 'name', c.name, 'birthDate', c.birth_date, 'sex', c.sex, 'area', c.area),
             'review'
      FROM dd_cmp c
      JOIN (VALUES ${values}) AS w(nik, name, birth_date, sex, area, score)
        ON w.nik = c.nik AND w.name = c.name AND w.birth_date = c.birth_date AND w.sex = c.sex AND w.area = c.area
      ON CONFLICT (person_a, person_b) DO UPDATE
        SET run_id = excluded.run_id, score = excluded.score, comparison = excluded.comparison
        WHERE dedup_pair.status = 'review'
      RETURNING id`,
  );
  return rows.length;
}

/**
 * Pairs of this run at or above the auto-merge threshold that can merge without ambiguity: the duplicate (the
 * higher id) is in no other such pair and the survivor is not itself being merged away. Others stay in review.
 */
export async function autoMergeablePairs(tx: Db, runId: number, autoThreshold: number): Promise<number[]> {
  // A work table with fresh statistics: the planner knows nothing yet of the pairs this run just stored.
  await tx.execute(sql`CREATE TEMP TABLE dd_auto ON COMMIT DROP AS
    SELECT id, person_a, person_b FROM dedup_pair
    WHERE run_id = ${runId} AND status = 'review' AND score >= ${autoThreshold}`);
  await tx.execute(sql`ANALYZE dd_auto`);
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`WITH seen AS (SELECT person, count(*) AS n FROM (SELECT person_a AS person FROM dd_auto
                      UNION ALL SELECT person_b FROM dd_auto) s GROUP BY person)
        SELECT a.id FROM dd_auto a JOIN seen s ON s.person = a.person_b AND s.n = 1
        WHERE NOT EXISTS (SELECT 1 FROM dd_auto o WHERE o.person_b = a.person_a)
        ORDER BY a.id`,
  );
  return rows.map((r) => Number(r.id));
}
