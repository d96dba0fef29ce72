import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { SessionUser } from '../../src/http/context.ts';
import { assignHousehold, recordConsent } from '../../src/modules/partners/partners.service.ts';
import { browserAvailable, launchBrowser, signIn } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const penjaringan = '31.72.01.1001';

describe.skipIf(!browserAvailable())('Mitra page in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    rmSync(path.join(artifacts, 'partners-failure.png'), { force: true });
    demo = await startDemoServer({ scale: 0.003 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page?.screenshot({ path: path.join(artifacts, 'partners-failure.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('a partner pledges, sees a consented household, reports a delivery into the ledger and checks an overlap', async () => {
    const db = demo.ctx.database.db;
    await signIn(page, demo.url, 'mitra.baznas', demoPassword);
    await page.getByTestId('nav-partners').click();
    await page.getByTestId('page-partners').waitFor();
    await page.getByTestId('partner-needs').waitFor();

    const form = page.getByTestId('pledge-form');
    await form.getByLabel('Target rumah tangga').fill('25');
    // A location the server does not know: the refusal names the field by its label, in Indonesian, with the code.
    await form.getByLabel('Lokasi (kode wilayah)').fill('31.72, 31.99');
    await form.getByRole('button', { name: 'Simpan janji' }).click();
    const failure = page.getByTestId('pledge-failure');
    await failure.waitFor();
    expect(await failure.getByTestId('field-issue').allInnerTexts()).toEqual([
      'Lokasi (kode wilayah) #2: tidak dikenal (No region 31.99.)',
    ]);
    expect(
      await queryRows(
        db,
        sql`SELECT 1 FROM partner_pledge WHERE organisation_code = 'BAZNAS' AND households_target = 25`,
      ),
    ).toHaveLength(0);
    await form.getByLabel('Lokasi (kode wilayah)').fill('31.72');
    await form.getByRole('button', { name: 'Simpan janji' }).click();
    await page.getByTestId('partner-pledges').waitFor();
    const [pledge] = await queryRows<{ id: number; pillar: number }>(
      db,
      sql`SELECT id, pillar::int AS pillar FROM partner_pledge WHERE organisation_code = 'BAZNAS' AND households_target = 25`,
    );
    expect(pledge?.pillar).toBe(2);
    expect(await page.getByText('Belum ada rumah tangga yang ditugaskan dengan persetujuan.').count()).toBe(
      1,
    );

    // The kelurahan records the head's consent and assigns the household (through the service, as its page would).
    const [target] = await queryRows<{ id: number; nik: string; name: string }>(
      db,
      sql`SELECT h.id::int AS id, p.nik, p.name FROM household h
          JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
          JOIN person p ON p.id = m.person_id AND p.status = 'active'
          WHERE h.kelurahan_code = ${penjaringan} AND h.status = 'active' ORDER BY h.id LIMIT 1`,
    );
    const [kel] = await queryRows<SessionUser>(
      db,
      sql`SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", organisation,
                 '' AS "csrfToken" FROM app_user WHERE username = 'kel.penjaringan'`,
    );
    await recordConsent(db, kel!, {
      householdId: target!.id,
      organisationCode: 'BAZNAS',
      pillar: 2,
      purpose: 'Paket pangan BAZNAS',
      consentingNik: target!.nik,
      consentedAt: new Date().toISOString(),
      evidenceFileId: null,
      contactPhone: null,
    });
    await assignHousehold(db, kel!, { pledgeId: pledge!.id, householdId: target!.id });

    await page.reload();
    const households = page.getByTestId('partner-households');
    await households.waitFor();
    expect(await households.innerText()).toContain(target!.name);

    const delivery = page.getByTestId('delivery-form');
    await delivery.getByLabel('Bantuan yang diberikan').fill('Paket sembako');
    await delivery.getByLabel('Program').fill('KJP_PLUS');
    await delivery.getByLabel('Nilai (Rp)').fill('300000');
    await delivery.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText(/penyaluran tercatat/).waitFor();
    const ledger = await queryRows<{ provider: string; kind: string }>(
      db,
      sql`SELECT e.provider, e.provider_kind AS kind FROM enrolment e JOIN delivery d ON d.enrolment_id = e.id
          WHERE e.household_id = ${target!.id} AND e.provider = 'BAZNAS' AND d.amount = 300000`,
    );
    expect(ledger).toEqual([{ provider: 'BAZNAS', kind: 'partner' }]);

    const overlap = page.getByTestId('overlap-form');
    await overlap.getByLabel('NIK').fill(target!.nik);
    await overlap.getByRole('button', { name: 'Cek' }).click();
    expect(await page.getByTestId('overlap-answer').innerText()).toBe('Sudah dilayani pada pilar ini.');
  });

  it('the secretariat registers an organisation and starts a pledge', async () => {
    const db = demo.ctx.database.db;
    const secretariat = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await signIn(secretariat, demo.url, 'sekretariat', demoPassword);
      await secretariat.getByTestId('nav-partners').click();
      await secretariat.getByTestId('partner-organisations').waitFor();

      const form = secretariat.getByTestId('organisation-form');
      await form.getByLabel('Kode', { exact: true }).fill('yayasan_pangan');
      await form.getByLabel('Nama', { exact: true }).fill('Yayasan Pangan Sehat');
      await form.getByLabel('Narahubung', { exact: true }).fill('Ibu Sari');
      await form.getByRole('button', { name: 'Simpan organisasi' }).click();
      await secretariat.getByTestId('partner-organisations').getByText('YAYASAN_PANGAN').waitFor();
      const [organisation] = await queryRows<{ name: string; kind: string; contact: string }>(
        db,
        sql`SELECT name, kind, contact_name AS contact FROM partner_organisation WHERE code = 'YAYASAN_PANGAN'`,
      );
      expect(organisation).toEqual({ name: 'Yayasan Pangan Sehat', kind: 'csr', contact: 'Ibu Sari' });

      const counts = () =>
        queryRows<{ status: string; n: number }>(
          db,
          sql`SELECT status, count(*)::int AS n FROM partner_pledge GROUP BY status ORDER BY status`,
        ).then((rows) => Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>);
      const before = await counts();
      expect(before.pledged).toBeGreaterThan(0);
      const pledges = secretariat.getByTestId('partner-pledges');
      await pledges.getByRole('button', { name: 'Mulai' }).first().click();
      await secretariat.getByText('Status janji kini: Berjalan.').waitFor();
      const after = await counts();
      expect(after.pledged ?? 0).toBe(before.pledged! - 1);
      expect(after.active ?? 0).toBe((before.active ?? 0) + 1);
    } finally {
      await secretariat.close();
    }
  });
});
