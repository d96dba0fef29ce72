import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { appUser } from '../access/access.schema.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { auditLog } from '../audit/audit.schema.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';
import { exportEligible } from './targeting.export.ts';

const password = 'export-password';
const penjaringanKecamatan = '31.72.01';
const penjaringan = '31.72.01.1001';
const header = ['No', 'NIK', 'Nama', 'No KK', 'Kelurahan', 'Desil', 'Miskin ekstrem', 'Skor PMT'];

interface Item {
  householdId: number;
  nik: string | null;
  name: string | null;
  kelurahanCode: string;
  kelurahanName: string;
}

describeEachDatabase(
  'targeting: eligible-list export (XLSX, CSV)',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let agency: TestSession;
    let operator: TestSession;
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      agency = await loginAs(app, 'dinsos', password);
      operator = await loginAs(app, 'kel.penjaringan', password);
    });

    /** The whole list as the JSON API pages it. */
    async function apiList(session: TestSession, path: string): Promise<Item[]> {
      const items: Item[] = [];
      for (let page = 1; ; page++) {
        const response = await request(app, 'GET', `${path}&pageSize=100&page=${page}`, { session });
        const body = (await response.json()) as { items: Item[]; total: number };
        items.push(...body.items);
        if (items.length >= body.total || body.items.length === 0) return items;
      }
    }

    async function exportAudits(username: string, purpose: string) {
      const [user] = await db().select().from(appUser).where(eq(appUser.username, username));
      const [row] = await db()
        .select({ n: count() })
        .from(auditLog)
        .where(
          and(eq(auditLog.actorId, user!.id), eq(auditLog.action, 'export'), eq(auditLog.purpose, purpose)),
        );
      return row!.n;
    }

    it('gives an agency the kecamatan list as a workbook equal to the API list, audited per household', async () => {
      const expected = await apiList(agency, `/programs/KLJ/eligible?region=${penjaringanKecamatan}`);
      expect(expected.length).toBeGreaterThan(0);
      const purpose = 'daftar peserta KLJ';
      const response = await request(
        app,
        'GET',
        `/programs/KLJ/eligible.xlsx?region=${penjaringanKecamatan}&purpose=${encodeURIComponent(purpose)}`,
        { session: agency },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="eligible-KLJ-31\.72\.01-\d{4}-\d{2}-\d{2}\.xlsx"$/,
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([undefined, ...header]);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.rowCount).toBe(expected.length + 1);
      const niks = Array.from({ length: expected.length }, (_, i) => sheet.getRow(i + 2).getCell(2).value);
      expect(niks).toEqual(expected.map((e) => e.nik));
      expect(sheet.getRow(2).getCell(3).value).toBe(expected[0]!.name);
      const notes = workbook.getWorksheet('Keterangan')!;
      const noteOf = (label: string): unknown => {
        for (let i = 1; i <= notes.rowCount; i++)
          if (notes.getRow(i).getCell(1).value === label) return notes.getRow(i).getCell(2).value;
        return undefined;
      };
      expect(noteOf('Jumlah baris')).toBe(expected.length);
      expect(noteOf('Wilayah')).toBe(penjaringanKecamatan);
      expect(String(noteOf('Aturan kelayakan'))).toContain('age >= 60');
      const households = new Set(expected.map((e) => e.householdId)).size;
      expect(await exportAudits('dinsos', purpose)).toBe(households);
    });

    it('gives a kelurahan operator only their kelurahan as CSV with a BOM, in the API order', async () => {
      const expected = await apiList(operator, '/programs/BPNT/eligible?purpose=x-check');
      expect(expected.length).toBeGreaterThan(0);
      const response = await request(app, 'GET', '/programs/BPNT/eligible.csv?purpose=penyaluran%20BPNT', {
        session: operator,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records: string[][] = parse(Buffer.from(bytes), { bom: true });
      expect(records[0]).toEqual(header);
      expect(records.slice(1).map((r) => r[1])).toEqual(expected.map((e) => e.nik));
      expect(new Set(records.slice(1).map((r) => r[4]))).toEqual(new Set([expected[0]!.kelurahanName]));
      expect(expected.every((e) => e.kelurahanCode === penjaringan)).toBe(true);
      expect(await exportAudits('kel.penjaringan', 'penyaluran BPNT')).toBe(expected.length);

      // Another kota lies outside the operator's area: an empty list, not someone else's households.
      const outside = await request(app, 'GET', '/programs/BPNT/eligible.csv?region=31.71', {
        session: operator,
      });
      expect((await outside.text()).trim().split('\r\n')).toHaveLength(1);
    });

    it('refuses lists over the cap, partners, unknown programs and bad regions', async () => {
      const [user] = await db().select().from(appUser).where(eq(appUser.username, 'dinsos'));
      const session = {
        id: user!.id,
        username: user!.username,
        displayName: user!.displayName,
        role: user!.role,
        regionCode: user!.regionCode,
        organisation: user!.organisation,
        csrfToken: 'unused',
      };
      await expect(exportEligible(db(), session, 'BPNT', 'csv', { purpose: 'too many' }, 1)).rejects.toThrow(
        /narrow the region/,
      );
      const partner = await loginAs(app, 'mitra.baznas', password);
      expect((await request(app, 'GET', '/programs/BPNT/eligible.xlsx', { session: partner })).status).toBe(
        403,
      );
      expect((await request(app, 'GET', '/programs/NOPE/eligible.csv', { session: agency })).status).toBe(
        404,
      );
      expect(
        (await request(app, 'GET', '/programs/BPNT/eligible.csv?region=x', { session: agency })).status,
      ).toBe(400);
      expect((await request(app, 'GET', '/programs/BPNT/eligible.xlsx')).status).toBe(401);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.0005, seed: 5 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
  },
);
