import { chromium, type BrowserContext } from 'playwright-core';

/**
 * The browser the one-off tools (profile-app.ts, trace-app.ts, patient-page/heap-snapshot.ts) look through: Chromium from
 * the system, headless, a fresh on-disk profile in `dir`, as bench:browser's rounds run it.
 */
export function launchBenchBrowser(dir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL,
    locale: 'ru-RU',
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
