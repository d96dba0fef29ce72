/**
 * Import benchmark (issue 6): a scale-0.1 synthetic extract (≈1.1 million persons) written as DTSEN-style CSV
 * files, then, in the same run on PostgreSQL, (a) a raw COPY of the same rows (the household file, then the person
 * file, each into an empty table) and (b) the full import of both files (stage, validate, classify, apply, checksum)
 * into an empty registry. Goal: import ≤ 3 × COPY. Run through `npm run bench:import`, which starts Node with the
 * semi-space the `tepat` command uses (bin/tepat.mjs).
 * Writes bench/results/import.json.
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  createReadStream,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { withClient } from './support.ts';
import { createContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { householdFieldSpecs, personFieldSpecs } from '../src/modules/imports/imports.mapping.ts';
import { phaseRecorder } from '../src/modules/imports/imports.profile.ts';
import { runImport } from '../src/modules/imports/imports.service.ts';
import { loadProvince } from '../src/modules/regions/regions.service.ts';
import { seedPopulation } from '../src/modules/synthetic/synthetic.service.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://tepat:tepat@localhost:5432/postgres';
const scale = Number(process.env.BENCH_IMPORT_SCALE ?? '0.1');
const scratch = path.resolve('bench/scratch/import');

const dbUrl = (name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function freshDatabase(name: string) {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const database = await openDatabase({ url: dbUrl(name) });
  await createContext({ ...loadConfig({ LOG_LEVEL: 'warn' }), databaseUrl: dbUrl(name) }, database);
  await loadProvince(database.db, '31');
  return database;
}

async function copyOut(url: string, query: string, file: string) {
  await withClient(url, async (client) => {
    await pipeline(
      client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER true)`)),
      createWriteStream(file),
    );
  });
}

/**
 * Seeds the generator's population into a scratch database and writes it out in the DTSEN column layout. With
 * BENCH_IMPORT_REUSE=1 the files of an earlier run at the same scale are used again (no seeding).
 */
async function writeExtract() {
  const householdFile = path.join(scratch, 'households.csv');
  const personFile = path.join(scratch, 'persons.csv');
  const marker = path.join(scratch, 'extract.json');
  if (process.env.BENCH_IMPORT_REUSE === '1' && existsSync(marker)) {
    const previous = JSON.parse(readFileSync(marker, 'utf8')) as {
      scale: number;
      seeded: { persons: number };
    };
    if (previous.scale === scale) return { householdFile, personFile, seeded: previous.seeded };
  }
  const source = await freshDatabase('tepat_bench_import_source');
  console.log(`Seeding scale ${scale}…`);
  const seeded = await seedPopulation(source, { scale, seed: 11, duplicateRate: 0 });
  await source.close();
  const url = dbUrl('tepat_bench_import_source');
  const pick = (specs: typeof householdFieldSpecs, alias: string) =>
    specs.map((s) => `${alias}.${s.field} AS "${s.headers[0]}"`).join(', ');
  await copyOut(
    url,
    `SELECT ${pick(householdFieldSpecs, 'h')} FROM household h ORDER BY h.id`,
    householdFile,
  );
  const personSelect = personFieldSpecs
    .map((s) =>
      s.field === 'kk_number'
        ? `h.kk_number AS "NO_KK"`
        : ['relationship', 'position'].includes(s.field)
          ? `m.${s.field} AS "${s.headers[0]}"`
          : `p.${s.field} AS "${s.headers[0]}"`,
    )
    .join(', ');
  await copyOut(
    url,
    `SELECT ${personSelect} FROM household_member m JOIN household h ON h.id = m.household_id
     JOIN person p ON p.id = m.person_id ORDER BY h.id, m.position`,
    personFile,
  );
  await withClient(serverUrl, (c) =>
    c.query('DROP DATABASE IF EXISTS tepat_bench_import_source WITH (FORCE)'),
  );
  writeFileSync(marker, JSON.stringify({ scale, seeded }));
  return { householdFile, personFile, seeded };
}

async function main() {
  mkdirSync(scratch, { recursive: true });
  const { householdFile, personFile, seeded } = await writeExtract();
  const target = await freshDatabase('tepat_bench_import');
  // (a) Raw COPY of the same rows — both files, each into an empty table of text columns.
  const copyOf = (table: string, specs: typeof householdFieldSpecs, file: string) =>
    withClient(dbUrl('tepat_bench_import'), async (client) => {
      await client.query(`CREATE TABLE ${table} (${specs.map((s) => `"${s.headers[0]}" text`).join(', ')})`);
      const started = performance.now();
      await pipeline(
        createReadStream(file),
        client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true)`)),
      );
      const seconds = (performance.now() - started) / 1000;
      await client.query(`DROP TABLE ${table}`);
      return seconds;
    });
  const copyHouseholdSeconds = await copyOf('bench_raw_household', householdFieldSpecs, householdFile);
  const copyPersonSeconds = await copyOf('bench_raw_person', personFieldSpecs, personFile);
  const copySeconds = copyHouseholdSeconds + copyPersonSeconds;
  // (b) The full import into the empty registry.
  const phases = phaseRecorder();
  const started = performance.now();
  const run = await runImport(
    target,
    { householdFile, personFile, name: 'bench', extractDate: '2026-11-01', mode: 'valid-only' },
    { timer: phases.timer },
  );
  const importSeconds = (performance.now() - started) / 1000;
  const counts = run.counts as Record<string, number>;
  await target.close();
  await withClient(serverUrl, (c) => c.query('DROP DATABASE IF EXISTS tepat_bench_import WITH (FORCE)'));
  const persons = counts.personRows ?? 0;
  const households = counts.householdRows ?? 0;
  const result = {
    when: new Date().toISOString(),
    database: 'postgresql',
    scale,
    households,
    persons,
    seededPersons: seeded.persons,
    fileBytes: { households: statSync(householdFile).size, persons: statSync(personFile).size },
    copySeconds: Number(copySeconds.toFixed(2)),
    copyHouseholdSeconds: Number(copyHouseholdSeconds.toFixed(2)),
    copyPersonSeconds: Number(copyPersonSeconds.toFixed(2)),
    importSeconds: Number(importSeconds.toFixed(2)),
    ratio: Number((importSeconds / copySeconds).toFixed(2)),
    goalRatio: 3,
    // Against the person file's COPY alone (the baseline of earlier runs), for comparison.
    ratioToPersonCopy: Number((importSeconds / copyPersonSeconds).toFixed(2)),
    // Rows of both files per second.
    copyRowsPerSecond: Math.round((households + persons) / copySeconds),
    importRowsPerSecond: Math.round((households + persons) / importSeconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    status: run.status,
    counts,
    phases: phases.totals(),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/import.json', `${JSON.stringify(result, null, 2)}\n`);
}

await main();
