import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Without a browser they are skipped with a loud notice — except when
 * TEPAT_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `No Chromium at ${chromiumPath}: install Debian's \`chromium\` package (or set CHROMIUM_PATH) to run the browser tests.`;
  if (process.env.TEPAT_REQUIRE_BROWSER === '1')
    throw new Error(`${message} TEPAT_REQUIRE_BROWSER=1, so this is a failure.`);
  console.warn(`\n${'!'.repeat(100)}\n!! BROWSER TESTS SKIPPED: ${message}\n${'!'.repeat(100)}\n`);
  return false;
}

/** Launches headless Chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the app at `url` and signs in on its login form (the demo users share one password). */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}
