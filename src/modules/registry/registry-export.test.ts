import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestApp,
  type TestSession,
} from '../access/access.test-support.ts';
import { runImport } from '../imports/imports.service.ts';
import {
  householdRow,
  personRow,
  tempDir,
  writeCsvExtract,
  type Row,
} from '../imports/imports.test-support.ts';
import { exportSearchList } from './registry-export.ts';

const password = 'demo-password-1';
const gambir = '31.71.01.1001';
const penjaringan = '31.72.01.1001';
const purpose = 'verifikasi daftar penerima bantuan';

/** Households with two members named "Warga <n>": `count` in each kelurahan, KK numbers from `firstKk`. */
function extract(areas: [string, number][], firstKk: bigint) {
  const households: Row[] = [];
  const persons: Row[] = [];
  let next = firstKk;
  let sequence = 600;
  for (const [kelurahan, count] of areas)
    for (let i = 0; i < count; i++) {
      const kk = String(next++);
      // The first household's address would be a formula if a spreadsheet ran it.
      households.push(householdRow(kk, kelurahan, next === firstKk + 1n ? { ALAMAT: '=1+2' } : {}));
      persons.push(personRow(kk, 1, sequence++), personRow(kk, 2, sequence++));
    }
  return { households, persons };
}

const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describeEachDatabase(
  'household search list export',
  (env) => {
    let app: TestApp;
    let secretariat: TestSession;
    let kelurahan: TestSession;
    const data = extract(
      [
        [gambir, 3],
        [penjaringan, 4],
      ],
      3171010106000001n,
    );
    const kks = (kelurahanCode: string) =>
      data.households.filter((h) => h.KODE_KELURAHAN === kelurahanCode).map((h) => h.NO_KK!);
    const db = () => env().ctx.database.db;

    const exportAs = (session: TestSession | undefined, format: string, query: Record<string, string>) =>
      request(app, 'GET', `/households/export.${format}?${new URLSearchParams(query).toString()}`, {
        session,
      });

    async function exportAudits() {
      return queryRows<{ subject: string; purpose: string; region: string; details: { format: string } }>(
        db(),
        sql`SELECT subject_id AS subject, purpose, region_code AS region, details FROM audit_log
            WHERE action = 'export' AND subject_type = 'household' ORDER BY id`,
      );
    }

    beforeAll(async () => {
      const files = writeCsvExtract(tempDir(), 'export', data);
      const run = await runImport(env().ctx.database, {
        ...files,
        name: 'export-test',
        extractDate: '2026-01-31',
        mode: 'all-or-nothing',
      });
      expect(run.counts).toMatchObject({ householdsInserted: 7, errors: 0 });
      app = createApp(env().ctx);
      secretariat = await loginAs(app, 'sekretariat', password);
      kelurahan = await loginAs(app, 'kel.penjaringan', password);
    });

    it('exports the search list as CSV within the user’s area, every household audited with the purpose', async () => {
      const response = await exportAs(kelurahan, 'csv', { name: 'Warga', purpose });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="households-.+\.csv"$/,
      );
      const [header, ...rows] = csvRows(await response.text());
      expect(header!.slice(0, 3)).toEqual(['No', 'No KK', 'Kepala keluarga']);
      // Only Penjaringan's households: the operator's area.
      expect(rows.map((r) => r[1]).sort()).toEqual(kks(penjaringan).sort());
      expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4']);
      const audits = await exportAudits();
      expect(audits).toHaveLength(4);
      expect(audits.every((a) => a.purpose === purpose && a.region === penjaringan)).toBe(true);
      expect(audits.every((a) => a.details.format === 'csv')).toBe(true);
    });

    it('exports XLSX with the list and what it is; a formula-looking cell stays text in CSV', async () => {
      const response = await exportAs(secretariat, 'xlsx', { name: 'Warga', region: '31.71', purpose });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const list = workbook.getWorksheet('Daftar');
      expect(list?.rowCount).toBe(1 + 3);
      const shown = [2, 3, 4].map((n) => list?.getRow(n).getCell(2).text);
      expect(shown.sort()).toEqual(kks(gambir).sort());
      const notes = workbook.getWorksheet('Keterangan')!;
      const noteOf = (label: string) =>
        notes.getSheetValues().find((row) => Array.isArray(row) && row[1] === label) as unknown[] | undefined;
      expect(noteOf('Tujuan')?.[2]).toBe(purpose);
      expect(noteOf('Jumlah baris')?.[2]).toBe(3);
      // The Gambir household whose address is `=1+2`: in CSV the cell is prefixed so Excel shows it as text.
      const csv = await (await exportAs(secretariat, 'csv', { kk: kks(gambir)[0]!, purpose })).text();
      expect(csvRows(csv)[1]![3]).toBe("'=1+2");
    });

    it('refuses a missing or short purpose, no criterion, a province-wide name search, and roles without personal data', async () => {
      const before = (await exportAudits()).length;
      const issue = async (response: Response) => {
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { details: { issues: { path: string }[] } } };
        return body.error.details.issues[0]!.path;
      };
      expect(await issue(await exportAs(kelurahan, 'csv', { name: 'Warga' }))).toBe('query.purpose');
      expect(await issue(await exportAs(kelurahan, 'csv', { name: 'Warga', purpose: 'cek' }))).toBe(
        'query.purpose',
      );
      expect(await issue(await exportAs(kelurahan, 'csv', { purpose }))).toBe('query');
      expect(await issue(await exportAs(secretariat, 'xlsx', { name: 'Warga', purpose }))).toBe(
        'query.region',
      );
      const partner = await loginAs(app, 'mitra.baznas', password);
      expect((await exportAs(partner, 'csv', { name: 'Warga', purpose })).status).toBe(403);
      expect((await exportAs(undefined, 'csv', { name: 'Warga', purpose })).status).toBe(401);
      expect((await exportAudits()).length).toBe(before);
    });

    it('refuses a list longer than one file may hold, before auditing anything', async () => {
      const before = (await exportAudits()).length;
      const [user] = await queryRows<SessionUser>(
        db(),
        sql`SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode",
              organisation, '' AS "csrfToken" FROM app_user WHERE username = 'kel.penjaringan'`,
      );
      await expect(exportSearchList(db(), user!, 'csv', { name: 'Warga', purpose }, 3)).rejects.toMatchObject(
        { code: 'VALIDATION_FAILED', details: { issues: [{ reason: 'too_many_rows' }] } },
      );
      expect((await exportAudits()).length).toBe(before);
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
