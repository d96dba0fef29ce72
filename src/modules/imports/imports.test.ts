import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  createServerDatabase,
  describeEachDatabase,
  type DatabaseKind,
} from '../../../tests/support/database.ts';
import { openDatabase, queryRows, type Database, type Db } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { insertTestRegions } from '../access/access.test-support.ts';
import { templateCsv, templateXlsx } from './imports.template.ts';
import {
  applyImport,
  createImportRun,
  runImport,
  stageImport,
  type ImportRequest,
} from './imports.service.ts';
import {
  householdRow,
  nikFor,
  personRow,
  registryChecksum,
  tempDir,
  validExtract,
  writeCsvExtract,
  writeLargeCsvExtract,
  writeXlsxExtract,
  type Row,
} from './imports.test-support.ts';

const gambir = '31.71.01.1001';
const penjaringan = '31.72.01.1001';

const request = (files: { householdFile: string; personFile: string }, extra: Partial<ImportRequest>) => ({
  ...files,
  name: 'dtsen',
  extractDate: '2026-01-31',
  mode: 'valid-only' as const,
  ...extra,
});

async function errorsOf(db: Db, runId: number) {
  return queryRows<{ file: string; row: number; column: string; value: string | null; reason: string }>(
    db,
    sql`SELECT file, row, "column", value, reason FROM import_error WHERE run_id = ${runId} ORDER BY file, row, "column"`,
  );
}

async function householdsLike(db: Db, prefix: string) {
  return queryRows<{ kk: string; persons: number; version: number }>(
    db,
    sql`SELECT h.kk_number AS kk, h.version, (SELECT count(*)::int FROM household_member m
          WHERE m.household_id = h.id AND m.end_date IS NULL) AS persons
        FROM household h WHERE h.kk_number LIKE ${`${prefix}%`} ORDER BY h.kk_number`,
  );
}

/** Every kind of bad row, each on its own household (with a valid head) so each is held alone. */
function badExtract() {
  const households: Row[] = [];
  const persons: Row[] = [];
  const expected: { file: string; row: number; column: string; reason: string }[] = [];
  let next = 3171010102000001n;
  let seq = 500;
  const household = (overrides: Row = {}, withHead = true) => {
    const kk = String(next++);
    households.push(householdRow(kk, gambir, overrides));
    if (withHead) persons.push(personRow(kk, 1, seq++));
    return { kk, row: households.length + 1 };
  };
  const badHousehold = (column: string, reason: string, overrides: Row) => {
    const { row } = household(overrides);
    expected.push({ file: 'household', row, column, reason });
  };
  badHousehold('NO_KK', 'kk_format', { NO_KK: '12345' });
  badHousehold('NO_KK', 'unknown_province', { NO_KK: '9971010102000001' });
  badHousehold('KODE_KELURAHAN', 'unknown_kelurahan', { KODE_KELURAHAN: '31.71.01.9999' });
  badHousehold('KODE_KELURAHAN', 'required', { KODE_KELURAHAN: '' });
  badHousehold('RW', 'not_rt_rw', { RW: 'abc' });
  badHousehold('ALAMAT', 'required', { ALAMAT: ' ' });
  badHousehold('LUAS_LANTAI', 'not_a_number', { LUAS_LANTAI: 'luas' });
  badHousehold('LUAS_LANTAI', 'not_positive', { LUAS_LANTAI: '0' });
  badHousehold('JENIS_LANTAI', 'not_in_list', { JENIS_LANTAI: 'marmer' });
  badHousehold('ADA_KULKAS', 'not_boolean', { ADA_KULKAS: 'mungkin' });
  badHousehold('DAYA_LISTRIK', 'not_an_integer', { DAYA_LISTRIK: '9x' });
  // The same KK twice: both rows are reported.
  const dup = household();
  households.push(householdRow(dup.kk, gambir));
  expected.push({ file: 'household', row: dup.row, column: 'NO_KK', reason: 'duplicate_in_file' });
  expected.push({ file: 'household', row: dup.row + 1, column: 'NO_KK', reason: 'duplicate_in_file' });
  // No head among the members, and two heads.
  const noHead = household({}, false);
  persons.push(personRow(noHead.kk, 2, seq++));
  expected.push({ file: 'household', row: noHead.row, column: 'HUBUNGAN_KELUARGA', reason: 'head_count' });
  const twoHeads = household();
  persons.push(personRow(twoHeads.kk, 2, seq++, { HUBUNGAN_KELUARGA: 'head' }));
  expected.push({ file: 'household', row: twoHeads.row, column: 'HUBUNGAN_KELUARGA', reason: 'head_count' });
  // Bad person rows: a valid household whose second member carries one problem.
  const badPerson = (column: string, reason: string, overrides: Row, who = {}) => {
    const { kk } = household();
    persons.push(personRow(kk, 2, seq++, overrides, who));
    expected.push({ file: 'person', row: persons.length + 1, column, reason });
  };
  badPerson('NIK', 'nik_format', { NIK: '123' });
  badPerson('NIK', 'unknown_province', { NIK: '9971015506900001' });
  badPerson('NIK', 'nik_birth_digits', { NIK: '3171013506900001' });
  badPerson('NIK', 'nik_birth_digits', { NIK: '3171011513900001' });
  badPerson('NAMA', 'required', { NAMA: '' });
  badPerson('JENIS_KELAMIN', 'nik_sex_mismatch', { JENIS_KELAMIN: 'M' }, { sex: 'F' });
  badPerson('JENIS_KELAMIN', 'not_in_list', { JENIS_KELAMIN: 'X' });
  badPerson('TANGGAL_LAHIR', 'not_a_date', { TANGGAL_LAHIR: '1990-02-30' });
  badPerson(
    'TANGGAL_LAHIR',
    'future_date',
    { NIK: nikFor('M', '2026-12-01', 7) },
    { sex: 'M', birthDate: '2026-12-01' },
  );
  badPerson('TANGGAL_LAHIR', 'nik_birth_date_mismatch', { TANGGAL_LAHIR: '1991-03-03' });
  badPerson('PENDIDIKAN', 'not_in_list', { PENDIDIKAN: 'kuliah' });
  badPerson('HUBUNGAN_KELUARGA', 'required', { HUBUNGAN_KELUARGA: '' });
  badPerson('NO_URUT', 'not_a_position', { NO_URUT: 'x' });
  badPerson('KODE_WILAYAH_KTP', 'not_a_region_code', { KODE_WILAYAH_KTP: 'abc' });
  badPerson('KODE_WILAYAH_KTP', 'not_a_region_code', { KODE_WILAYAH_KTP: '31.71.01.100' });
  badPerson('TANGGAL_LAHIR', 'not_a_date', { TANGGAL_LAHIR: '1991-02-29' });
  badPerson('PENYAKIT_KRONIS', 'not_boolean', { PENYAKIT_KRONIS: 'kadang' });
  // A person of a household neither in the file nor in the registry.
  persons.push(personRow('3171010109999999', 1, seq++));
  expected.push({ file: 'person', row: persons.length + 1, column: 'NO_KK', reason: 'unknown_household' });
  // A NIK given twice (two households).
  const first = household();
  const second = household();
  const twin = personRow(first.kk, 2, 999);
  persons.push(twin, { ...twin, NO_KK: second.kk });
  expected.push({ file: 'person', row: persons.length, column: 'NIK', reason: 'duplicate_in_file' });
  expected.push({ file: 'person', row: persons.length + 1, column: 'NIK', reason: 'duplicate_in_file' });
  // Two valid households that must load.
  const good = [household(), household()];
  for (const g of good) persons.push(personRow(g.kk, 2, seq++));
  return { households, persons, expected, good: good.map((g) => g.kk) };
}

/** A fresh migrated database with the test regions, reachable from another process (URL or data folder). */
async function createSharedDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const dataDir = join(tempDir(), 'pgdata');
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    await insertTestRegions(database.db);
    await database.close();
    return { target: { dataDir }, env: { CHILD_DATA_DIR: dataDir }, drop: () => Promise.resolve() };
  }
  const server = await createServerDatabase();
  const database = await openDatabase({ url: server.url });
  await migrateDatabase(database);
  await insertTestRegions(database.db);
  await database.close();
  return { target: { url: server.url }, env: { CHILD_DATABASE_URL: server.url }, drop: server.drop };
}

/** The first extract and a newer one changing, adding and removing, for the re-import and kill tests. */
function extracts() {
  const a = validExtract(40, 3, gambir, 3171010103000001n);
  const b = structuredClone(a);
  b.households[0]!.LUAS_LANTAI = '54';
  b.households[1]!.JENIS_ATAP = 'concrete';
  b.persons[3 * 2 + 1]!.NAMA = 'Nama Baru';
  b.persons.splice(3 * 3 + 2, 1);
  b.persons.push(personRow(b.households[4]!.NO_KK!, 4, 9001));
  b.households.push(...validExtract(5, 2, penjaringan, 3171010103100001n).households);
  b.persons.push(
    ...validExtract(5, 2, penjaringan, 3171010103100001n).persons.map((p, i) => ({
      ...p,
      NIK: nikFor('M', '1990-01-01', 7000 + i),
      JENIS_KELAMIN: 'M',
      TANGGAL_LAHIR: '1990-01-01',
    })),
  );
  return { a, b };
}

describeEachDatabase(
  'imports',
  (env) => {
    const dir = tempDir();
    const db = () => env().ctx.database.db;

    it('imports a valid CSV extract: households, persons and memberships with the import as source', async () => {
      const files = writeCsvExtract(dir, 'valid', validExtract(3, 2, gambir, 3171010101000001n));
      const run = await runImport(
        env().ctx.database,
        request(files, { name: 'dtsen-a', mode: 'all-or-nothing' }),
      );
      expect(run.status).toBe('completed');
      expect(run.counts).toMatchObject({
        householdsNew: 3,
        householdsInserted: 3,
        personsInserted: 6,
        errors: 0,
      });
      const rows = await queryRows<{ n: number; source: string; valid: string }>(
        db(),
        sql`SELECT count(*)::int AS n, min(p.source) AS source, min(h.valid_from)::date::text AS valid
            FROM person p JOIN household_member m ON m.person_id = p.id
            JOIN household h ON h.id = m.household_id WHERE h.kk_number LIKE '3171010101000%'`,
      );
      expect(rows[0]).toEqual({ n: 6, source: 'import:dtsen-a', valid: '2026-01-31' });
    });

    it('the registry checksum moves with one field of one row and comes back with it', async () => {
      const files = writeCsvExtract(dir, 'sum', validExtract(2, 2, gambir, 3171010108000001n));
      await runImport(env().ctx.database, request(files, { name: 'sum' }));
      const before = await registryChecksum(db());
      const [person] = await queryRows<{ id: number; name: string }>(
        db(),
        sql`SELECT p.id::int AS id, p.name FROM person p JOIN household_member m ON m.person_id = p.id
            JOIN household h ON h.id = m.household_id WHERE h.kk_number = '3171010108000002' LIMIT 1`,
      );
      await db().execute(sql`UPDATE person SET name = ${`${person!.name} X`} WHERE id = ${person!.id}`);
      const changed = await registryChecksum(db());
      await db().execute(sql`UPDATE person SET name = ${person!.name} WHERE id = ${person!.id}`);
      expect(changed.persons).toBe(before.persons);
      expect(changed.checksum).not.toBe(before.checksum);
      expect(await registryChecksum(db())).toEqual(before);
    });

    it('reports every kind of bad row with row, column and reason; valid-only holds back whole households', async () => {
      const bad = badExtract();
      const files = writeCsvExtract(dir, 'bad', bad);
      const run = await runImport(env().ctx.database, request(files, { name: 'bad' }));
      expect(run.status).toBe('completed');
      const errors = await errorsOf(db(), run.id);
      for (const e of bad.expected) expect(errors).toContainEqual(expect.objectContaining(e));
      expect(new Set(errors.map((e) => e.reason))).toEqual(new Set(bad.expected.map((e) => e.reason)));
      // Only the two valid households load; every household with a bad row is held whole.
      const loaded = await householdsLike(db(), '3171010102');
      expect(loaded.map((h) => h.kk)).toEqual(bad.good);
      expect(loaded.every((h) => h.persons === 2)).toBe(true);
      expect(run.counts).toMatchObject({ householdsInserted: 2, personsInserted: 4 });
      expect((run.counts as Record<string, number>).householdsHeld).toBeGreaterThan(25);
    });

    it('all-or-nothing loads nothing when any row is bad, and says why', async () => {
      const bad = badExtract();
      const files = writeCsvExtract(dir, 'bad-aon', bad);
      const before = await registryChecksum(db());
      const run = await runImport(
        env().ctx.database,
        request(files, { name: 'bad-aon', mode: 'all-or-nothing' }),
      );
      expect(run.status).toBe('rejected');
      expect((await errorsOf(db(), run.id)).length).toBeGreaterThanOrEqual(bad.expected.length);
      expect(await registryChecksum(db())).toEqual(before);
    });

    it('re-import of a newer extract updates changed fields with provenance and history; older extracts are not applied', async () => {
      const { a, b } = extracts();
      const first = await runImport(
        env().ctx.database,
        request(writeCsvExtract(dir, 'ra', a), { name: 're' }),
      );
      expect(first.counts).toMatchObject({ householdsInserted: 40, personsInserted: 120 });
      const second = await runImport(
        env().ctx.database,
        request(writeCsvExtract(dir, 'rb', b), { name: 're', extractDate: '2026-06-30' }),
      );
      expect(second.counts).toMatchObject({
        householdsChanged: 5,
        householdsNew: 5,
        householdsUnchanged: 35,
        householdsUpdated: 2,
        personsUpdated: 1,
        membersEnded: 1,
        personsInserted: 11,
        versions: 5,
      });
      const [h0] = await queryRows<{
        area: string;
        version: number;
        valid: string;
        prov: unknown;
        fromv: string;
      }>(
        db(),
        sql`SELECT h.floor_area_m2::text AS area, h.version, h.valid_from::date::text AS valid,
              h.provenance -> 'floorAreaM2' AS prov, h.provenance ? 'tenure' AS fromv
            FROM household h WHERE kk_number = ${a.households[0]!.NO_KK!}`,
      );
      expect(h0).toMatchObject({ area: '54', version: 2, valid: '2026-06-30', fromv: false });
      expect(h0!.prov).toEqual({ source: 'import:re', actorId: null, at: '2026-06-30T00:00:00.000Z' });
      const history = await queryRows<{
        version: number;
        from: string;
        to: string;
        area: number;
        source: string;
      }>(
        db(),
        sql`SELECT v.version, v.valid_from::date::text AS from, v.valid_to::date::text AS to,
              (v.snapshot -> 'household' ->> 'floorAreaM2')::numeric::int AS area, v.change_source AS source
            FROM household_version v JOIN household h ON h.id = v.household_id
            WHERE h.kk_number = ${a.households[0]!.NO_KK!}`,
      );
      expect(history).toEqual([
        { version: 1, from: '2026-01-31', to: '2026-06-30', area: 36, source: 'import:re' },
      ]);
      const [renamed] = await queryRows<{ name: string; prov: unknown }>(
        db(),
        sql`SELECT p.name, p.provenance -> 'name' AS prov FROM person p
            JOIN household_member m ON m.person_id = p.id JOIN household h ON h.id = m.household_id
            WHERE p.nik = ${a.persons[7]!.NIK!} AND h.kk_number = ${a.persons[7]!.NO_KK!}`,
      );
      expect(renamed).toEqual({
        name: 'Nama Baru',
        prov: { source: 'import:re', actorId: null, at: '2026-06-30T00:00:00.000Z' },
      });
      // The member missing from the newer extract left; the added one joined.
      const h3 = await householdsLike(db(), a.households[3]!.NO_KK!);
      expect(h3[0]).toMatchObject({ persons: 2, version: 2 });
      const h4 = await householdsLike(db(), a.households[4]!.NO_KK!);
      expect(h4[0]).toMatchObject({ persons: 4, version: 2 });
      // Unchanged households are untouched.
      const h10 = await householdsLike(db(), a.households[10]!.NO_KK!);
      expect(h10[0]).toMatchObject({ persons: 3, version: 1 });
      // An older extract with a change is reported stale and not applied.
      const old = structuredClone(b);
      // Household 0 was replaced on 2026-06-30: a 2026-03-01 extract is older than its current version.
      old.households[0]!.LUAS_LANTAI = '99';
      const before = await registryChecksum(db());
      const stale = await runImport(
        env().ctx.database,
        request(writeCsvExtract(dir, 'rc', old), { name: 're', extractDate: '2026-03-01' }),
      );
      expect(stale.counts).toMatchObject({
        householdsStale: 1,
        householdsChanged: 0,
        householdsUnchanged: 44,
      });
      expect(await registryChecksum(db())).toEqual(before);
    });

    it('the downloadable templates are importable as they are (headers and example rows valid)', async () => {
      const householdFile = join(dir, 'template-households.csv');
      const personFile = join(dir, 'template-persons.csv');
      writeFileSync(householdFile, templateCsv('household'));
      writeFileSync(personFile, templateCsv('person'));
      const run = await runImport(
        env().ctx.database,
        request({ householdFile, personFile }, { name: 'template', mode: 'all-or-nothing' }),
      );
      expect(run.counts).toMatchObject({ errors: 0, householdsInserted: 1, personsInserted: 1 });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await templateXlsx()) as never);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['households', 'persons']);
      expect(workbook.getWorksheet('persons')!.getRow(1).getCell(2).value).toBe('NIK');
    });

    it('reads XLSX workbooks (both sheets in one file) like CSV', async () => {
      const extract = validExtract(4, 3, penjaringan, 3171010104000001n);
      extract.persons[0]!.TANGGAL_LAHIR = '11/02/1981';
      extract.persons[0]!.NIK = nikFor('M', '1981-02-11', 1);
      const files = await writeXlsxExtract(dir, 'workbook', extract);
      const reading: { done: number; total: number; message: string }[] = [];
      const run = await runImport(
        env().ctx.database,
        request(files, { name: 'xlsx', mode: 'all-or-nothing' }),
        {
          onProgress: (done, total, message) => {
            if (message.startsWith('membaca') || message.startsWith('memeriksa'))
              reading.push({ done, total, message });
          },
        },
      );
      expect(run.status).toBe('completed');
      expect(run.counts).toMatchObject({ householdsInserted: 4, personsInserted: 12, errors: 0 });
      // Reading progress is counted in bytes of the files, so a workbook's shows before its checks start.
      const bytes = statSync(files.householdFile).size + statSync(files.personFile).size;
      expect(reading.every((r) => r.total === bytes)).toBe(true);
      expect(reading.some((r) => r.message.startsWith('membaca rumah tangga') && r.done > 0)).toBe(true);
      expect(reading.some((r) => r.done > 0 && r.done < bytes)).toBe(true);
      expect(reading.map((r) => r.done)).toEqual([...reading.map((r) => r.done)].sort((a, b) => a - b));
      expect(reading.at(-1)).toMatchObject({ done: bytes, message: 'memeriksa baris' });
      const [p] = await queryRows<{ birth: string; nik: string }>(
        db(),
        sql`SELECT birth_date::text AS birth, nik FROM person WHERE nik = ${extract.persons[0]!.NIK}`,
      );
      expect(p).toEqual({ birth: '1981-02-11', nik: extract.persons[0]!.NIK });
    });

    it('accepted spellings normalise alike in a ";" file (BOM, CRLF) and a "," file with a blank line', async () => {
      /** One household of two persons written with the format's other spellings, padding and case. */
      const spelled = (kk: string) => ({
        households: [
          householdRow(kk, '3171011001', {
            RW: '1',
            RT: ' 12 ',
            ALAMAT: '  Jl. Kenari No. 5 ',
            STATUS_KEPEMILIKAN: 'OWN',
            LUAS_LANTAI: '36,5',
            ADA_KULKAS: 'Ya',
            ADA_AC: '0',
            ADA_MOBIL: 'TIDAK ADA',
          }),
        ],
        persons: [
          personRow(
            kk,
            1,
            7701,
            { JENIS_KELAMIN: 'L', TANGGAL_LAHIR: '5/6/1985', KODE_WILAYAH_KTP: '3171' },
            { sex: 'M', birthDate: '1985-06-05' },
          ),
          personRow(
            kk,
            2,
            7702,
            { JENIS_KELAMIN: 'p', TANGGAL_LAHIR: '07-08-1990', PENYAKIT_KRONIS: 'y' },
            { sex: 'F', birthDate: '1990-08-07' },
          ),
        ],
      });
      const lines = (rows: Row[], headers: string[], separator: string) =>
        [headers.join(separator), ...rows.map((r) => headers.map((h) => r[h] ?? '').join(separator))].join(
          '\n',
        );
      const householdHeaders = Object.keys(householdRow('0', gambir));
      const personHeaders = Object.keys(personRow('0', 1, 1));
      // A ';' file (the person file as Excel writes it: BOM and CRLF).
      const a = spelled('3171010106000001');
      const semicolon = {
        householdFile: join(dir, 'spelled-households.csv'),
        personFile: join(dir, 'spelled-persons.csv'),
      };
      writeFileSync(semicolon.householdFile, lines(a.households, householdHeaders, ';'));
      writeFileSync(
        semicolon.personFile,
        `\uFEFF${lines(a.persons, personHeaders, ';').replaceAll('\n', '\r\n')}\r\n`,
      );
      // A blank line between the person rows: skipped.
      const b = spelled('3171010106000002');
      const blank = writeCsvExtract(dir, 'spelled-blank', b);
      const personLines = lines(b.persons, personHeaders, ',').split('\n');
      writeFileSync(blank.personFile, [personLines[0], personLines[1], '', personLines[2]].join('\n'));
      for (const files of [semicolon, blank]) {
        const run = await runImport(
          env().ctx.database,
          request(files, { name: 'spelled', mode: 'all-or-nothing' }),
        );
        expect(run.counts).toMatchObject({ errors: 0, householdsInserted: 1, personsInserted: 2 });
      }
      const households = await queryRows<Record<string, unknown>>(
        db(),
        sql`SELECT kelurahan_code, rw, rt, address, tenure, floor_area_m2::text AS area, has_refrigerator,
              has_air_conditioner, has_car FROM household WHERE kk_number LIKE '31710101060000%' ORDER BY kk_number`,
      );
      expect(households).toEqual(
        Array(2).fill({
          kelurahan_code: '31.71.01.1001',
          rw: '001',
          rt: '012',
          address: 'Jl. Kenari No. 5',
          tenure: 'own',
          area: '36.5',
          has_refrigerator: true,
          has_air_conditioner: false,
          has_car: false,
        }),
      );
      const persons = await queryRows<Record<string, unknown>>(
        db(),
        sql`SELECT h.kk_number AS kk, p.sex, p.birth_date::text AS birth, p.ktp_region_code AS ktp,
              p.chronic_illness AS chronic, m.position
            FROM person p JOIN household_member m ON m.person_id = p.id JOIN household h ON h.id = m.household_id
            WHERE h.kk_number LIKE '31710101060000%' ORDER BY h.kk_number, m.position`,
      );
      const expected = (kk: string) => [
        { kk, sex: 'M', birth: '1985-06-05', ktp: '31.71', chronic: false, position: 1 },
        { kk, sex: 'F', birth: '1990-08-07', ktp: '31.71', chronic: true, position: 2 },
      ];
      expect(persons).toEqual([...expected('3171010106000001'), ...expected('3171010106000002')]);
    });

    it('a run finishing clears only its own staged rows: a run staged meanwhile still applies whole', async () => {
      const waiting = await createImportRun(
        db(),
        request(writeCsvExtract(dir, 'waiting', validExtract(3, 2, gambir, 3171010107000001n)), {
          name: 'waiting',
        }),
      );
      const staged = await stageImport(env().ctx.database, waiting);
      expect(staged.status).toBe('staged');
      const other = await runImport(
        env().ctx.database,
        request(writeCsvExtract(dir, 'other', validExtract(2, 1, gambir, 3171010107100001n)), {
          name: 'other',
        }),
      );
      expect(other.status).toBe('completed');
      const applied = await applyImport(env().ctx.database, waiting.id);
      expect(applied.counts).toMatchObject({ householdsInserted: 3, personsInserted: 6 });
      expect((await householdsLike(db(), '317101010700000')).map((h) => h.persons)).toEqual([2, 2, 2]);
    });

    it('into an empty registry the whole run is one batch, and the indexes and keys it set aside are back', async () => {
      const fresh = await createSharedDatabase(env().kind);
      const database = await openDatabase(fresh.target);
      const schema = () =>
        queryRows<{ name: string; definition: string }>(
          database.db,
          sql`SELECT indexname AS name, indexdef AS definition FROM pg_indexes
              WHERE tablename IN ('household', 'person', 'household_member')
              UNION ALL
              SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
              WHERE conrelid IN ('household'::regclass, 'person'::regclass, 'household_member'::regclass)
                 OR confrelid IN ('household'::regclass, 'person'::regclass)
              ORDER BY 1, 2`,
        );
      try {
        const before = await schema();
        const files = writeCsvExtract(dir, 'initial', validExtract(12, 2, gambir, 3171010105000001n));
        const run = await runImport(database, request(files, { name: 'initial', batchSize: 5 }));
        expect(run.status).toBe('completed');
        expect(run.batchesDone).toBe(1);
        expect(run.counts).toMatchObject({ householdsInserted: 12, personsInserted: 24 });
        expect(await schema()).toEqual(before);
        expect(before.map((r) => r.name)).toEqual(
          expect.arrayContaining([
            'person_name_trgm_idx',
            'person_pkey',
            'household_kk_number_uq',
            'household_member_person_id_person_id_fk',
          ]),
        );
        // The next import finds a registry that is not empty: batches of 5 again.
        const next = writeCsvExtract(dir, 'after-initial', validExtract(7, 1, gambir, 3171010105100001n));
        const second = await runImport(database, request(next, { name: 'initial', batchSize: 5 }));
        expect(second.batchesDone).toBe(2);
        const [members] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM household_member m JOIN person p ON p.id = m.person_id
              JOIN household h ON h.id = m.household_id`,
        );
        expect(members!.n).toBe(31);
      } finally {
        await database.close();
        await fresh.drop();
      }
    });

    it('reads the files as streams: an extract whose rows would not fit in the heap it is given imports whole', async () => {
      // 40,000 households and 120,000 persons, 22 MB of CSV. Held at once, their rows need more V8 heap than the
      // child process gets here: measured by making readBatches collect every batch before the first, that import
      // aborted at 96 MB on PostgreSQL and at 128 MB on PGlite. Streamed it completes at 64 and 96 MB. PGlite needs
      // more because it takes COPY input as blobs of about 8 MB, each held as strings and then as a Blob.
      const files = await writeLargeCsvExtract(dir, 'stream', 40_000, gambir);
      const shared = await createSharedDatabase(env().kind);
      try {
        const heapMb = env().kind === 'pglite' ? 112 : 80;
        const child = spawnSync(
          process.execPath,
          [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'tests/support/import-child.ts'],
          {
            env: {
              ...process.env,
              ...shared.env,
              CHILD_HOUSEHOLD_FILE: files.householdFile,
              CHILD_PERSON_FILE: files.personFile,
              CHILD_NAME: 'stream',
              CHILD_EXTRACT_DATE: '2026-06-30',
              CHILD_BATCH_SIZE: '5000',
            },
            encoding: 'utf8',
          },
        );
        expect(child.status, child.stderr.slice(-2000)).toBe(0);
        const database = await openDatabase(shared.target);
        try {
          const [run] = await queryRows<{ status: string; counts: Record<string, number> }>(
            database.db,
            sql`SELECT status, counts FROM import_run ORDER BY id DESC LIMIT 1`,
          );
          expect(run).toMatchObject({
            status: 'completed',
            counts: { householdRows: 40_000, personRows: 120_000, householdsNew: 40_000, errors: 0 },
          });
          const [persons] = await queryRows<{ n: number }>(
            database.db,
            sql`SELECT count(DISTINCT nik)::int AS n FROM person`,
          );
          expect(persons!.n).toBe(120_000);
        } finally {
          await database.close();
        }
      } finally {
        await shared.drop();
      }
    }, 180_000);

    it('an import killed mid-apply and resumed ends equal to a clean run (counts and checksum)', async () => {
      const { a, b } = extracts();
      const filesA = writeCsvExtract(dir, 'ka', a);
      const filesB = writeCsvExtract(dir, 'kb', b);
      const clean = await createSharedDatabase(env().kind);
      const killed = await createSharedDatabase(env().kind);
      try {
        const cleanDb = await openDatabase(clean.target);
        await runImport(cleanDb, request(filesA, { name: 'k', batchSize: 5 }));
        const cleanRun = await runImport(
          cleanDb,
          request(filesB, { name: 'k', extractDate: '2026-06-30', batchSize: 3 }),
        );
        const cleanSum = await registryChecksum(cleanDb.db);
        await cleanDb.close();

        let killedDb: Database = await openDatabase(killed.target);
        await runImport(killedDb, request(filesA, { name: 'k', batchSize: 5 }));
        await killedDb.close();
        const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/support/import-child.ts'], {
          env: {
            ...process.env,
            ...killed.env,
            CHILD_HOUSEHOLD_FILE: filesB.householdFile,
            CHILD_PERSON_FILE: filesB.personFile,
            CHILD_NAME: 'k',
            CHILD_EXTRACT_DATE: '2026-06-30',
            CHILD_BATCH_SIZE: '3',
            TEPAT_IMPORT_KILL_AFTER_BATCHES: '2',
          },
          encoding: 'utf8',
        });
        expect(child.signal, child.stderr).toBe('SIGKILL');
        killedDb = await openDatabase(killed.target);
        const [interrupted] = await queryRows<{ id: number; status: string; batches: number }>(
          killedDb.db,
          sql`SELECT id, status, batches_done AS batches FROM import_run ORDER BY id DESC LIMIT 1`,
        );
        expect(interrupted).toMatchObject({ status: 'applying', batches: 2 });
        const resumed = await applyImport(killedDb, interrupted!.id, { batchSize: 3 });
        const resumedSum = await registryChecksum(killedDb.db);
        await killedDb.close();
        expect(resumed.status).toBe('completed');
        expect(resumed.batchesDone).toBe(cleanRun.batchesDone);
        expect(resumed.counts).toEqual(cleanRun.counts);
        expect(resumedSum).toEqual(cleanSum);
      } finally {
        await clean.drop();
        await killed.drop();
      }
    }, 180_000);
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
  },
);
