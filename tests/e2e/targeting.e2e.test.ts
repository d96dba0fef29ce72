import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const pictures = [
  'summary',
  'recompute',
  'findings',
  'coverage',
  'extreme',
  'upload-rejected',
  'upload-loaded',
];
const program = 'KLJ'; // Kartu Lansia Jakarta: a DINSOS person program

interface SummaryBody {
  region: string;
  programs: { code: string; eligible: number; exclusionErrors: number }[];
}

describe.skipIf(!browserAvailable())('targeting views and beneficiary upload in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const picture of [...pictures, 'failure'])
      rmSync(path.join(artifacts, `targeting-${picture}.png`), { force: true });
    demo = await startDemoServer({ scale: 0.003 });
    browser = await launchBrowser();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page?.screenshot({ path: path.join(artifacts, 'targeting-failure.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const db = () => demo.ctx.database.db;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(artifacts, `targeting-${name}.png`), fullPage: true });

  /** A fresh browser context (no cookies) signed in as a demo user. */
  async function signIn(username: string) {
    await page?.context().close();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(demo.url);
    await page.locator('input[autocomplete="username"]').fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('nav-targeting').waitFor({ state: 'visible' });
  }

  /** GET /targeting/summary with the page's session. */
  const fetchSummary = () =>
    page.evaluate(async () => (await fetch('/api/v1/targeting/summary')).json() as Promise<SummaryBody>);

  async function expectSummaryTable(summary: SummaryBody) {
    const rows = page.getByTestId('targeting-summary-row');
    await expect.poll(() => rows.count()).toBe(summary.programs.length);
    for (const totals of summary.programs) {
      const row = page.locator(`[data-testid="targeting-summary-row"][data-code="${totals.code}"]`);
      expect(await row.getAttribute('data-eligible')).toBe(String(totals.eligible));
      expect(await row.getAttribute('data-exclusion')).toBe(String(totals.exclusionErrors));
      expect(await row.getByTestId('summary-eligible').innerText()).toBe(
        totals.eligible.toLocaleString('id-ID'),
      );
    }
  }

  it('shows the secretariat the summary, a recompute, findings, coverage and the extreme poor', async () => {
    await signIn('sekretariat');
    await page.getByTestId('nav-targeting').click();
    await page.locator('[data-testid="targeting-summary"][data-region="31"]').waitFor({ state: 'visible' });
    const summary = await fetchSummary();
    expect(summary.programs.length).toBeGreaterThan(10);
    expect(summary.programs.some((p) => p.exclusionErrors > 0)).toBe(true);
    await expectSummaryTable(summary);
    await shot('summary');

    // "Hitung ulang" queues the job, follows it to the end and shows the same figures again.
    await page.getByTestId('targeting-recompute').click();
    await page
      .locator('[data-testid="targeting-recompute-progress"][data-status="succeeded"]')
      .waitFor({ state: 'visible', timeout: 90_000 });
    await expectSummaryTable(await fetchSummary());
    await shot('recompute');

    // Findings: people eligible but not reached, by name, each linked to the household page.
    await page.getByTestId('targeting-tab-findings').click();
    await page.getByTestId('findings-kind').getByText('Belum terjangkau').click();
    const findings = page.locator('[data-testid="findings-row"][data-kind="exclusion"]');
    await findings.first().waitFor({ state: 'visible' });
    expect(await findings.count()).toBeGreaterThan(0);
    expect(await findings.first().locator('a[href^="/households/"]').count()).toBe(1);
    await shot('findings');

    await page.getByTestId('targeting-tab-coverage').click();
    await page.getByTestId('coverage-heatmap').locator('svg').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('coverage-row').count()).toBeGreaterThan(0);
    await shot('coverage');

    await page.getByTestId('targeting-tab-extreme').click();
    await page.getByTestId('extreme-total').waitFor({ state: 'visible' });
    await shot('extreme');
  });

  it('hides the named tabs from a partner', async () => {
    await signIn('mitra.baznas');
    await page.getByTestId('nav-targeting').click();
    await page.getByTestId('targeting-summary').waitFor({ state: 'visible' });
    expect(await page.getByTestId('targeting-tab-coverage').count()).toBe(1);
    expect(await page.getByTestId('targeting-tab-findings').count()).toBe(0);
    expect(await page.getByTestId('targeting-tab-extreme').count()).toBe(0);
  });

  /** Two current members of active households whom DINSOS has not enrolled in the program yet. */
  async function unenrolledPeople() {
    return queryRows<{ id: number; nik: string; name: string }>(
      db(),
      sql`SELECT p.id::int AS id, p.nik, p.name
          FROM person p
          JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL
          JOIN household h ON h.id = m.household_id AND h.status = 'active'
          WHERE p.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM enrolment e
                            WHERE e.program_code = ${program} AND e.person_id = p.id AND e.provider = 'DINSOS')
          ORDER BY p.id LIMIT 2`,
    );
  }

  async function enrolledCount(ids: number[]) {
    const [row] = await queryRows<{ n: number }>(
      db(),
      sql`SELECT count(*)::int AS n FROM enrolment
          WHERE program_code = ${program} AND provider = 'DINSOS'
            AND person_id IN (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`,
    );
    return row!.n;
  }

  async function upload(csv: string, mode: 'all_or_nothing' | 'valid_only') {
    await page.getByTestId('upload-file').setInputFiles({
      name: 'penerima-klj.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf-8'),
    });
    await page.getByTestId(`upload-mode-${mode}`).check();
    await page.getByTestId('upload-submit').click();
  }

  it('lets DINSOS upload a beneficiary list: all-or-nothing refuses a bad row, valid-only loads the rest', async () => {
    const people = await unenrolledPeople();
    expect(people).toHaveLength(2);
    const ids = people.map((p) => p.id);
    const csv = [
      'nik,nama,tanggal_mulai,status',
      ...people.map((p) => `${p.nik},${p.name},2025-01-01,active`),
      '12345,Orang Keliru,2025-01-01,active',
    ].join('\n');

    await signIn('dinsos');
    await page.goto(`${demo.url}/programs/${program}`);
    await page.getByTestId('upload-panel').waitFor({ state: 'visible' });
    await page.getByTestId('ledger-panel').waitFor({ state: 'visible' });
    expect(await page.getByTestId('ledger-row').count()).toBeGreaterThan(0);

    await upload(csv, 'all_or_nothing');
    const rejected = page.locator('[data-testid="upload-report"][data-status="rejected"]');
    await rejected.waitFor({ state: 'visible' });
    expect(await rejected.getAttribute('data-loaded')).toBe('0');
    const errorRows = page.getByTestId('upload-error-row');
    expect(await errorRows.count()).toBe(1);
    expect(await errorRows.first().getAttribute('data-line')).toBe('4');
    expect(await errorRows.first().innerText()).toContain('12345');
    expect(await page.getByTestId('upload-errors-csv').getAttribute('href')).toMatch(
      /^\/api\/v1\/programs\/KLJ\/uploads\/\d+\/errors\.csv$/,
    );
    expect(await enrolledCount(ids)).toBe(0);
    await shot('upload-rejected');

    await upload(csv, 'valid_only');
    const loaded = page.locator('[data-testid="upload-report"][data-status="partially_loaded"]');
    await loaded.waitFor({ state: 'visible' });
    expect(await loaded.getAttribute('data-loaded')).toBe('2');
    expect(await page.getByTestId('upload-count-rowsLoaded').innerText()).toBe('2');
    expect(await enrolledCount(ids)).toBe(2);
    await shot('upload-loaded');
  });
});
