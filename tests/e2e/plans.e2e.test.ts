import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { SessionUser } from '../../src/http/context.ts';
import {
  planRealisation,
  addActivity,
  createPlan,
  transitionPlan,
} from '../../src/modules/plans/plans.service.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');

describe.skipIf(!browserAvailable())(
  'Rencana Aksi in Chromium: approval by the kota TKPK, progress by the agency',
  () => {
    let demo: Awaited<ReturnType<typeof startDemoServer>>;
    let browser: Browser;
    let page: Page;
    let draftId: number;

    const db = () => demo.ctx.database.db;
    async function userRow(username: string): Promise<SessionUser> {
      const [row] = await queryRows<SessionUser>(
        db(),
        sql`SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", organisation,
                 '' AS "csrfToken" FROM app_user WHERE username = ${username}`,
      );
      return row!;
    }

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      rmSync(path.join(artifacts, 'plans-failure.png'), { force: true });
      demo = await startDemoServer({ scale: 0.002 });
      browser = await launchBrowser();
      // A submitted RAT 2027 of Jakarta Utara waiting for the kota TKPK (the web app has no drafting form yet).
      const dinsos = await userRow('dinsos');
      const plan = await createPlan(db(), dinsos, {
        kind: 'rat',
        title: 'RAT Jakarta Utara 2027 (uji)',
        regionCode: '31.72',
        yearFrom: 2027,
      });
      await addActivity(db(), dinsos, plan.id, {
        title: 'Pendampingan keluarga miskin ekstrem 2027',
        responsibleAgency: 'DINSOS',
        pillar: 1,
        budgetYear: 2027,
        budget: 1_500_000_000,
        priorityLocations: ['31.72.01'],
        indicators: [
          {
            kind: 'output',
            indicatorCode: 'KK_DIDAMPINGI',
            unit: 'KK',
            targets: [{ year: 2027, target: 500 }],
          },
        ],
      });
      await transitionPlan(db(), dinsos, plan.id, { action: 'submit' });
      draftId = plan.id;
    });

    afterEach(async (context) => {
      if (context.task.result?.state === 'fail')
        await page?.screenshot({ path: path.join(artifacts, 'plans-failure.png'), fullPage: true });
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    async function signIn(username: string) {
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      await page.goto(demo.url);
      await page.locator('input[autocomplete="username"]').fill(username);
      await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByTestId('nav-plans').click();
      await page.getByTestId('page-plans').waitFor();
    }

    it('the kota TKPK reviews and approves a submitted plan, then reads and downloads the realisation', async () => {
      await signIn('tkpk.jakut');
      // The province RAT and the two Jakarta Utara RATs; no plan of another kota exists to leak.
      await expect.poll(() => page.getByTestId('plan-item').count()).toBe(3);
      await page.getByRole('link', { name: 'RAT Jakarta Utara 2027 (uji)' }).click();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Diajukan');
      await page.getByTestId('plan-action-review').click();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Ditelaah');
      await page.getByTestId('plan-action-approve').click();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Disetujui');
      const [row] = await queryRows<{ status: string; changes: number }>(
        db(),
        sql`SELECT status, (SELECT count(*)::int FROM plan_status_change WHERE plan_id = p.id) AS changes
          FROM plan p WHERE id = ${draftId}`,
      );
      expect(row).toEqual({ status: 'approved', changes: 4 });
      await expect.poll(() => page.getByTestId('plan-history').locator('p').count()).toBe(4);

      // The demo RAT 2026 of Jakarta Utara: activities and the realisation table against the service's figures.
      await page.getByTestId('nav-plans').click();
      await page
        .getByRole('link', {
          name: 'Rencana Aksi Tahunan Penanggulangan Kemiskinan Kota Administrasi Jakarta Utara 2026',
        })
        .click();
      await expect.poll(() => page.getByTestId('plan-activity').count()).toBe(3);
      const expected = await planRealisation(db(), {
        year: 2026,
        quarter: 4,
        regionCode: '31.72',
        groupBy: 'agency',
      });
      const table = page.getByTestId('plan-realisation-table');
      await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.rows.length + 1);
      const download = page.waitForEvent('download');
      await page.getByTestId('plan-realisation-xlsx').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('realisasi-31.72-2026-T4-agency.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await file.path());
      const sheet = workbook.getWorksheet('Realisasi')!;
      const totalRow = sheet.getRow(expected.rows.length + 2);
      expect(totalRow.getCell(2).value).toBe('Total');
      expect(totalRow.getCell(4).value).toBe(expected.total.budget);
      expect(totalRow.getCell(5).value).toBe(expected.total.realised);
      await page.close();
    });

    it('the responsible agency files Q4 progress of its activity', async () => {
      await signIn('dinsos');
      await page
        .getByRole('link', {
          name: 'Rencana Aksi Tahunan Penanggulangan Kemiskinan Kota Administrasi Jakarta Utara 2026',
        })
        .click();
      const form = page.getByTestId('plan-progress-form');
      await form.waitFor();
      await form.getByText('T4', { exact: true }).click();
      await form.getByLabel('Realisasi anggaran (Rp)').fill('450000000');
      await form.getByLabel('Capaian output').fill('900');
      await page.getByTestId('plan-progress-submit').click();
      await expect
        .poll(async () =>
          queryRows<{ realised: number; achieved: number; by: string }>(
            db(),
            sql`SELECT g.budget_realised::float8 AS realised, g.output_achieved::float8 AS achieved, u.username AS by
              FROM plan_progress g JOIN plan_activity a ON a.id = g.activity_id JOIN app_user u ON u.id = g.filed_by
              WHERE g.quarter = 4 AND a.title = 'Pendampingan keluarga miskin ekstrem di kecamatan prioritas'`,
          ),
        )
        .toEqual([{ realised: 450_000_000, achieved: 900, by: 'dinsos' }]);
      await page.close();
    });

    it('an agency drafts a RAT, adds an activity and submits it', async () => {
      await signIn('dinsos');
      await page.getByTestId('plan-create-title').fill('RAT DKI Jakarta uji peramban');
      await page.getByTestId('plan-create-submit').click();
      await page.getByTestId('page-plan').waitFor();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Draf');
      await page.getByTestId('activity-title').fill('Pelatihan kerja bagi warga desil 1');
      await page.getByTestId('activity-budget').fill('250000000');
      await page.getByTestId('activity-submit').click();
      await expect.poll(() => page.getByTestId('plan-activity').count()).toBe(1);
      await page.getByTestId('plan-action-submit').click();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Diajukan');
      const rows = await queryRows<{ region: string; status: string; budget: number; agency: string }>(
        db(),
        sql`SELECT p.region_code AS region, p.status, a.budget::float8 AS budget, a.responsible_agency AS agency
            FROM plan p JOIN plan_activity a ON a.plan_id = p.id WHERE p.title = 'RAT DKI Jakarta uji peramban'`,
      );
      expect(rows).toEqual([{ region: '31', status: 'submitted', budget: 250_000_000, agency: 'DINSOS' }]);
      await page.close();
    });
  },
);
