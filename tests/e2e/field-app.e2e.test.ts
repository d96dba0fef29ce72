import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { householdAssignment } from '../../src/modules/access/access.schema.ts';
import { rerankHousehold } from '../../src/modules/welfare/welfare.rerank.ts';
import id from '../../web/src/i18n/id.json' with { type: 'json' };
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { demoPassword, startDemoServer } from './support/server.ts';

const artifacts = path.resolve(import.meta.dirname, '../../test-results/e2e');
const kelurahan = '31.72.01.1001'; // Penjaringan: the demo field officer's and supervisor's kelurahan

interface Target {
  householdId: number;
  personId: number;
  occupation: string;
  proposed: string;
  desilBefore: number;
  desilAfter: number;
}

/** Raised to undo a trial change (drizzle rolls a transaction back when its callback throws). */
class TrialDone extends Error {}

describe.skipIf(!browserAvailable())('field app (offline PWA) and field review in Chromium', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let officerContext: BrowserContext;
  let supervisorContext: BrowserContext;
  let officer: Page;
  let supervisor: Page | undefined;
  let target: Target;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    for (const file of ['field-app-failure.png', 'field-app-offline-visit.png', 'field-app-household.png'])
      rmSync(path.join(artifacts, file), { force: true });
    demo = await startDemoServer({ scale: 0.003 });
    target = await pickTarget();
    browser = await launchBrowser();
    // The officer on a phone-sized screen; the supervisor at a desk.
    officerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    officer = await officerContext.newPage();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await officer?.screenshot({ path: path.join(artifacts, 'field-app-failure.png'), fullPage: true });
      await supervisor?.screenshot({
        path: path.join(artifacts, 'field-app-failure-supervisor.png'),
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /**
   * A Penjaringan household whose head's occupation, changed in the field, moves its desil: tried on each
   * candidate inside a transaction that is rolled back. The household is assigned to the demo field officer.
   */
  async function pickTarget(): Promise<Target> {
    const db = demo.ctx.database.db;
    const candidates = await queryRows<Omit<Target, 'proposed' | 'desilAfter'>>(
      db,
      sql`SELECT h.id::int AS "householdId", p.id::int AS "personId", p.occupation, hw.desil AS "desilBefore"
          FROM household h
          JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
          JOIN person p ON p.id = m.person_id
          JOIN household_welfare hw ON hw.household_id = h.id
          WHERE h.kelurahan_code = ${kelurahan} AND h.status = 'active'
            AND hw.snapshot_id = (SELECT max(id) FROM welfare_snapshot)
          ORDER BY h.id LIMIT 40`,
    );
    for (const candidate of candidates) {
      const proposed = candidate.occupation === 'civil_servant' ? 'not_working' : 'civil_servant';
      let desilAfter: number | undefined;
      try {
        await db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE person SET occupation = ${proposed} WHERE id = ${candidate.personId}`);
          desilAfter = (await rerankHousehold(tx, candidate.householdId))?.desil;
          throw new TrialDone();
        });
      } catch (error) {
        if (!(error instanceof TrialDone)) throw error;
      }
      if (desilAfter !== undefined && desilAfter !== candidate.desilBefore) {
        const [officerRow] = await queryRows<{ id: number }>(
          db,
          sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
        );
        await db
          .insert(householdAssignment)
          .values({ userId: officerRow!.id, householdId: candidate.householdId })
          .onConflictDoNothing();
        return { ...candidate, proposed, desilAfter };
      }
    }
    throw new Error('no Penjaringan household changes desil with its head’s occupation');
  }

  const submissionsOf = (householdId: number) =>
    queryRows<{ id: number; clientId: string; status: string; keys: string[] }>(
      demo.ctx.database.db,
      sql`SELECT s.id::int, s.client_id::text AS "clientId", s.status,
                 ARRAY(SELECT c.key FROM field_change c WHERE c.submission_id = s.id ORDER BY c.key) AS keys
          FROM field_submission s WHERE s.household_id = ${householdId} ORDER BY s.id`,
    );

  async function signIn(page: Page, username: string) {
    await page.locator('input[autocomplete="username"]').fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('works offline: downloads, opens from the cache, queues a visit, syncs it when back online', async () => {
    await officer.goto(`${demo.url}/lapangan`);
    await signIn(officer, 'petugas.penjaringan');
    await officer.getByTestId('page-field').waitFor();
    // The PWA: a manifest for installing, and a service worker that has cached the app shell.
    const manifest = await officer.locator('link[rel="manifest"]').getAttribute('href');
    const response = await officerContext.request.get(`${demo.url}${manifest}`);
    expect(((await response.json()) as { start_url: string }).start_url).toBe('/lapangan');
    expect(await officer.evaluate('navigator.serviceWorker.ready.then((r) => r.scope)')).toBe(
      `${demo.url}/lapangan`,
    );

    await officer.getByTestId('field-download').click();
    const card = officer.locator(
      `[data-testid="field-household"][data-household-id="${target.householdId}"]`,
    );
    await card.waitFor();

    // No network: the app opens from the service worker's cache and the households from IndexedDB.
    await officerContext.setOffline(true);
    await officer.reload();
    await officer.getByTestId('page-field').waitFor();
    expect(await officer.getByTestId('field-network').getAttribute('data-online')).toBe('false');
    // Truly offline, the service worker's own requests included (a file it has not cached goes to the network),
    // so the page above came from its cache.
    for (const url of ['/api/v1/auth/me', '/not-cached.txt'])
      expect(await officer.evaluate(`fetch('${url}').then(() => 'reached', () => 'offline')`)).toBe(
        'offline',
      );
    await card.click();
    await officer.getByTestId('page-field-visit').waitFor();
    // A deep link opens offline too.
    await officer.reload();
    await officer.getByTestId('page-field-visit').waitFor();

    const occupation = officer.getByTestId(`visit-member-${target.personId}-occupation`);
    expect(await occupation.inputValue()).toBe(target.occupation);
    await occupation.selectOption(target.proposed);
    await officer.getByTestId('visit-notes').fill('Kepala keluarga pindah pekerjaan');
    expect(await officer.getByTestId('visit-change-count').getAttribute('data-count')).toBe('1');
    await officer.screenshot({ path: path.join(artifacts, 'field-app-offline-visit.png'), fullPage: true });
    await officer.getByTestId('visit-save').click();

    // Queued on the phone; nothing has reached the server.
    await officer.getByTestId('page-field').waitFor();
    await expect.poll(() => officer.getByTestId('field-queue-count').getAttribute('data-count')).toBe('1');
    const item = officer.getByTestId('field-queue-item');
    expect(await item.getAttribute('data-state')).toBe('queued');
    const clientId = await item.getAttribute('data-client-id');
    expect(await submissionsOf(target.householdId)).toEqual([]);

    // Back online: the queue is sent by itself, and the server has the visit once.
    await officerContext.setOffline(false);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('accepted');
    expect(await officer.getByTestId('field-queue-count').getAttribute('data-count')).toBe('0');
    const stored = await submissionsOf(target.householdId);
    expect(stored).toEqual([
      {
        id: Number(await item.getAttribute('data-submission-id')),
        clientId,
        status: 'pending',
        keys: [`members.${target.personId}.occupation`],
      },
    ]);
  });

  it('is approved in the reviewer inbox, and the household shows the new value, its provenance and desil', async () => {
    const [visit] = await submissionsOf(target.householdId);
    supervisorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    supervisor = await supervisorContext.newPage();
    await supervisor.goto(demo.url);
    await signIn(supervisor, 'kel.penjaringan');
    await supervisor.getByTestId('nav-field-review').click();
    await supervisor.getByTestId('page-field-inbox').waitFor();
    expect(
      Number(await supervisor.getByTestId('inbox-count-pending-value').innerText()),
    ).toBeGreaterThanOrEqual(1);
    await supervisor.locator(`[data-testid="inbox-item"][data-submission-id="${visit!.id}"]`).click();
    await supervisor.getByTestId('page-field-review').waitFor();
    const change = supervisor.locator(
      `[data-testid="review-change"][data-key="members.${target.personId}.occupation"]`,
    );
    expect(await change.innerText()).toContain(
      id.enums.occupation[target.proposed as keyof typeof id.enums.occupation],
    );
    await supervisor.getByTestId('review-approve').click();
    await supervisor.getByTestId('review-result').waitFor();
    expect(await supervisor.getByTestId('review-result').getAttribute('data-status')).toBe('approved');
    expect((await submissionsOf(target.householdId))[0]!.status).toBe('approved');

    // The household page: the new value, where it came from (field verification, the officer, when), new desil.
    await supervisor.getByTestId('review-open-household').click();
    await supervisor.getByTestId('page-household').waitFor();
    const provenance = supervisor.getByTestId('member-provenance-occupation');
    await provenance.waitFor();
    const text = await provenance.innerText();
    expect(text).toContain(id.enums.occupation[target.proposed as keyof typeof id.enums.occupation]);
    expect(text).toContain(id.sources['field-verification']);
    expect(text).toContain('Petugas Lapangan Penjaringan');
    expect(await provenance.getAttribute('data-source')).toBe('field-verification');

    const api = await supervisorContext.request.get(`${demo.url}/api/v1/households/${target.householdId}`);
    const profile = (await api.json()) as {
      welfare: { current: { desil: number } };
      members: { personId: number; occupation: string; provenance: Record<string, { at: string }> }[];
    };
    const member = profile.members.find((m) => m.personId === target.personId)!;
    expect(member.occupation).toBe(target.proposed);
    // When the officer made the visit (the phone's clock), as the page writes it: day and year at least.
    const at = new Date(member.provenance.occupation!.at);
    expect(Date.now() - at.getTime()).toBeLessThan(10 * 60_000);
    expect(text).toMatch(new RegExp(`\\b${at.getDate()}\\b.*${at.getFullYear()}`));
    expect(profile.welfare.current.desil).toBe(target.desilAfter);
    expect(profile.welfare.current.desil).not.toBe(target.desilBefore);
    await expect
      .poll(() => supervisor!.getByTestId('desil-badge').first().getAttribute('data-desil'))
      .toBe(String(profile.welfare.current.desil));
    await supervisor.screenshot({ path: path.join(artifacts, 'field-app-household.png'), fullPage: true });
  });

  it('leaves no downloaded household on the phone after the officer signs out', async () => {
    const [officerRow] = await queryRows<{ id: number }>(
      demo.ctx.database.db,
      sql`SELECT id FROM app_user WHERE username = 'petugas.penjaringan'`,
    );
    // Counts the households in the officer's IndexedDB store (in the page: the test's tsconfig has no DOM types).
    const stored = async () =>
      Number(
        await officer.evaluate(`new Promise((resolve, reject) => {
          const open = indexedDB.open('tepat-lapangan-${officerRow!.id}');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('households').objectStore('households').count();
            count.onsuccess = () => { open.result.close(); resolve(count.result); };
          };
        })`),
      );
    await officer.goto(`${demo.url}/lapangan`);
    await officer.getByTestId('page-field').waitFor();
    await officer.getByTestId('field-download').click();
    await officer.getByTestId('field-household').first().waitFor();
    expect(await stored()).toBeGreaterThan(0);

    await officer.getByTestId('field-logout').click();
    await officer.waitForURL(/\/login/);
    expect(await stored()).toBe(0);
  });
});
