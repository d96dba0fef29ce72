import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');

describe.skipIf(!browserAvailable())('open data (public) and priority locations in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDemoServer({ scale: 0.003 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page?.screenshot({
        path: path.join(artifacts, 'priority-open-data-failure.png'),
        fullPage: true,
      });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('a visitor without an account opens Data Terbuka, sees only suppressed or ≥ 10 counts, downloads the CSV', async () => {
    await page.goto(`${demo.url}/open-data`);
    await page.getByTestId('open-data-table').waitFor();
    expect(page.url()).toContain('/open-data'); // not sent to sign in
    await page.getByTestId('open-data-level').getByText('Kelurahan').click();
    await page.getByTestId('open-data-row-31.72.01.1001').waitFor();
    const cells = await page
      .getByTestId('open-data-table')
      .locator('tbody td:not(:first-child)')
      .allInnerTexts();
    expect(cells.length).toBeGreaterThan(100);
    for (const cell of cells)
      if (cell !== 'disembunyikan') expect(Number(cell.replace(/\./g, ''))).toBeGreaterThanOrEqual(10);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('open-data-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('tepat-data-terbuka-kelurahan.csv');
  });

  it('the secretariat ranks kelurahan under two weightings and downloads the XLSX', async () => {
    await page.goto(demo.url);
    await page.locator('input[autocomplete="username"]').fill('sekretariat');
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('nav-priority').click();
    await page.getByTestId('priority-table').waitFor();
    expect(await page.getByTestId('priority-table').locator('tbody tr').count()).toBeGreaterThan(100);
    expect(await page.getByTestId('priority-badge').count()).toBeGreaterThan(0);
    await page.getByTestId('priority-weighting-a').selectOption('miskin_ekstrem');
    await page.getByTestId('priority-weighting-b').selectOption('seimbang');
    await expect
      .poll(() => page.getByTestId('priority-table').locator('thead').innerText())
      .toContain('Fokus miskin ekstrem');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('priority-xlsx').click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.getWorksheet('Lokasi prioritas')!.rowCount).toBeGreaterThan(100);

    // Weights are data the secretariat edits: a new weighting, refused until the weights sum to 1, then ranked.
    const form = page.getByTestId('weighting-form');
    await form.getByLabel('Kode', { exact: true }).fill('rumah_dulu');
    await form.getByLabel('Nama', { exact: true }).fill('Rumah dulu');
    await form.getByLabel('Rumah tidak layak').fill('0,7');
    expect(await page.getByTestId('weighting-sum').innerText()).toBe('Jumlah bobot: 1,4500 (harus 1)');
    expect(await form.getByRole('button', { name: 'Simpan bobot' }).isDisabled()).toBe(true);
    for (const label of ['Miskin ekstrem', 'Desil 1–4', 'Celah cakupan'])
      await form.getByLabel(label).fill('0,1');
    expect(await page.getByTestId('weighting-sum').innerText()).toBe('Jumlah bobot: 1,0000 (harus 1)');
    await form.getByRole('button', { name: 'Simpan bobot' }).click();
    await page.getByText('Bobot tersimpan.').waitFor();
    const [saved] = await queryRows<{ housing: string }>(
      demo.ctx.database.db,
      sql`SELECT w_housing::text AS housing FROM priority_weighting WHERE code = 'rumah_dulu'`,
    );
    expect(Number(saved!.housing)).toBe(0.7);
    await page.getByTestId('priority-weighting-a').selectOption('rumah_dulu');
    await expect
      .poll(() => page.getByTestId('priority-table').locator('thead').innerText())
      .toContain('Rumah dulu');
  });
});
