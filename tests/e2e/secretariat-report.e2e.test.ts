import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sharedDataFile } from '../support/shared-data.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const boundaryFiles = ['kecamatan', 'kelurahan'].map((level) => sharedDataFile(`jakarta-${level}.geojson`));
const year = new Date().getFullYear();

describe.skipIf(!browserAvailable())(
  'TKPK secretariat in Chromium: dashboard drill-down and the LP2KD',
  () => {
    let demo: Awaited<ReturnType<typeof startDemoServer>>;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      for (const file of ['secretariat-failure.png', 'secretariat-kelurahan.png', 'secretariat-report.png'])
        rmSync(path.join(artifacts, file), { force: true });
      demo = await startDemoServer({ scale: 0.003, boundaryFiles });
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    });

    afterEach(async (context) => {
      if (context.task.result?.state === 'fail')
        await page?.screenshot({ path: path.join(artifacts, 'secretariat-failure.png'), fullPage: true });
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    const regionName = async (code: string) =>
      (
        await queryRows<{ name: string }>(
          demo.ctx.database.db,
          sql`SELECT name FROM region WHERE code = ${code}`,
        )
      )[0]!.name;

    /** Clicks a region drawn on the map: the centre of the first shape whose centre is inside that shape. */
    async function clickSomeRegion(map: Locator) {
      await expect.poll(() => map.locator('svg path').count()).toBeGreaterThan(3);
      await map.scrollIntoViewIfNeeded();
      // Evaluated in the page as text: the test's tsconfig has no DOM types.
      const point = await page.evaluate<{ x: number; y: number } | null>(`(() => {
      const figure = document.querySelector('[data-testid="chart-region-map"]');
      for (const shape of figure.querySelectorAll('svg path')) {
        const box = shape.getBoundingClientRect();
        if (box.width < 12 || box.height < 12 || box.top < 0 || box.bottom > window.innerHeight) continue;
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        if (document.elementFromPoint(x, y) === shape) return { x, y };
      }
      return null;
    })()`);
      expect(point).not.toBeNull();
      await page.mouse.click(point!.x, point!.y);
    }

    /** The region the dashboard shows, from the address bar. */
    const shownRegion = () => new URL(page.url()).searchParams.get('region');

    it('drills from the province to a kelurahan on the map', async () => {
      await page.goto(demo.url);
      await page.locator('input[autocomplete="username"]').fill('sekretariat');
      await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await expect.poll(() => page.getByTestId('dashboard-title').innerText()).toBe(await regionName('31'));

      // Monitoring panels of the province: plan realisation (the demo's approved action plans) and targeting errors,
      // whose totals are the sums of the program totals the API gives.
      await page.getByTestId('panel-plan-realisation').locator('[data-key="total"]').waitFor();
      const summary = (await (
        await page.context().request.get(`${demo.url}/api/v1/targeting/summary?region=31`)
      ).json()) as { programs: { inclusionErrors: number; exclusionErrors: number }[] };
      const exclusion = summary.programs.reduce((sum, p) => sum + p.exclusionErrors, 0);
      await expect
        .poll(() => page.getByTestId('targeting-exclusionErrors').getAttribute('data-value'))
        .toBe(String(exclusion));
      // Every table is exportable: the targeting panel's figures as XLSX, a row per program as the API gives.
      await page.getByTestId('panel-targeting-export').click();
      const [tableDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('panel-targeting-export-xlsx').click(),
      ]);
      expect(tableDownload.suggestedFilename()).toBe('ketepatan-sasaran-program.xlsx');
      const tableBook = new ExcelJS.Workbook();
      await tableBook.xlsx.load(readFileSync(await tableDownload.path()) as unknown as ArrayBuffer);
      const sheet = tableBook.getWorksheet('Ketepatan sasaran program')!;
      expect(sheet.getRow(2).getCell(5).value).toBe('Exclusion error');
      const exported = Array.from({ length: sheet.rowCount - 2 }, (_, i) => sheet.getRow(i + 3));
      expect(exported.length).toBe(summary.programs.length);
      expect(exported.reduce((sum, row) => sum + Number(row.getCell(5).value), 0)).toBe(exclusion);
      await page.getByTestId('panel-partners').waitFor();

      // Province → a kecamatan (the province map draws kecamatan), then → one of its kelurahan.
      const map = page.getByTestId('chart-region-map');
      await clickSomeRegion(map);
      await expect.poll(shownRegion).toMatch(/^31\.\d{2}\.\d{2}$/);
      const kecamatan = shownRegion()!;
      await expect
        .poll(() => page.getByTestId('dashboard-title').innerText())
        .toBe(await regionName(kecamatan));

      await clickSomeRegion(page.getByTestId('chart-region-map'));
      await expect.poll(shownRegion).toMatch(new RegExp(`^${kecamatan.replaceAll('.', '\\.')}\\.\\d{4}$`));
      const kelurahan = shownRegion()!;
      await expect
        .poll(() => page.getByTestId('dashboard-title').innerText())
        .toBe(await regionName(kelurahan));
      const [households] = await queryRows<{ n: number }>(
        demo.ctx.database.db,
        sql`SELECT count(*)::int AS n FROM household WHERE kelurahan_code = ${kelurahan} AND status = 'active'`,
      );
      await expect
        .poll(() => page.getByTestId('stat-households-value').innerText())
        .toBe(households!.n.toLocaleString('id-ID'));
      await page.screenshot({ path: path.join(artifacts, 'secretariat-kelurahan.png'), fullPage: true });
    });

    it('opens the LP2KD of Jakarta Utara for a year and downloads it as PDF and XLSX', async () => {
      await page.getByTestId('nav-reports').click();
      await page.getByTestId('page-reports').waitFor({ state: 'visible' });
      await page.getByTestId('region-picker-kota').click();
      await page.getByRole('option', { name: 'Kota Administrasi Jakarta Utara' }).click();
      await expect
        .poll(() => page.getByTestId('report-subtitle').innerText())
        .toBe(`Kota Administrasi Jakarta Utara – Tahun ${year}`);
      const headings = await page.getByTestId('report-section').allInnerTexts();
      expect(headings).toEqual([
        '1. Situasi Kemiskinan',
        '2. Realisasi Program dan Anggaran',
        '3. Cakupan terhadap Sasaran',
        '4. Permasalahan dan Tindak Lanjut',
      ]);
      await page.screenshot({ path: path.join(artifacts, 'secretariat-report.png'), fullPage: true });

      const [pdfDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-pdf').click(),
      ]);
      expect(pdfDownload.suggestedFilename()).toBe(`lp2kd-31.72-${year}.pdf`);
      const pdf = readFileSync(await pdfDownload.path());
      const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
      for (const heading of headings) expect(text).toContain(heading);
      expect(text).toContain('Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah (LP2KD)');
      expect(text).toContain(`Kota Administrasi Jakarta Utara – Tahun ${year}`);
      const [registry] = await queryRows<{ households: number }>(
        demo.ctx.database.db,
        sql`SELECT count(*)::int AS households FROM household WHERE kelurahan_code LIKE '31.72.%' AND status = 'active'`,
      );
      expect(text).toMatch(
        new RegExp(
          `Rumah tangga\\s+${registry!.households.toLocaleString('id-ID').replaceAll('.', '\\.')}\\b`,
        ),
      );

      const [xlsxDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-xlsx').click(),
      ]);
      expect(xlsxDownload.suggestedFilename()).toBe(`lp2kd-31.72-${year}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync(await xlsxDownload.path()) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(
        expect.arrayContaining([
          'Ringkasan',
          'Statistik BPS',
          'Registri',
          'Anggaran per OPD',
          'Cakupan',
          'Permasalahan',
        ]),
      );
      const registrySheet = workbook.getWorksheet('Registri')!;
      expect(registrySheet.getRow(3).values).toEqual([undefined, 'Rumah tangga', registry!.households]);
    });

    it('manages an agency system: creates its API client, reads the token once, adds a key, revokes it', async () => {
      const feed = (token: string) =>
        fetch(`${demo.url}/api/interop/feed/changes`, { headers: { authorization: `Bearer ${token}` } });
      await page.getByTestId('nav-api-clients').click();
      await page.getByTestId('page-api-clients').waitFor();
      await page.getByTestId('api-clients-name').fill('dinsos-e2e');
      await page.getByTestId('api-clients-area').fill('31.72');
      await page.getByTestId('api-clients-scope-feed:read').click();
      await page.getByTestId('api-clients-submit').click();
      const token = (await page.getByTestId('api-clients-token').innerText()).trim();
      expect(token).toMatch(/^tpc_\d+_[A-Za-z0-9_-]{43}$/);
      expect((await feed(token)).status).toBe(200);
      const row = page.getByTestId('api-client-row-dinsos-e2e');
      // Badges are shown in capitals (CSS), and innerText gives what is shown.
      await expect.poll(async () => (await row.innerText()).toLowerCase()).toContain('feed:read');
      expect(await row.innerText()).not.toContain(token);

      const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
      const clientId = token.split('_')[1];
      await page.getByTestId(`api-client-key-id-${clientId}`).fill('k1');
      await page.getByTestId(`api-client-public-key-${clientId}`).fill(String(publicKey));
      await page.getByTestId(`api-client-key-add-${clientId}`).click();
      await page.getByTestId('api-client-key-dinsos-e2e-k1').waitFor();

      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('api-client-revoke-dinsos-e2e').click();
      await expect
        .poll(() => page.getByTestId('api-client-status-dinsos-e2e').innerText())
        .toMatch(/^dicabut/i);
      expect((await feed(token)).status).toBe(401);
      const [logged] = await queryRows<{ n: number }>(
        demo.ctx.database.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE subject_type = 'api_client' AND subject_id = ${clientId}
              AND actor_role = 'secretariat'`,
      );
      expect(logged!.n).toBe(3);
    });
  },
);
