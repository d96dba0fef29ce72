import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { parseValidRule } from '../../src/modules/eligibility/eligibility.service.ts';
import { eligibleSetSql } from '../../src/modules/eligibility/rules.compiler.ts';
import { todayInJakarta } from '../../src/modules/welfare/welfare.features.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const kota = '31.72'; // Jakarta Utara
const kecamatan = '31.72.01'; // Penjaringan
const program = 'KLJ'; // Kartu Lansia Jakarta: DINSOS, a person rule (elderly)

describe.skipIf(!browserAvailable())('agency program targeting in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const picture of ['catalogue', 'eligible', 'whatif', 'failure'])
      rmSync(path.join(artifacts, `agency-program-${picture}.png`), { force: true });
    demo = await startDemoServer({ scale: 0.003 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page?.screenshot({ path: path.join(artifacts, 'agency-program-failure.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const db = () => demo.ctx.database.db;

  /** The active rule of the program and its eligible count in the kecamatan, straight from the database. */
  async function expectedList() {
    const [rule] = await queryRows<{ ruleText: string }>(
      db(),
      sql`SELECT rule_text AS "ruleText" FROM program_rule WHERE program_code = ${program} AND is_active`,
    );
    const set = eligibleSetSql(parseValidRule(rule!.ruleText, 'person'), 'person', {
      referenceDate: todayInJakarta(),
      regionCode: kecamatan,
    });
    const [row] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM (${set}) e`);
    return { ruleText: rule!.ruleText, total: row!.n };
  }

  async function regionName(code: string) {
    const [row] = await queryRows<{ name: string }>(db(), sql`SELECT name FROM region WHERE code = ${code}`);
    return row!.name;
  }

  /** Picks an option of a Mantine select by its visible label. */
  async function choose(testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: label, exact: true }).click();
  }

  it('lists, downloads and simulates a DINSOS program for a kecamatan', async () => {
    const expected = await expectedList();
    expect(expected.total).toBeGreaterThan(0);

    await page.goto(demo.url);
    await page.locator('input[autocomplete="username"]').fill('dinsos');
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();

    // Catalogue → the program.
    await page.getByTestId('nav-programs').click();
    const row = page.locator(`[data-testid="program-row"][data-code="${program}"]`);
    await row.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(artifacts, 'agency-program-catalogue.png'), fullPage: true });
    await row.click();
    await page.getByTestId('program-rule').waitFor({ state: 'visible' });
    expect(await page.getByTestId('program-rule').innerText()).toContain('age >= 60');

    // Area: Jakarta Utara → Penjaringan; the list and its total are the registry's.
    await choose('region-picker-kota', await regionName(kota));
    await choose('region-picker-kecamatan', await regionName(kecamatan));
    const total = page.locator(`[data-testid="eligible-total"][data-region="${kecamatan}"]`);
    await total.waitFor({ state: 'visible' });
    expect(await total.innerText()).toBe(expected.total.toLocaleString('id-ID'));
    const rows = page.getByTestId('eligible-row');
    await expect.poll(() => rows.count()).toBe(Math.min(20, expected.total));
    const shownNiks = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-nik')));
    await page.screenshot({ path: path.join(artifacts, 'agency-program-eligible.png'), fullPage: true });

    // The XLSX download holds the whole list, in the same order as the page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^eligible-KLJ-31\.72\.01-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('NIK');
    expect(sheet.rowCount - 1).toBe(expected.total);
    const fileNiks = shownNiks.map((_, i) => sheet.getRow(i + 2).getCell(2).value);
    expect(fileNiks).toEqual(shownNiks);

    // What-if: widening the desil threshold makes more people eligible; nothing changes in the rule.
    const rule = page.getByTestId('whatif-rule');
    expect(await rule.inputValue()).toBe(expected.ruleText);
    await rule.fill(expected.ruleText.replace('desil <= 4', 'desil <= 6'));
    await page.getByTestId('whatif-run').click();
    const current = page.getByTestId('whatif-total-current');
    await current.waitFor({ state: 'visible' });
    const currentCount = Number(await current.getAttribute('data-value'));
    const proposedCount = Number(await page.getByTestId('whatif-total-proposed').getAttribute('data-value'));
    expect(currentCount).toBe(expected.total);
    expect(proposedCount).toBeGreaterThan(currentCount);
    await page.screenshot({ path: path.join(artifacts, 'agency-program-whatif.png'), fullPage: true });

    // An invalid rule is refused with its message, next to the rule.
    await rule.fill('age >= 60 and colour = 3');
    await page.getByTestId('whatif-run').click();
    const error = page.getByTestId('whatif-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toMatch(/colour/);
    expect((await expectedList()).ruleText).toBe(expected.ruleText);
  });
});
