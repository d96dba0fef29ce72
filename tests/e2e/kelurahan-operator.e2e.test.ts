import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sharedDataFile } from '../support/shared-data.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const kelurahan = '31.72.01.1001'; // Penjaringan, the demo kelurahan operator's area
const boundaryFiles = ['kecamatan', 'kelurahan'].map((level) => sharedDataFile(`jakarta-${level}.geojson`));

interface Target {
  householdId: number;
  name: string;
  desil: number;
  members: number;
  households: number;
}

describe.skipIf(!browserAvailable())('kelurahan operator in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;
  let target: Target;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    // Only this test's pictures: other browser tests write theirs into the same folder.
    for (const file of [
      'failure.png',
      'kelurahan-operator-dashboard.png',
      'kelurahan-operator-household.png',
    ])
      rmSync(path.join(artifacts, file), { force: true });
    demo = await startDemoServer({ scale: 0.003, boundaryFiles });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    target = await pickHousehold();
  });

  afterEach(async (context) => {
    // A failing run leaves a picture of what the browser showed.
    if (context.task.result?.state === 'fail')
      await page?.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** The head of the first household of the kelurahan, with the figures the pages must show. */
  async function pickHousehold(): Promise<Target> {
    const [row] = await queryRows<Target>(
      demo.ctx.database.db,
      sql`SELECT h.id AS "householdId", p.name, hw.desil,
                 (SELECT count(*)::int FROM household_member m2 WHERE m2.household_id = h.id AND m2.end_date IS NULL) AS members,
                 (SELECT count(*)::int FROM household h2 WHERE h2.kelurahan_code = ${kelurahan} AND h2.status = 'active') AS households
          FROM household h
          JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
          JOIN person p ON p.id = m.person_id
          JOIN household_welfare hw ON hw.household_id = h.id
          WHERE h.kelurahan_code = ${kelurahan} AND h.status = 'active'
          ORDER BY h.id LIMIT 1`,
    );
    if (!row) throw new Error('the demo population has no household in Penjaringan');
    return row;
  }

  it('signs in, sees the dashboard and its chart, finds a person by name and opens the household', async () => {
    await page.goto(demo.url);
    await page.locator('input[autocomplete="username"]').fill('kel.penjaringan');
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();

    // Dashboard: the official poverty series is drawn, and the area's figures are the registry's.
    const chart = page.getByTestId('chart-poverty-series').locator('svg').first();
    await chart.waitFor({ state: 'visible' });
    // The chart is SVG: its axis labels span the series (2017 to the 2029 target) and the band is labelled.
    await expect
      .poll(() => chart.locator('text').allTextContents())
      .toEqual(expect.arrayContaining(['2017', '2029']));
    expect((await chart.locator('text').allTextContents()).join(' ')).toMatch(/1,82–2,91/);
    await expect
      .poll(() => page.getByTestId('stat-households-value').innerText())
      .toBe(target.households.toLocaleString('id-ID'));
    await page.screenshot({ path: path.join(artifacts, 'kelurahan-operator-dashboard.png'), fullPage: true });

    // Search by name, as typed by an operator: lower case.
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-input').fill(target.name.toLowerCase());
    await page.getByTestId('search-submit').click();
    const row = page.locator(`[data-testid="search-result-row"][data-household-id="${target.householdId}"]`);
    await row.waitFor({ state: 'visible' });
    await row.click();

    // Household page: its members and its desil.
    await page.getByTestId('page-household').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(target.members);
    expect(await page.getByTestId('household-members').innerText()).toContain(target.name);
    expect(await page.getByTestId('desil-badge').first().innerText()).toContain(String(target.desil));
    await page.screenshot({ path: path.join(artifacts, 'kelurahan-operator-household.png'), fullPage: true });
  });
});
