/**
 * `npm run bench`: the foundation benchmark on a PostgreSQL server (BENCH_DATABASE_URL, default the local server).
 * Seeds scale 0.1 (≈1.1 million persons) and recomputes the welfare ranking, each beside a baseline measured in the
 * same run on the same rows: a raw COPY of the seeded persons into an empty table, and one plain scan of the join
 * the ranking reads. Also reports the peak memory of this Node process. Results go to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { seedPopulation } from '../src/modules/synthetic/synthetic.service.ts';
import { recomputeWelfare } from '../src/modules/welfare/welfare.service.ts';
import { ensurePrograms } from '../src/modules/programs/programs.service.ts';
import { seedSyntheticEnrolments } from '../src/modules/synthetic/enrolments.ts';
import { recomputeTargeting } from '../src/modules/targeting/targeting.recompute.ts';
import { householdFactsSelect, personFactsSelect } from '../src/modules/eligibility/eligibility.facts.ts';
import { todayInJakarta } from '../src/modules/welfare/welfare.features.ts';
import { sql } from 'drizzle-orm';
import { withClient } from './support.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://tepat:tepat@localhost:5432/postgres';
const scale = Number(process.env.BENCH_SCALE ?? 0.1);
const goals = { personsPerSecond: 50_000, recomputeSeconds: 20, targetingSeconds: 30, peakRssMiB: 1024 };

/** Samples this process's resident memory so the peak is known (RSS includes the heap and native buffers). */
function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** Baseline for seeding: COPY the seeded person rows out and straight into an empty table of the same shape. */
async function copyBaseline(url: string): Promise<number> {
  return withClient(url, async (reader) =>
    withClient(url, async (writer) => {
      await writer.query('CREATE TABLE bench_person_copy (LIKE person INCLUDING DEFAULTS)');
      const [, seconds] = await timed(() =>
        pipeline(
          reader.query(copyTo('COPY person TO STDOUT')),
          writer.query(copyFrom('COPY bench_person_copy FROM STDIN')),
        ),
      );
      await writer.query('DROP TABLE bench_person_copy');
      return seconds;
    }),
  );
}

/** Baseline for ranking: one scan of the household × current members × person join the features read. */
async function scanBaseline(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const [, seconds] = await timed(() =>
      client.query(`SELECT count(*), sum(length(p.education)), max(h.floor_area_m2)
                      FROM household h JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
                      JOIN person p ON p.id = m.person_id WHERE h.status = 'active'`),
    );
    return seconds;
  });
}

/** Baseline for targeting: one read of every person's and household's facts, the input every rule reads. */
async function factsBaseline(db: Parameters<typeof recomputeTargeting>[0]) {
  await db.execute(sql`SELECT count(*), sum(pf.age), sum(hf.household_size)
    FROM (${householdFactsSelect()}) hf JOIN (${personFactsSelect(todayInJakarta())}) pf
      ON pf.household_id = hf.household_id`);
}

async function main() {
  const name = `tepat_bench_${process.pid}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  const memory = memorySampler();
  try {
    const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), databaseUrl: url.toString() };
    const ctx = await createContext(config, database);
    await loadProvince(database.db, '31');
    console.log(`Seeding scale ${scale} on PostgreSQL…`);
    const [seeded, seedSeconds] = await timed(() => seedPopulation(database, { scale, seed: 1 }));
    const copySeconds = await copyBaseline(url.toString());
    console.log('Recomputing the welfare ranking…');
    const [ranking, recomputeSeconds] = await timed(() => recomputeWelfare(database.db));
    const scanSeconds = await scanBaseline(url.toString());
    await ensurePrograms(database.db);
    console.log('Seeding enrolments with planted targeting errors…');
    const [enrolments, enrolSeconds] = await timed(() => seedSyntheticEnrolments(database.db, { seed: 1 }));
    // The recompute runs on a settled registry, not one bulk-loaded a moment ago: vacuum and analyze the fresh
    // tables first (untimed), so the figure does not include hint-bit writes and autovacuum running beside it.
    await withClient(url.toString(), (c) =>
      c.query('VACUUM (ANALYZE) person, household, household_member, household_welfare, enrolment'),
    );
    console.log('Recomputing eligibility, errors, overlaps and rollups for every program…');
    const [targeting, targetingSeconds] = await timed(() => recomputeTargeting(database.db));
    const [, factsSeconds] = await timed(() => factsBaseline(database.db));
    await ctx.jobs.idle();
    const peakRssMiB = memory.stop() / 2 ** 20;
    const personsPerSecond = seeded.persons / seedSeconds;
    const results = {
      scale,
      persons: seeded.persons,
      households: seeded.households,
      seed: {
        seconds: seedSeconds,
        personsPerSecond,
        copyBaselineSeconds: copySeconds,
        ratioToCopy: seedSeconds / copySeconds,
      },
      recompute: {
        seconds: recomputeSeconds,
        households: ranking.householdCount,
        scanBaselineSeconds: scanSeconds,
        ratioToScan: recomputeSeconds / scanSeconds,
      },
      targeting: {
        seconds: targetingSeconds,
        programs: Object.keys(targeting.eligible).length,
        eligibleUnits: Object.values(targeting.eligible).reduce((a, b) => a + b, 0),
        findings: targeting.findings,
        phasesMs: targeting.phases,
        enrolments: enrolments.enrolments,
        enrolmentSeedSeconds: enrolSeconds,
        factsBaselineSeconds: factsSeconds,
        ratioToFacts: targetingSeconds / factsSeconds,
      },
      peakRssMiB,
      goals,
      met: {
        seed: personsPerSecond >= goals.personsPerSecond,
        recompute: recomputeSeconds < goals.recomputeSeconds,
        targeting: targetingSeconds < goals.targetingSeconds,
        memory: peakRssMiB < goals.peakRssMiB,
      },
      quality: ranking.quality,
    };
    report(results);
    const folder = path.resolve(import.meta.dirname, 'results');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    memory.stop();
    await database.close();
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

function report(r: {
  persons: number;
  households: number;
  seed: { seconds: number; personsPerSecond: number; copyBaselineSeconds: number; ratioToCopy: number };
  recompute: { seconds: number; households: number; scanBaselineSeconds: number; ratioToScan: number };
  targeting: {
    seconds: number;
    programs: number;
    eligibleUnits: number;
    findings: Record<string, number>;
    factsBaselineSeconds: number;
    ratioToFacts: number;
  };
  peakRssMiB: number;
  met: Record<string, boolean>;
}) {
  const mark = (ok: boolean | undefined) => (ok ? 'goal met' : 'GOAL MISSED');
  console.table({
    seed: {
      value: `${Math.round(r.seed.personsPerSecond).toLocaleString('en')} persons/s (${r.persons.toLocaleString('en')} persons in ${r.seed.seconds.toFixed(1)} s)`,
      baseline: `raw COPY of the persons ${r.seed.copyBaselineSeconds.toFixed(2)} s → ×${r.seed.ratioToCopy.toFixed(1)}`,
      goal: `≥ ${goals.personsPerSecond.toLocaleString('en')}/s: ${mark(r.met.seed)}`,
    },
    recompute: {
      value: `${r.recompute.seconds.toFixed(1)} s for ${r.recompute.households.toLocaleString('en')} households`,
      baseline: `one scan of the join ${r.recompute.scanBaselineSeconds.toFixed(2)} s → ×${r.recompute.ratioToScan.toFixed(1)}`,
      goal: `< ${goals.recomputeSeconds} s: ${mark(r.met.recompute)}`,
    },
    targeting: {
      value: `${r.targeting.seconds.toFixed(1)} s for ${r.targeting.programs} programs, ${r.targeting.eligibleUnits.toLocaleString('en')} eligible units, findings ${JSON.stringify(r.targeting.findings)}`,
      baseline: `one read of all facts ${r.targeting.factsBaselineSeconds.toFixed(2)} s → ×${r.targeting.ratioToFacts.toFixed(1)}`,
      goal: `< ${goals.targetingSeconds} s: ${mark(r.met.targeting)}`,
    },
    memory: {
      value: `peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
      baseline: '-',
      goal: `< ${goals.peakRssMiB} MiB: ${mark(r.met.memory)}`,
    },
  });
}

await main();
