import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

export interface DedupQuality {
  planted: number;
  /** Pairs the runs found: auto-merged plus pending review (both count as found). */
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  autoMerged: number;
  autoMergedCorrect: number;
  /** Planted duplicates missed, by kind. */
  missedByKind: Record<string, number>;
}

/**
 * Scores deduplication against the synthetic ground truth (`synthetic.planted_duplicate`): for tests and the
 * benchmark only, never the product. Found = pairs auto-merged or pending review.
 */
export async function scoreAgainstPlanted(db: Db): Promise<DedupQuality> {
  const [row] = await queryRows<{
    planted: number;
    found: number;
    tp: number;
    auto: number;
    auto_tp: number;
  }>(
    db,
    sql`WITH truth AS (SELECT least(duplicate_person_id, original_person_id) AS a,
                              greatest(duplicate_person_id, original_person_id) AS b FROM synthetic.planted_duplicate),
             found AS (SELECT person_a AS a, person_b AS b, status FROM dedup_pair
                       WHERE status IN ('review', 'auto_merged'))
        SELECT (SELECT count(*) FROM truth)::int AS planted, (SELECT count(*) FROM found)::int AS found,
               (SELECT count(*) FROM found JOIN truth USING (a, b))::int AS tp,
               (SELECT count(*) FROM found WHERE status = 'auto_merged')::int AS auto,
               (SELECT count(*) FROM found JOIN truth USING (a, b) WHERE status = 'auto_merged')::int AS auto_tp`,
  );
  const missed = await queryRows<{ kind: string; n: number }>(
    db,
    sql`SELECT t.kind, count(*)::int AS n FROM synthetic.planted_duplicate t
        WHERE NOT EXISTS (SELECT 1 FROM dedup_pair f WHERE f.status IN ('review', 'auto_merged')
          AND f.person_a = least(t.duplicate_person_id, t.original_person_id)
          AND f.person_b = greatest(t.duplicate_person_id, t.original_person_id))
        GROUP BY t.kind`,
  );
  const r = row!;
  return {
    planted: r.planted,
    found: r.found,
    truePositives: r.tp,
    precision: r.found === 0 ? 0 : r.tp / r.found,
    recall: r.planted === 0 ? 0 : r.tp / r.planted,
    autoMerged: r.auto,
    autoMergedCorrect: r.auto_tp,
    missedByKind: Object.fromEntries(missed.map((m) => [m.kind, m.n])),
  };
}
