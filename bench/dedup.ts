/**
 * `npm run bench:dedup`: deduplication of the synthetic population on a PostgreSQL server (BENCH_DATABASE_URL,
 * default the local server). Seeds scale 0.1 (≈1.1 million persons, 1 % planted duplicates), runs one full
 * deduplication and reports its seconds (goal < 300 s), pairs compared per second, and precision and recall
 * against the planted duplicates. Baselines in the same run on the same rows: a plain count of the exact-NIK
 * self-join, and one full scan of person. Writes bench/results/dedup.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { seedPopulation } from '../src/modules/synthetic/synthetic.service.ts';
import { runDeduplication } from '../src/modules/dedup/dedup.service.ts';
import { scoreAgainstPlanted } from '../src/modules/dedup/dedup.quality.ts';
import { withClient } from './support.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://tepat:tepat@localhost:5432/postgres';
const scale = Number(process.env.BENCH_SCALE ?? 0.1);
const goals = { seconds: 300, precision: 0.98, recall: 0.95 };

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function baselines(url: string) {
  return withClient(url, async (client) => {
    const [nik, nikSeconds] = await timed(() =>
      client.query<{ n: string }>(
        'SELECT count(*) AS n FROM person a JOIN person b ON b.nik = a.nik AND b.id > a.id',
      ),
    );
    const [, scanSeconds] = await timed(() =>
      client.query('SELECT count(*), sum(length(name)), max(birth_date) FROM person'),
    );
    return {
      exactNikPairs: Number(nik.rows[0]!.n),
      exactNikSelfJoinSeconds: nikSeconds,
      personScanSeconds: scanSeconds,
    };
  });
}

async function main() {
  const name = `tepat_bench_dedup_${process.pid}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), databaseUrl: url.toString() };
    const ctx = await createContext(config, database);
    await loadProvince(database.db, '31');
    console.log(`Seeding scale ${scale} on PostgreSQL…`);
    const [seeded, seedSeconds] = await timed(() => seedPopulation(database, { scale, seed: 1 }));
    await withClient(url.toString(), (c) => c.query('VACUUM (ANALYZE) person, household, household_member'));
    const base = await baselines(url.toString());
    console.log(`Deduplicating ${seeded.persons.toLocaleString('en')} persons…`);
    const started = performance.now();
    const run = await runDeduplication(database.db, {
      progress: (_done, _total, message) =>
        console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s  ${message}`),
    });
    const quality = await scoreAgainstPlanted(database.db);
    await ctx.jobs.idle();
    const results = {
      at: new Date().toISOString(),
      database: 'postgresql',
      scale,
      persons: seeded.persons,
      plantedDuplicates: quality.planted,
      seedSeconds,
      dedup: {
        seconds: run.seconds,
        personsConsidered: run.personsConsidered,
        pairsCompared: run.pairsCompared,
        pairsPerSecond: run.pairsCompared / run.seconds,
        blockPairs: run.blockPairs,
        autoMerged: run.autoMerged,
        review: run.review,
      },
      quality,
      baseline: { ...base, ratioToExactNikSelfJoin: run.seconds / base.exactNikSelfJoinSeconds },
      goals,
      met: {
        seconds: run.seconds < goals.seconds,
        precision: quality.precision >= goals.precision,
        recall: quality.recall >= goals.recall,
      },
    };
    console.log(JSON.stringify(results, null, 2));
    const folder = path.resolve(import.meta.dirname, 'results');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'dedup.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await database.close();
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await main();
