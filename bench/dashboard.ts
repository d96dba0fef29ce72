/**
 * `npm run bench:dashboard`: latency of every dashboard endpoint on PostgreSQL (BENCH_DATABASE_URL, default the
 * local server) at scale 0.1 (BENCH_SCALE). Seeds the population, ranks it, seeds enrolments and runs the targeting
 * recompute (which refreshes the precomputed indicator rows), starts a real HTTP server and calls each endpoint
 * (the list below) at province, kota and kelurahan level, one request at a time as the secretariat, after a warm-up.
 * The baseline, in the same run, is GET /auth/me (session check only). Goal: p95 < 100 ms each. Results go to
 * bench/results/dashboard.json. Add endpoints to `endpoints`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoPlans } from '../src/modules/plans/plans.demo.ts';
import { ensurePriorityWeightings } from '../src/modules/priority/priority.service.ts';
import { withClient } from './support.ts';
import { createContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { ensureDemoUsers } from '../src/modules/access/access.demo.ts';
import { ensurePrograms } from '../src/modules/programs/programs.service.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { seedSyntheticEnrolments } from '../src/modules/synthetic/enrolments.ts';
import { seedPopulation } from '../src/modules/synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../src/modules/targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../src/modules/welfare/welfare.service.ts';
import { startServer } from '../src/server.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://tepat:tepat@localhost:5432/postgres';
const scale = Number(process.env.BENCH_SCALE ?? 0.1);
const warmup = 5;
const samples = 60;
const goalP95Ms = 100;
const password = 'bench-dashboard-password';

/** The three levels each endpoint is measured at: the province, Jakarta Utara, Penjaringan. */
const levels = { province: '31', kota: '31.72', kelurahan: '31.72.01.1001' } as const;

/** Dashboard endpoints: a name and the path for an area code. Add new dashboard endpoints here. */
const endpoints: { name: string; path: (code: string) => string }[] = [
  { name: 'GET /regions/{code}', path: (c) => `/regions/${c}` },
  { name: 'GET /regions/{code}/map', path: (c) => `/regions/${c}/map?level=kelurahan` },
  { name: 'GET /statistics/poverty', path: (c) => `/statistics/poverty?region=${c}` },
  { name: 'GET /targeting/summary', path: (c) => `/targeting/summary?region=${c}` },
  { name: 'GET /targeting/coverage', path: (c) => `/targeting/coverage?region=${c}` },
  { name: 'GET /indicators/areas', path: (c) => `/indicators/areas?region=${c}&level=kelurahan` },
  { name: 'GET /indicators/{code}/series', path: (c) => `/indicators/desil_1_4_persons/series?region=${c}` },
  { name: 'GET /indicators/{code}/trajectory', path: (c) => `/indicators/p0/trajectory?region=${c}` },
  { name: 'GET /indicators/targets', path: (c) => `/indicators/targets?region=${c}` },
  { name: 'GET /graduation', path: (c) => `/graduation?region=${c}` },
  { name: 'GET /dashboard/freshness', path: (c) => `/dashboard/freshness?region=${c}` },
  { name: 'GET /dashboard/targeting', path: (c) => `/dashboard/targeting?region=${c}` },
  {
    name: 'GET /plan-realisation',
    path: (c) =>
      `/plan-realisation?year=${new Date().getFullYear()}&quarter=3&regionCode=${c}&groupBy=agency`,
  },
  { name: 'GET /partners/needs', path: (c) => `/partners/needs?region=${c}` },
  { name: 'GET /partners/contributions', path: (c) => `/partners/contributions?region=${c}` },
  {
    name: 'GET /priority/locations',
    path: (c) => (c.length >= 5 ? `/priority/locations?kota=${c.slice(0, 5)}` : '/priority/locations'),
  },
  { name: 'GET /open-data/areas', path: (c) => `/open-data/areas?level=kelurahan&within=${c.slice(0, 5)}` },
  { name: 'GET /reports/lp2kd', path: (c) => `/reports/lp2kd?region=${c}&year=${new Date().getFullYear()}` },
];

interface Measured {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  errors: number;
}

async function measure(url: string, cookie: string): Promise<Measured> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.status === 200 };
  };
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    const { ms, ok } = await once();
    times.push(ms);
    if (!ok) errors += 1;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50Ms: at(0.5), p95Ms: at(0.95), maxMs: times.at(-1)!, errors };
}

async function main() {
  const name = `tepat_bench_dashboard_${process.pid}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  let server: { url: string; close: () => Promise<void> } | undefined;
  try {
    const config = {
      ...loadConfig({ LOG_LEVEL: 'warn' }),
      databaseUrl: url.toString(),
      port: 0,
      host: '127.0.0.1',
    };
    const ctx = await createContext(config, database);
    const db = database.db;
    await loadProvince(db, '31');
    console.log(`Seeding scale ${scale}…`);
    await seedPopulation(database, { scale, seed: 1 });
    console.log('Ranking, enrolments, targeting recompute (refreshes the dashboard rollups)…');
    await recomputeWelfare(db);
    await ensurePrograms(db);
    await seedSyntheticEnrolments(db, { seed: 1 });
    await withClient(url.toString(), (c) => c.query('VACUUM (ANALYZE)'));
    await recomputeTargeting(db);
    await ensureDemoUsers(db, password);
    // The demo action plans (approved RATs with progress), so the realisation has rows to sum.
    await ensureDemoPlans(db);
    await ensurePriorityWeightings(db);
    // Dashboards are read in steady state, long after the nightly recompute; right after it autovacuum works through
    // the millions of rows the seeding and the recompute wrote and competes with every request. Settle it first
    // (untimed), as the seeded tables are settled before the recompute.
    await withClient(url.toString(), (c) => c.query('VACUUM (ANALYZE)'));
    server = await startServer(ctx);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sekretariat', password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('tepat_session='))!
      .split(';')[0]!;
    const api = `${server.url}/api/v1`;
    const baseline = await measure(`${api}/auth/me`, cookie);
    const rows: Record<string, Measured & { level: string; path: string; met: boolean }> = {};
    for (const endpoint of endpoints) {
      for (const [level, code] of Object.entries(levels)) {
        const target = endpoint.path(code);
        const result = await measure(`${api}${target}`, cookie);
        rows[`${endpoint.name} @${level}`] = {
          level,
          path: target,
          ...result,
          met: result.p95Ms < goalP95Ms && result.errors === 0,
        };
      }
    }
    await ctx.jobs.idle();
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.table({
      'baseline GET /auth/me': {
        p50: ms(baseline.p50Ms),
        p95: ms(baseline.p95Ms),
        errors: baseline.errors,
        goal: '',
      },
      ...Object.fromEntries(
        Object.entries(rows).map(([key, r]) => [
          key,
          { p50: ms(r.p50Ms), p95: ms(r.p95Ms), errors: r.errors, goal: r.met ? 'met' : 'MISSED' },
        ]),
      ),
    });
    const results = {
      scale,
      samples,
      goalP95Ms,
      baseline,
      endpoints: rows,
      allMet: Object.values(rows).every((r) => r.met),
    };
    const folder = path.resolve(import.meta.dirname, 'results');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'dashboard.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await server?.close();
    await database.close();
    // BENCH_KEEP_DATABASE=1 keeps the seeded database for EXPLAIN after the run.
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`Kept database ${name}`);
    else await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await main();
