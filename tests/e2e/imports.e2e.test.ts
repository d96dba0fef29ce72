import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import {
  householdRow,
  personRow,
  tempDir,
  writeCsvExtract,
  type Row,
} from '../../src/modules/imports/imports.test-support.ts';
import { uploadFolder } from '../../src/modules/imports/imports.upload.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const gambir = '31.71.01.1001';
const firstKk = 3171010000009001n; // date part 000000: no generated KK looks like it

/** Three valid households of two members, and a fourth whose second member has a malformed NIK. */
function extract() {
  const households: Row[] = [];
  const persons: Row[] = [];
  for (let i = 0; i < 4; i++) {
    const kk = String(firstKk + BigInt(i));
    households.push(householdRow(kk, gambir));
    persons.push(personRow(kk, 1, 9100 + i * 10 + 1));
    persons.push(personRow(kk, 2, 9100 + i * 10 + 2, i === 3 ? { NIK: '3171' } : {}));
  }
  return { households, persons };
}

describe.skipIf(!browserAvailable())('data import in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tepat-e2e-imports-'));

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const picture of ['imports-done', 'imports-failure'])
      rmSync(path.join(artifacts, `${picture}.png`), { force: true });
    demo = await startDemoServer({ scale: 0.003, dataDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page?.screenshot({ path: path.join(artifacts, 'imports-failure.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const db = () => demo.ctx.database.db;

  async function importedHouseholds() {
    return queryRows<{ kk: string; members: number }>(
      db(),
      sql`SELECT h.kk_number AS kk, (SELECT count(*)::int FROM household_member m
            WHERE m.household_id = h.id AND m.end_date IS NULL) AS members
          FROM household h WHERE h.kk_number LIKE '317101000000900%' ORDER BY h.kk_number`,
    );
  }

  it('the secretariat uploads an extract, follows its progress to the end, reads the counts and the error report', async () => {
    expect(await importedHouseholds()).toEqual([]);
    const data = extract();
    const files = writeCsvExtract(tempDir(), 'e2e', data);

    await page.goto(demo.url);
    await page.locator('input[autocomplete="username"]').fill('sekretariat');
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('imports-upload').waitFor({ state: 'visible' });
    expect(await page.getByTestId('imports-template-xlsx').getAttribute('href')).toBe(
      '/api/v1/imports/template.xlsx',
    );

    await page.getByTestId('imports-household-file').setInputFiles({
      name: 'rumah-tangga.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(files.householdFile),
    });
    await page.getByTestId('imports-person-file').setInputFiles({
      name: 'anggota.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(files.personFile),
    });
    await page.getByTestId('imports-extract-date').fill('2026-01-31');
    await page.getByTestId('imports-name').fill('e2e');
    await page.getByTestId('imports-mode-valid-only').check();
    await page.getByTestId('imports-submit').click();

    // The bar follows the job's events to its end.
    const done = page.locator('[data-testid="imports-progress"][data-status="succeeded"]');
    await done.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await done.getAttribute('data-value')).toBe('100');
    const result = page.locator('[data-testid="imports-result"][data-status="completed"]');
    await result.waitFor({ state: 'visible' });
    const count = (key: string) => page.getByTestId(`imports-count-${key}`).getAttribute('data-value');
    expect(await count('householdsNew')).toBe('3');
    expect(await count('householdsHeld')).toBe('1');
    expect(await count('householdsChanged')).toBe('0');
    expect(await count('personsInserted')).toBe('6');
    expect(await page.getByTestId('imports-error-count').getAttribute('data-value')).toBe('1');
    await page.screenshot({ path: path.join(artifacts, 'imports-done.png'), fullPage: true });

    // The error report names the bad row: the person file's 8th data row is line 9.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('imports-errors-link').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^import-\d+-errors\.csv$/);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report.split('\r\n')[0]).toBe('file,row,column,value,reason');
    expect(report).toContain('person,9,NIK,3171,nik_format');

    // The past runs list the import; the registry holds the three valid households; the upload is gone.
    const row = page.locator('[data-testid="imports-run-row"][data-status="completed"]').first();
    await row.waitFor({ state: 'visible' });
    expect(await row.innerText()).toContain('e2e');
    expect(await importedHouseholds()).toEqual(
      data.households.slice(0, 3).map((h) => ({ kk: h.NO_KK, members: 2 })),
    );
    expect(readdirSync(uploadFolder(dataDir))).toEqual([]);
  });

  it('downloads the search list of an imported household as XLSX once a purpose is given', async () => {
    const kk = String(firstKk);
    await page.goto(`${demo.url}/search?by=kk&q=${kk}`);
    await page.getByTestId('search-export').waitFor({ state: 'visible' });
    const xlsx = page.getByTestId('search-export-xlsx');
    expect(await xlsx.getAttribute('href')).toBeNull();
    await page.getByTestId('search-export-purpose').fill('pemeriksaan hasil impor');
    const [download] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
    expect(download.suggestedFilename()).toMatch(/^households-.+\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const list = workbook.getWorksheet('Daftar');
    expect(list?.rowCount).toBe(2);
    expect(list?.getRow(2).getCell(2).text).toBe(kk);
    const [audit] = await queryRows<{ purpose: string }>(
      db(),
      sql`SELECT a.purpose FROM audit_log a JOIN household h ON h.id::text = a.subject_id
          WHERE a.action = 'export' AND h.kk_number = ${kk}`,
    );
    expect(audit?.purpose).toBe('pemeriksaan hasil impor');
  });
});
