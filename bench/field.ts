/**
 * `npm run bench:field`: field-visit uploads under concurrent load on PostgreSQL (BENCH_DATABASE_URL, default the
 * local server). 50 field officers, each with 60 assigned households, upload visits one per request over 50
 * concurrent connections for 15 s (after a 3 s warm-up) to a real HTTP server; the baseline, in the same run, is
 * the same 50 connections calling `GET /auth/me` (session check only). Reports submissions per second, latency
 * percentiles and errors; results go to bench/results/field.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { withClient } from './support.ts';
import { createContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { householdAssignment } from '../src/modules/access/access.schema.ts';
import { createUser } from '../src/modules/access/access.service.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { seedPopulation } from '../src/modules/synthetic/synthetic.service.ts';
import { startServer } from '../src/server.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://tepat:tepat@localhost:5432/postgres';
const connections = 50;
const householdsPerOfficer = 60;
const warmupSeconds = 3;
const seconds = 15;
const goals = { submissionsPerSecond: 500, p99Ms: 100 };
const password = 'bench-field-password';

interface Officer {
  cookie: string;
  csrfToken: string;
  households: number[];
}

/** The load generator, in its own thread so the server's event loop is not shared with the client's. */
const loadScript = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, officers, path, method, warmup, seconds } = workerData;
const choices = [18, 24, 36, 45];
async function loop(officer, index, until, record) {
  let n = index;
  while (Date.now() < until) {
    const householdId = officer.households[n++ % officer.households.length];
    const body = method === 'POST' ? JSON.stringify({ submissions: [{
      clientId: crypto.randomUUID(), householdId, baseVersion: 1, capturedAt: new Date().toISOString(),
      outcome: 'found', household: { floorAreaM2: choices[n % 4], hasRefrigerator: n % 3 === 0 } }] }) : undefined;
    const started = performance.now();
    let ok = false;
    try {
      const response = await fetch(url + path, { method, body, headers: {
        cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, 'content-type': 'application/json' } });
      const text = await response.text();
      ok = response.status === 200 && (method !== 'POST' || JSON.parse(text).results[0].status === 'accepted');
    } catch { ok = false; }
    record(performance.now() - started, ok);
  }
}
(async () => {
  const warmEnd = Date.now() + warmup * 1000;
  await Promise.all(officers.map((o, i) => loop(o, i, warmEnd, () => {})));
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const end = Date.now() + seconds * 1000;
  await Promise.all(officers.map((o, i) => loop(o, i * 7, end, (ms, ok) => { latencies.push(ms); if (!ok) errors++; })));
  parentPort.postMessage({ latencies, errors, elapsed: (performance.now() - started) / 1000 });
})();
`;

function runLoad(url: string, officers: Officer[], route: { path: string; method: 'GET' | 'POST' }) {
  return new Promise<{ latencies: number[]; errors: number; elapsed: number }>((resolve, reject) => {
    const worker = new Worker(loadScript, {
      eval: true,
      workerData: { url, officers, ...route, warmup: warmupSeconds, seconds },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function summarise(run: { latencies: number[]; errors: number; elapsed: number }) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    requests: sorted.length,
    perSecond: sorted.length / run.elapsed,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    errors: run.errors,
  };
}

async function main() {
  const name = `tepat_bench_field_${process.pid}`;
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
    console.log('Seeding scale 0.01 and 50 field officers…');
    await seedPopulation(database, { scale: 0.01, seed: 3 });
    const households = await queryRows<{ id: number; kelurahan: string }>(
      db,
      sql`SELECT id::int, kelurahan_code AS kelurahan FROM household WHERE status = 'active'
          ORDER BY id LIMIT ${connections * householdsPerOfficer}`,
    );
    const plans = [];
    for (let i = 0; i < connections; i++) {
      const mine = households.slice(i * householdsPerOfficer, (i + 1) * householdsPerOfficer);
      const user = await createUser(db, {
        username: `petugas.bench${i}`,
        displayName: `Petugas ${i}`,
        password,
        role: 'field_officer',
        regionCode: mine[0]!.kelurahan,
      });
      await db.insert(householdAssignment).values(mine.map((h) => ({ userId: user.id, householdId: h.id })));
      plans.push({ username: user.username, households: mine.map((h) => h.id) });
    }
    server = await startServer(ctx);
    const officers: Officer[] = [];
    for (const [i, plan] of plans.entries()) {
      const response = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i + 1}` },
        body: JSON.stringify({ username: plan.username, password }),
      });
      if (response.status !== 200)
        throw new Error(`login failed: ${response.status} ${await response.text()}`);
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      const cookie = response.headers
        .getSetCookie()
        .find((c) => c.startsWith('tepat_session='))!
        .split(';')[0]!;
      officers.push({ cookie, csrfToken, households: plan.households });
    }
    console.log(`Baseline: GET /auth/me over ${connections} connections…`);
    const baseline = summarise(
      await runLoad(server.url, officers, { path: '/api/v1/auth/me', method: 'GET' }),
    );
    console.log(`Uploading visits over ${connections} connections for ${seconds} s…`);
    const load = summarise(
      await runLoad(server.url, officers, { path: '/api/v1/field/submissions', method: 'POST' }),
    );
    const [stored] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM field_submission`);
    await ctx.jobs.idle();
    const results = {
      connections,
      seconds,
      submissions: load,
      baseline,
      ratioToBaseline: load.perSecond / baseline.perSecond,
      storedSubmissions: stored!.n,
      goals,
      met: {
        rate: load.perSecond >= goals.submissionsPerSecond,
        p99: load.p99Ms < goals.p99Ms,
        errors: load.errors === 0,
      },
    };
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.table({
      submissions: {
        value: `${load.perSecond.toFixed(0)}/s (${load.requests} in ${seconds} s), p50 ${ms(load.p50Ms)}, p95 ${ms(load.p95Ms)}, p99 ${ms(load.p99Ms)}, errors ${load.errors}`,
        baseline: `GET /auth/me ${baseline.perSecond.toFixed(0)}/s, p99 ${ms(baseline.p99Ms)} → ×${results.ratioToBaseline.toFixed(2)}`,
        goal: `≥ ${goals.submissionsPerSecond}/s, p99 < ${goals.p99Ms} ms, no errors: ${
          results.met.rate && results.met.p99 && results.met.errors ? 'goal met' : 'GOAL MISSED'
        }`,
      },
    });
    const folder = path.resolve(import.meta.dirname, 'results');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'field.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await server?.close();
    await database.close();
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await main();
