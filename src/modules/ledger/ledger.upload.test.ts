import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { loginAs, type TestSession } from '../access/access.test-support.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { readBeneficiaryFile } from './ledger.file.ts';
import {
  enrolmentsOf,
  ledgerPassword,
  pickPeople,
  seedLedgerRegistry,
  unknownNik,
  uploadFile,
  type RegistryPerson,
} from './ledger.test-support.ts';
import { isNameMismatch, parseDay } from './ledger.upload.ts';

interface Report {
  uploadId: number;
  status: string;
  provider: string;
  providerKind: string;
  rowsTotal: number;
  rowsValid: number;
  rowsLoaded: number;
  alreadyEnrolled: number;
  errorCount: number;
  errors: { line: number; column: string; value: string; reason: string }[];
  unmatched: { line: number; value: string }[];
}

describe('upload parsing helpers', () => {
  it('reads ISO and dd/mm/yyyy days and refuses impossible ones', () => {
    expect(parseDay('2024-01-15')).toBe('2024-01-15');
    expect(parseDay('5/3/2024')).toBe('2024-03-05');
    expect(parseDay('31/02/2024')).toBeNull();
    expect(parseDay('2024-13-01')).toBeNull();
    expect(parseDay('kemarin')).toBeNull();
  });

  it('flags a name only when it shares no word with the registry name', () => {
    expect(isNameMismatch('  siti  AMINAH ', 'Siti Aminah')).toBe(false);
    expect(isNameMismatch('Aminah', 'Siti Aminah binti Ahmad')).toBe(false);
    expect(isNameMismatch('Budi Santoso', 'Siti Aminah')).toBe(true);
  });

  it('reads a semicolon CSV with a BOM and quoted fields, keeping the user’s line numbers', async () => {
    const text = '\uFEFFNIK;Nama;Tanggal Mulai\n1;"Siti; A"\n\n2;Budi;01/02/2024\n';
    const file = await readBeneficiaryFile('list.csv', new TextEncoder().encode(text));
    expect(file.format).toBe('csv');
    expect(file.header).toEqual(['nik', 'nama', 'tanggal_mulai']);
    expect(file.rows).toEqual([
      { line: 2, cells: { nik: '1', nama: 'Siti; A', tanggal_mulai: '' } },
      { line: 4, cells: { nik: '2', nama: 'Budi', tanggal_mulai: '01/02/2024' } },
    ]);
  });

  it('refuses an empty file and an old .xls with a 400 naming the file', async () => {
    await expect(readBeneficiaryFile('a.csv', new Uint8Array())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]);
    await expect(readBeneficiaryFile('a.bin', ole)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describeEachDatabase(
  'ledger: beneficiary-list upload',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let dinsos: TestSession;
    let secretariat: TestSession;
    let people: RegistryPerson[];
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      dinsos = await loginAs(app, 'dinsos', ledgerPassword);
      secretariat = await loginAs(app, 'sekretariat', ledgerPassword);
      people = await pickPeople(db());
      expect(people.length).toBeGreaterThan(20);
    });

    /** A `;`-separated CSV with a BOM, as Excel in an Indonesian locale saves it. */
    const csv = (lines: string[]) => ({ name: 'daftar.csv', content: `\uFEFF${lines.join('\r\n')}\r\n` });

    async function malformedFile() {
      const [a, b, c, d, e] = people;
      const missing = await unknownNik(db());
      return {
        missing,
        file: csv([
          'NIK;Nama;Tanggal Mulai;Status',
          `${a!.nik};${a!.name};;`, // 2 valid
          '317201150199;X;;', // 3 wrong length
          '31720115019900AB;X;;', // 4 letters
          '3172013102990001;X;;', // 5 impossible date (31 February)
          '9972011501990001;X;;', // 6 unknown province
          `${a!.nik};${a!.name};;`, // 7 duplicate of line 2
          `${b!.nik};${b!.name};31/02/2024;`, // 8 bad date
          `${c!.nik};${c!.name};;paused`, // 9 unknown status
          `${missing};Nobody;;`, // 10 unmatched
          `${d!.nik};Zzyzx Qwerty;;`, // 11 name does not match
          `;Tanpa NIK;;`, // 12 empty NIK
          `${e!.nik};${e!.name.toUpperCase()};15/01/2024;suspended`, // 13 valid
        ]),
      };
    }

    it('reports each bad row by line, column, value and reason, and loads nothing when all or nothing', async () => {
      const { file, missing } = await malformedFile();
      const before = (await enrolmentsOf(db(), 'KLJ')).length;
      const response = await uploadFile(app, dinsos, 'KLJ', file);
      expect(response.status).toBe(201);
      const report = (await response.json()) as Report;
      expect(report).toMatchObject({ status: 'rejected', rowsTotal: 12, rowsValid: 2, rowsLoaded: 0 });
      const found = (line: number) => report.errors.filter((e) => e.line === line);
      expect(found(3)).toEqual([
        {
          line: 3,
          column: 'nik',
          value: '317201150199',
          reason: expect.stringMatching(/^invalid_nik: length: /) as unknown,
        },
      ]);
      expect(found(4)[0]!.reason).toMatch(/^invalid_nik: not_digits/);
      expect(found(5)[0]!.reason).toMatch(/^invalid_nik: impossible_date/);
      expect(found(6)[0]!.reason).toMatch(/^invalid_nik: unknown_province/);
      expect(found(7)).toEqual([
        { line: 7, column: 'nik', value: people[0]!.nik, reason: 'duplicate: also on line 2' },
      ]);
      expect(found(8)).toEqual([
        {
          line: 8,
          column: 'tanggal_mulai',
          value: '31/02/2024',
          reason: expect.stringMatching(/^invalid_date/) as unknown,
        },
      ]);
      expect(found(9)).toEqual([
        {
          line: 9,
          column: 'status',
          value: 'paused',
          reason: expect.stringMatching(/^unknown_status/) as unknown,
        },
      ]);
      expect(found(11)).toEqual([
        { line: 11, column: 'nama', value: 'Zzyzx Qwerty', reason: 'name_mismatch: name does not match NIK' },
      ]);
      expect(found(12)[0]!.reason).toMatch(/^empty_nik/);
      expect(report.errors.map((e) => e.line).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 11, 12]);
      expect(report.unmatched).toEqual([{ line: 10, value: missing }]);
      expect((await enrolmentsOf(db(), 'KLJ')).length).toBe(before);
    });

    it('loads exactly the valid matched rows of the same file with valid_only, once', async () => {
      const { file } = await malformedFile();
      const response = await uploadFile(app, dinsos, 'KLJ', file, { mode: 'valid_only' });
      const report = (await response.json()) as Report;
      expect(report).toMatchObject({
        status: 'partially_loaded',
        rowsValid: 2,
        rowsLoaded: 2,
        alreadyEnrolled: 0,
      });
      expect(report.provider).toBe('DINSOS');
      const rows = await enrolmentsOf(db(), 'KLJ');
      expect(rows.map((r) => r.personId).sort()).toEqual([people[0]!.personId, people[4]!.personId].sort());
      const e = rows.find((r) => r.personId === people[4]!.personId)!;
      expect(e).toMatchObject({ startDate: '2024-01-15', status: 'suspended', providerKind: 'agency' });
      const [audits] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.purpose, 'beneficiary upload'), eq(auditLog.action, 'create')));
      expect(audits!.n).toBe(2);
      const again = (await (
        await uploadFile(app, dinsos, 'KLJ', file, { mode: 'valid_only' })
      ).json()) as Report;
      expect(again).toMatchObject({ rowsLoaded: 0, alreadyEnrolled: 2 });
      expect(await enrolmentsOf(db(), 'KLJ')).toHaveLength(2);
    });

    it('reports a missing NIK column once, on line 1', async () => {
      const response = await uploadFile(app, dinsos, 'KLJ', csv(['nama,status', 'Siti,active']));
      const report = (await response.json()) as Report;
      expect(report.status).toBe('rejected');
      expect(report.errors).toEqual([
        { line: 1, column: 'nik', value: '', reason: expect.stringMatching(/^missing_column/) as unknown },
      ]);
    });

    it('loads and matches an XLSX list, lists unmatched NIKs by line, and never duplicates on re-upload', async () => {
      const chosen = people.slice(5, 8);
      const missing = await unknownNik(db(), 9000);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Daftar');
      sheet.addRow(['NIK', 'Nama Lengkap', 'Tanggal_Mulai']);
      sheet.addRow([Number(chosen[0]!.nik), chosen[0]!.name, new Date(Date.UTC(2024, 5, 1))]);
      sheet.addRow([chosen[1]!.nik, chosen[1]!.name, '2024-07-01']);
      sheet.addRow([missing, 'Tidak Ada', null]);
      sheet.addRow([chosen[2]!.nik, null, null]);
      const content = new Uint8Array(await workbook.xlsx.writeBuffer());
      const file = { name: 'daftar-kaj.xlsx', content };
      const report = (await (
        await uploadFile(app, dinsos, 'KAJ', file, { mode: 'valid_only' })
      ).json()) as Report;
      expect(report).toMatchObject({ status: 'partially_loaded', rowsTotal: 4, rowsValid: 3, rowsLoaded: 3 });
      expect(report.unmatched).toEqual([{ line: 4, value: missing }]);
      const rows = await enrolmentsOf(db(), 'KAJ');
      expect(rows.map((r) => r.personId).sort()).toEqual(chosen.map((p) => p.personId).sort());
      expect(rows.find((r) => r.personId === chosen[0]!.personId)!.startDate).toBe('2024-06-01');
      const again = (await (
        await uploadFile(app, dinsos, 'KAJ', file, { mode: 'valid_only' })
      ).json()) as Report;
      expect(again).toMatchObject({ rowsLoaded: 0, alreadyEnrolled: 3 });
      expect(await enrolmentsOf(db(), 'KAJ')).toHaveLength(3);
    });

    it('loads a household program by KK number or a member’s NIK, on behalf of the owning agency', async () => {
      const [h1, h2, h3] = people.slice(10, 13);
      const file = csv([
        'no_kk,nik',
        `${h1!.kk},`,
        `,${h2!.nik}`,
        `3172010101990077,`, // well-formed KK of no household
        `${h3!.kk},`,
      ]);
      const report = (await (
        await uploadFile(app, secretariat, 'BPNT', file, { mode: 'valid_only' })
      ).json()) as Report;
      expect(report).toMatchObject({
        provider: 'KEMENSOS',
        providerKind: 'agency',
        rowsValid: 3,
        rowsLoaded: 3,
      });
      expect(report.errors).toEqual([
        {
          line: 4,
          column: 'no_kk',
          value: '3172010101990077',
          reason: expect.stringMatching(/^kk_not_found/) as unknown,
        },
      ]);
      const rows = await enrolmentsOf(db(), 'BPNT');
      expect(rows.map((r) => r.householdId).sort()).toEqual([h1!, h2!, h3!].map((h) => h.householdId).sort());
      expect(rows.every((r) => r.personId === null && r.provider === 'KEMENSOS')).toBe(true);
    });

    it('lets only the secretariat, the owning agency and partners upload', async () => {
      const file = csv(['nik', people[15]!.nik]);
      expect((await uploadFile(app, dinsos, 'KJP_PLUS', file)).status).toBe(403);
      const operator = await loginAs(app, 'kel.penjaringan', ledgerPassword);
      expect((await uploadFile(app, operator, 'KLJ', file)).status).toBe(403);
      const partner = await loginAs(app, 'mitra.baznas', ledgerPassword);
      const response = await uploadFile(app, partner, 'KLJ', file);
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({
        provider: 'BAZNAS',
        providerKind: 'partner',
        rowsLoaded: 1,
      });
      expect((await uploadFile(app, dinsos, 'NOPE', file)).status).toBe(404);
    });

    it('returns a stored report and its errors as CSV, to its uploader only', async () => {
      const { file } = await malformedFile();
      const report = (await (await uploadFile(app, dinsos, 'KLJ', file)).json()) as Report;
      const get = (session: TestSession, path: string) =>
        app.request(`/api/v1/programs/KLJ/uploads/${report.uploadId}${path}`, {
          headers: { cookie: session.cookie },
        });
      const stored = (await (await get(dinsos, '')).json()) as Report;
      expect(stored).toMatchObject({
        uploadId: report.uploadId,
        status: 'rejected',
        errorCount: report.errorCount,
      });
      expect(stored.errors).toEqual(report.errors);
      const csvResponse = await get(dinsos, '/errors.csv');
      expect(csvResponse.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await csvResponse.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads the file as UTF-8
      const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
      expect(lines[0]).toBe('line,column,value,reason');
      expect(lines).toHaveLength(1 + report.errors.length + report.unmatched.length);
      expect(lines).toContain(
        '3,nik,317201150199,"invalid_nik: length: A NIK has exactly 16 digits, not 12."',
      );
      const partner = await loginAs(app, 'mitra.baznas', ledgerPassword);
      expect((await get(partner, '')).status).toBe(403);
    });

    it('refuses a file over 20 MB with a 400 naming the file', async () => {
      const big = csv(['nik', ...Array.from({ length: 1_300_000 }, () => '3172015001990001')]);
      const response = await uploadFile(app, dinsos, 'KLJ', big);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { details: { issues: { path: string }[] } } };
      expect(body.error.details.issues[0]!.path).toBe('form.file');
    });
  },
  seedLedgerRegistry,
);
