/**
 * `npx tsx bench/plans.ts [postgres|pglite]`: latency of planRealisation (the dashboard's and LP2KD's plan figures)
 * over 300 approved RATs × 10 activities with four quarters of progress, 40 calls per grouping. PostgreSQL needs
 * TEST_DATABASE_URL (a scratch database is created and dropped).
 */
import { sql } from 'drizzle-orm';
import { createEmptyDatabase, testConfig } from '../tests/support/database.ts';
import { createContext } from '../src/bootstrap.ts';
import { createLogger } from '../src/logger.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { ensurePrograms } from '../src/modules/programs/programs.service.ts';
import { ensureDemoUsers } from '../src/modules/access/access.demo.ts';
import { planRealisation } from '../src/modules/plans/plans.service.ts';

const kind = (process.argv[2] ?? 'postgres') as 'postgres' | 'pglite';
const { database, drop } = await createEmptyDatabase(kind);
const config = testConfig();
const ctx = await createContext(config, database, createLogger(config));
const db = ctx.database.db;
await loadProvince(db, '31');
await ensurePrograms(db);
await ensureDemoUsers(db, 'bench-password');
// 300 approved RATs (province, kota, kecamatan tiers) × 10 activities, Q1–Q4 progress: 3,000 activities.
await db.execute(sql`
  INSERT INTO plan (kind, title, region_code, owner_agency, year_from, year_to, status, created_by)
  SELECT 'rat', 'RAT ' || r.code || ' ' || g, r.code, 'DINSOS', 2026, 2026, 'approved', (SELECT min(id) FROM app_user)
  FROM (SELECT code FROM region WHERE level IN ('province','kota','kecamatan') ORDER BY code LIMIT 50) r,
       generate_series(1, 6) g`);
await db.execute(sql`
  INSERT INTO plan_activity (plan_id, title, responsible_agency, program_code, pillar, budget_year, budget)
  SELECT p.id, 'Kegiatan ' || i, (ARRAY['DINSOS','DISDIK','DINKES','PPKUKM'])[1 + i % 4],
         (SELECT code FROM program ORDER BY code OFFSET i % 17 LIMIT 1), 1 + i % 4, 2026, 1000000 * (i + 1)
  FROM plan p, generate_series(1, 10) i`);
await db.execute(sql`
  INSERT INTO plan_activity_indicator (activity_id, kind, indicator_code, unit, year, target)
  SELECT id, 'output', 'OUT', 'orang', 2026, 100 FROM plan_activity`);
await db.execute(sql`
  INSERT INTO plan_progress (activity_id, year, quarter, budget_realised, output_achieved, filed_by)
  SELECT a.id, 2026, q, 100000 * q, 10 * q, (SELECT min(id) FROM app_user) FROM plan_activity a, generate_series(1, 4) q`);
await db.execute(sql`ANALYZE`);
for (const groupBy of ['agency', 'program', 'area', 'activity'] as const) {
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const start = performance.now();
    await planRealisation(db, { year: 2026, quarter: 3, regionCode: '31', groupBy });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(kind, groupBy, 'median', times[20]!.toFixed(1), 'ms p95', times[37]!.toFixed(1), 'ms');
}
await ctx.jobs.idle();
await drop();
