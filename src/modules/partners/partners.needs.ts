import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { suppress, type CountRow } from '../opendata/suppression.ts';
import type { Needs } from './partners.contracts.ts';

/** Counts under this are never published. */
export const needsThreshold = 10;

const measures = ['desil14Unreached', 'extremePoorUnreached'] as const;
type Measure = (typeof measures)[number];

/** The parent of a region code (kelurahan → kecamatan → kota → province), or null for the province. */
const parentCode = (code: string) => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);

/**
 * Unreached households per area of every level (province, kota, kecamatan, kelurahan) and pillar, in ONE
 * statement over the coverage rollup: desil 1–4 households and extreme-poor households not reached by any program
 * of the pillar.
 */
function selectUnreachedAllLevels(db: Db) {
  return queryRows<{ code: string; name: string; pillar: number; d14: number; xp: number }>(
    db,
    sql`SELECT g.code, r.name, g.pillar, g.d14::int AS d14, g.xp::int AS xp
    FROM (SELECT left(c.kelurahan_code, l.len) AS code, c.pillar::int AS pillar,
                 coalesce(sum(c.households - c.covered) FILTER (WHERE c.desil BETWEEN 1 AND 4), 0) AS d14,
                 sum(c.extreme_poor - c.extreme_poor_covered) AS xp
          FROM coverage_rollup c CROSS JOIN (VALUES (2), (5), (8), (13)) l(len)
          GROUP BY 1, 2) g
    JOIN region r ON r.code = g.code
    ORDER BY g.code, g.pillar`,
  );
}

type UnreachedRow = Awaited<ReturnType<typeof selectUnreachedAllLevels>>[number];

/**
 * The last suppressed table and the digest of the counts it was made from. Suppression is a pure function of
 * the counts, which change only when a recompute or a household refresh rewrites the coverage rollup, so every
 * request until then (any region: each is a slice of the same table) reuses it instead of solving it again.
 */
let lastSuppressed: { digest: string; shown: Map<string, number | null> } | null = null;

/** Every count of every level, pillar and measure after suppression: `code|pillar|measure` → count or null. */
function suppressedNeeds(rows: readonly UnreachedRow[]): Map<string, number | null> {
  const digest = createHash('sha256')
    .update(JSON.stringify(rows.map((r) => [r.code, r.pillar, r.d14, r.xp])))
    .digest('hex');
  if (lastSuppressed?.digest === digest) return lastSuppressed.shown;
  const shown = new Map<string, number | null>();
  const pillars = [...new Set(rows.map((r) => r.pillar))];
  for (const measure of measures)
    for (const pillar of pillars) {
      const counts: CountRow[] = rows
        .filter((r) => r.pillar === pillar)
        .map((r) => ({
          area: r.code,
          parent: parentCode(r.code),
          category: measure,
          count: measure === 'desil14Unreached' ? r.d14 : r.xp,
        }));
      const table = suppress(counts, { threshold: needsThreshold, rowTotals: false });
      for (const cell of table.cells) shown.set(`${cell.area}|${pillar}|${measure}`, cell.count);
    }
  lastSuppressed = { digest, shown };
  return shown;
}

/**
 * Published needs: for a region and its child areas, per pillar, the desil 1–4 and extreme-poor households not
 * reached by any program of the pillar. No personal data. Every count goes through the open-data suppression over
 * the WHOLE province hierarchy (each area's count is the sum of its children's), so no count under 10 is shown
 * and none can be recovered by subtracting shown parts from a shown total — also across requests for different
 * regions, because every request publishes a slice of the same suppressed table. Each measure × pillar is its own
 * table (the measures overlap, so they add up to no published total).
 */
export async function publishedNeeds(db: Db, _user: SessionUser, region = '31'): Promise<Needs> {
  const rows = await selectUnreachedAllLevels(db);
  const names = new Map(rows.map((r) => [r.code, r.name]));
  if (!names.has(region)) throw notFound(`Needs of region ${region}`);
  const shown = suppressedNeeds(rows);
  const inSlice = (code: string) => code === region || parentCode(code) === region;
  const value = (code: string, pillar: number, measure: Measure) =>
    shown.get(`${code}|${pillar}|${measure}`) ?? null;
  const level = { 2: 'province', 5: 'kota', 8: 'kecamatan', 13: 'kelurahan' }[region.length] ?? 'unknown';
  return {
    region,
    level,
    minimumCount: needsThreshold,
    items: rows
      .filter((r) => inSlice(r.code))
      .map((r) => ({
        regionCode: r.code,
        regionName: r.name,
        pillar: r.pillar,
        desil14Unreached: value(r.code, r.pillar, 'desil14Unreached'),
        extremePoorUnreached: value(r.code, r.pillar, 'extremePoorUnreached'),
      })),
  };
}
