import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { loadProvince } from '../regions/regions.service.ts';

const password = 'table-export-password';

const table = {
  title: 'Cakupan desil 1 per pilar',
  subtitle: 'Jakarta Utara, 2026',
  columns: [
    { header: 'Wilayah' },
    { header: 'Rumah tangga', format: 'integer' },
    { header: 'Cakupan', format: 'percent' },
    { header: 'Catatan' },
  ],
  rows: [
    ['Penjaringan', 1234, 0.4567, 'ok'],
    ['Cilincing', 987, null, '=HYPERLINK("http://x")'],
    ['Koja, "Utara"', 0, 1, null],
  ],
};

describeEachDatabase(
  'table export: any table a page shows, as XLSX, PDF or CSV',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let session: TestSession;
    const post = (format: string, body: unknown, withSession = true) =>
      request(app, 'POST', `/exports/table.${format}`, { body, session: withSession ? session : undefined });

    beforeAll(async () => {
      app = createApp(env().ctx);
      session = await loginAs(app, 'tkpk.jakut', password);
    });

    it('writes XLSX with numbers kept as numbers, their formats, and who made it', async () => {
      const response = await post('xlsx', table);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="cakupan-desil-1-per-pilar.xlsx"',
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.getWorksheet('Cakupan desil 1 per pilar')!;
      expect(sheet.getRow(2).values).toEqual([undefined, 'Wilayah', 'Rumah tangga', 'Cakupan', 'Catatan']);
      expect(sheet.getRow(3).getCell(2).value).toBe(1234);
      expect(sheet.getRow(3).getCell(3).value).toBe(0.4567);
      expect(sheet.getColumn(3).numFmt).toBe('0.0%');
      expect(sheet.getRow(5).getCell(1).value).toBe('Koja, "Utara"');
      const cover = workbook.getWorksheet('Ringkasan')!;
      const coverText = cover
        .getSheetValues()
        .flat()
        .filter((v) => typeof v === 'string')
        .join(' ');
      expect(coverText).toContain('tkpk.jakut');
      expect(coverText).toContain('Jakarta Utara, 2026');
    });

    it('writes CSV with a BOM, quoting, and formula-looking text neutralised', async () => {
      const response = await post('csv', table);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      expect(text).toBe(
        'Wilayah,Rumah tangga,Cakupan,Catatan\r\n' +
          'Penjaringan,1234,0.4567,ok\r\n' +
          `Cilincing,987,,"'=HYPERLINK(""http://x"")"\r\n` +
          '"Koja, ""Utara""",0,1,\r\n',
      );
    });

    it('writes PDF whose text carries the title and the formatted figures', async () => {
      const response = await post('pdf', table);
      expect(response.status).toBe(200);
      const { text } = await extractText(new Uint8Array(await response.arrayBuffer()), { mergePages: true });
      expect(text).toContain('Cakupan desil 1 per pilar');
      expect(text).toContain('Penjaringan');
      expect(text).toContain('1.234');
      expect(text).toContain('45,7 %');
    });

    it('refuses a ragged row, too many rows, no session and an unknown format', async () => {
      const ragged = await post('xlsx', {
        ...table,
        rows: [
          ['a', 1, 0.5, 'x'],
          ['b', 2],
        ],
      });
      expect(ragged.status).toBe(400);
      const { issues } = ((await ragged.json()) as { error: { details: { issues: { path: string }[] } } })
        .error.details;
      expect(issues.map((i) => i.path)).toEqual(['body.rows.1']);
      const tooMany = await post('csv', {
        ...table,
        rows: Array.from({ length: 10_001 }, () => ['a', 1, 0, 'b']),
      });
      expect(tooMany.status).toBe(400);
      expect((await post('xlsx', table, false)).status).toBe(401);
      expect((await post('docx', table)).status).toBe(404);
      expect((await post('xlsx', { ...table, columns: [] })).status).toBe(400);
    });
  },
  async ({ ctx }) => {
    await loadProvince(ctx.database.db, '31');
    await ensureDemoUsers(ctx.database.db, password);
  },
);
