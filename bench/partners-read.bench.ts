/**
 * Latency of the partners' read paths on an existing (ranked, recomputed) database, read-only:
 * `publishedNeeds` (coverage rollup aggregated to every level + suppression) and the overlap check's statement.
 * Usage: DATABASE_URL=postgres://… npx tsx bench/partners-read.bench.ts
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import type { SessionUser } from '../src/http/context.ts';
import { publishedNeeds } from '../src/modules/partners/partners.needs.ts';
import { isServed } from '../src/modules/partners/partners.repository.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: tsx bench/partners-read.bench.ts <postgres url>');
const database = await openDatabase({ url });
const db = database.db;
const user = { id: 0, role: 'partner', regionCode: '31', organisation: 'BAZNAS' } as SessionUser;

async function p95(name: string, runs: number, work: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await work(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${name}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${runs} runs)`);
}

const niks = (await queryRows<{ nik: string }>(db, sql`SELECT nik FROM person ORDER BY id LIMIT 200`)).map(
  (r) => r.nik,
);
await p95('needs ?region=31', 30, () => publishedNeeds(db, user, '31'));
await p95('needs ?region=31.72.01', 30, () => publishedNeeds(db, user, '31.72.01'));
await p95('overlap statement (registry NIKs)', 200, (i) => isServed(db, niks[i % niks.length]!, 2));
await p95('overlap statement (unknown NIKs)', 200, (i) =>
  isServed(db, `99${String(i).padStart(14, '0')}`, 2),
);
await database.close();
