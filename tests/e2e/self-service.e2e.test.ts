import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import id from '../../web/src/i18n/id.json' with { type: 'json' };
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const kelurahan = '31.72.01.1001'; // Penjaringan, the demo kelurahan operator's area

/** A PNG's signature and a few bytes: enough for the server's type sniffing. */
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

interface Target {
  kkNumber: string;
  headNik: string;
  headName: string;
  personId: number;
  personNik: string;
}

describe.skipIf(!browserAvailable())(
  'residents’ self-service and the desk’s change requests in Chromium',
  () => {
    let demo: Awaited<ReturnType<typeof startDemoServer>>;
    let browser: Browser;
    let resident: Page;
    let operator: Page | undefined;
    let target: Target;
    let trackingCode: string;

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      for (const file of ['self-service-failure.png', 'self-service-filed.png', 'self-service-review.png'])
        rmSync(path.join(artifacts, file), { force: true });
      demo = await startDemoServer({ scale: 0.003 });
      target = await pickHousehold();
      browser = await launchBrowser();
      // The resident on a phone, the operator at a desk.
      resident = await (
        await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
      ).newPage();
    });

    afterEach(async (context) => {
      if (context.task.result?.state === 'fail') {
        await resident?.screenshot({
          path: path.join(artifacts, 'self-service-failure.png'),
          fullPage: true,
        });
        await operator?.screenshot({
          path: path.join(artifacts, 'self-service-failure-operator.png'),
          fullPage: true,
        });
      }
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    /** A Penjaringan household with a head (the requester) and another member (who died). */
    async function pickHousehold(): Promise<Target> {
      const [row] = await queryRows<Target>(
        demo.ctx.database.db,
        sql`SELECT h.kk_number AS "kkNumber", head.nik AS "headNik", head.name AS "headName",
                 other.id::int AS "personId", other.nik AS "personNik"
          FROM household h
          JOIN household_member hm ON hm.household_id = h.id AND hm.end_date IS NULL AND hm.relationship = 'head'
          JOIN person head ON head.id = hm.person_id AND head.status = 'active'
          JOIN household_member om ON om.household_id = h.id AND om.end_date IS NULL AND om.relationship <> 'head'
          JOIN person other ON other.id = om.person_id AND other.status = 'active'
          WHERE h.kelurahan_code = ${kelurahan} AND h.status = 'active'
          ORDER BY h.id, other.id LIMIT 1`,
      );
      if (!row) throw new Error('the demo population has no Penjaringan household of two');
      return row;
    }

    const requestRow = () =>
      queryRows<{ status: string; channel: string; type: string; kinds: string[]; personStatus: string }>(
        demo.ctx.database.db,
        sql`SELECT r.status, r.channel, r.type,
                 ARRAY(SELECT e->>'kind' FROM jsonb_array_elements(r.evidence) e) AS kinds,
                 (SELECT status FROM person WHERE id = ${target.personId}) AS "personStatus"
          FROM change_request r WHERE r.tracking_code = ${trackingCode}`,
      );

    async function checkStatus(expected: string) {
      await resident.getByTestId('status-check').click();
      const result = resident.locator(`[data-testid="status-result"][data-status="${expected}"]`);
      await result.waitFor();
      return result;
    }

    it('files a death with a document without signing in, gets a tracking code and sees it submitted', async () => {
      await resident.goto(`${demo.url}/login`);
      await resident.getByTestId('login-self-service').click();
      await resident.getByTestId('page-self-service').waitFor();

      await resident.getByTestId('ss-nik').fill(target.headNik);
      await resident.getByTestId('ss-kkNumber').fill(target.kkNumber);
      await resident.getByTestId('ss-requesterName').fill(target.headName);
      await resident.getByTestId('ss-type').selectOption('death');
      await resident.getByTestId('ss-personNik').fill(target.personNik);
      const died = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
      await resident.getByTestId('ss-date').fill(died);
      // The documents a death takes are named.
      const accepted = await resident.getByTestId('ss-accepted-kinds').innerText();
      expect(accepted).toContain(id.changeRequest.kinds.akta_kematian);
      expect(accepted).toContain(id.changeRequest.kinds.surat_keterangan_kematian);

      await resident.getByTestId('ss-add-file').click();
      await resident
        .getByTestId('ss-file-0')
        .setInputFiles({ name: 'surat-kematian.png', mimeType: 'image/png', buffer: png });
      await resident.getByTestId('ss-kind-0').selectOption('surat_keterangan_kematian');
      await resident.getByTestId('ss-submit').click();

      const code = resident.getByTestId('self-service-tracking-code');
      await code.waitFor();
      trackingCode = (await code.innerText()).trim();
      expect(trackingCode.length).toBeGreaterThanOrEqual(6);
      await resident.screenshot({ path: path.join(artifacts, 'self-service-filed.png'), fullPage: true });
      expect(await requestRow()).toEqual([
        {
          status: 'submitted',
          channel: 'self_service',
          type: 'death',
          kinds: ['surat_keterangan_kematian'],
          personStatus: 'active',
        },
      ]);

      // The status check is filled in with the new code and the requester's NIK.
      expect(await resident.getByTestId('status-tracking-code').inputValue()).toBe(trackingCode);
      const result = await checkStatus('submitted');
      expect(await result.getByTestId('status-value').textContent()).toBe(
        id.changeRequest.statuses.submitted,
      );
      expect(id.changeRequest.statuses.submitted).toBe('Diajukan');
    });

    it('is approved by the kelurahan operator on the Permohonan page; the resident then sees it approved', async () => {
      operator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await operator.goto(demo.url);
      await operator.locator('input[autocomplete="username"]').fill('kel.penjaringan');
      await operator.locator('input[autocomplete="current-password"]').fill(demoPassword);
      await operator.getByRole('button', { name: 'Masuk' }).click();
      await operator.getByTestId('nav-change-requests').click();
      await operator.getByTestId('page-change-requests').waitFor();
      expect(
        Number(await operator.getByTestId('requests-count-submitted-value').innerText()),
      ).toBeGreaterThanOrEqual(1);
      const item = operator.locator(`[data-testid="request-item"][data-tracking-code="${trackingCode}"]`);
      expect(await item.innerText()).toContain(id.changeRequest.types.death);
      await item.click();
      await operator.getByTestId('page-change-request').waitFor();
      expect(await operator.getByTestId('request-payload').innerText()).toContain(
        new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
      );
      expect(await operator.getByTestId('request-evidence').count()).toBe(1);

      await operator.getByTestId('request-verify').click();
      await operator.locator('[data-testid="request-status"][data-status="verifying"]').waitFor();
      await operator.getByTestId('request-approve').click();
      await operator.locator('[data-testid="request-status"][data-status="approved"]').waitFor();
      await operator.screenshot({ path: path.join(artifacts, 'self-service-review.png'), fullPage: true });

      const [row] = await requestRow();
      expect(row).toMatchObject({ status: 'approved', personStatus: 'deceased' });

      const result = await checkStatus('approved');
      expect(await result.getByTestId('status-value').textContent()).toBe(id.changeRequest.statuses.approved);
    });
  },
);
