/**
 * Import benchmark (issue 6): a scale-0.1 synthetic extract (≈1.1 million persons) written as DTSEN-style CSV
 * files, then, in the same run on PostgreSQL, (a) a raw COPY of the same rows (the household file, then the person
 * file, each into an empty table) and (b) the full import of both files (stage, validate, classify, apply)
 * into an empty registry. Goal: import ≤ 3 × COPY. Run through `npm run bench:import`, which starts Node with the
 * semi-space the `tepat` command uses (bin/tepat.mjs).
 *
 * It also measures (c) a floor: the same rows COPYed raw and then written into the registry's household, person and
 * membership tables by the import's own initial-load path (indexes and keys deferred and rebuilt), with no check of
 * any kind, no provenance and no staging by Node. No import that writes the registry as it is can be
 * faster than this on the same machine, so floorRatio is the least the goal's ratio could be.
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
import { sql } from 'drizzle-orm';
import { tuneBulkTransaction } from '../src/db/tuning.ts';
import { householdFieldSpecs, personFieldSpecs } from '../src/modules/imports/imports.mapping.ts';
import { phaseRecorder } from '../src/modules/imports/imports.profile.ts';
import { asInitialLoad } from '../src/modules/imports/imports.repository.ts';
import { householdColumns, personColumns } from '../src/modules/imports/imports.sql.ts';
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

type FieldSpecs = typeof householdFieldSpecs;

/** A raw COPY of `file` into a new table of text columns named `columns(spec)`; returns its seconds. */
async function copyRaw(
  url: string,
  table: string,
  specs: FieldSpecs,
  file: string,
  columns: (s: FieldSpecs[number]) => string,
) {
  return withClient(url, async (client) => {
    await client.query(`CREATE TABLE ${table} (${specs.map((s) => `${columns(s)} text`).join(', ')})`);
    const started = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
    return (performance.now() - started) / 1000;
  });
}

/**
 * (c) The floor: both files COPYed raw into text tables named like the staging columns, then one transaction that
 * writes them into the empty registry through asInitialLoad (the import's own deferred indexes and keys), casting
 * each column as the import does and checking nothing. Person ids are the rows' numbers; memberships join the
 * households on KK. Returns the COPY seconds and the load's, in a database of its own.
 */
async function floorLoad(householdFile: string, personFile: string) {
  const name = 'tepat_bench_import_floor';
  const database = await freshDatabase(name);
  const field = (s: FieldSpecs[number]) => s.field;
  const copySeconds =
    (await copyRaw(dbUrl(name), 'floor_household', householdFieldSpecs, householdFile, field)) +
    (await copyRaw(dbUrl(name), 'floor_person', personFieldSpecs, personFile, field));
  const started = performance.now();
  await database.db.transaction(async (tx) => {
    await tuneBulkTransaction(tx);
    await asInitialLoad(tx, async () => {
      await tx.execute(
        sql.raw(`INSERT INTO household (${householdColumns.map(([c]) => c).join(', ')}, version, valid_from, source)
          SELECT ${householdColumns.map(([, e]) => e).join(', ')}, 1, now(), 'floor' FROM floor_household s`),
      );
      await tx.execute(sql`ANALYZE household`);
      await tx.execute(
        sql.raw(`WITH incoming AS MATERIALIZED (
            SELECT s.*, h.id AS household_id, row_number() OVER () AS new_id
            FROM floor_person s JOIN household h ON h.kk_number = s.kk_number),
          persons AS (
            INSERT INTO person (id, ${personColumns.map(([c]) => c).join(', ')}, source)
            SELECT s.new_id, ${personColumns.map(([, e]) => e).join(', ')}, 'floor' FROM incoming s RETURNING 1),
          members AS (
            INSERT INTO household_member (household_id, person_id, relationship, start_date, position)
            SELECT s.household_id, s.new_id, s.relationship, '2026-11-01', s.position::smallint FROM incoming s
            RETURNING 1)
          SELECT (SELECT count(*) FROM persons) + (SELECT count(*) FROM members)`),
      );
    });
  });
  const loadSeconds = (performance.now() - started) / 1000;
  await database.close();
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { copySeconds, loadSeconds };
}

async function main() {
  mkdirSync(scratch, { recursive: true });
  const { householdFile, personFile, seeded } = await writeExtract();
  const target = await freshDatabase('tepat_bench_import');
  // (a) Raw COPY of the same rows — both files, each into an empty table of text columns.
  const copyOf = async (table: string, specs: FieldSpecs, file: string) => {
    const seconds = await copyRaw(
      dbUrl('tepat_bench_import'),
      table,
      specs,
      file,
      (s) => `"${s.headers[0]}"`,
    );
    await withClient(dbUrl('tepat_bench_import'), (c) => c.query(`DROP TABLE ${table}`));
    return seconds;
  };
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
  // (c) The floor, after the import so that the two measurements above run as they always did.
  const floor = await floorLoad(householdFile, personFile);
  const floorSeconds = floor.copySeconds + floor.loadSeconds;
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
    // The unchecked load (c): its own COPY of both files plus the write into the registry, and its ratio to (a).
    floorCopySeconds: Number(floor.copySeconds.toFixed(2)),
    floorLoadSeconds: Number(floor.loadSeconds.toFixed(2)),
    floorSeconds: Number(floorSeconds.toFixed(2)),
    floorRatio: Number((floorSeconds / copySeconds).toFixed(2)),
    importToFloor: Number((importSeconds / floorSeconds).toFixed(2)),
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
