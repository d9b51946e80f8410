/**
 * Screenshots of the start splash (index.html's own markup, drawn before any script runs), not
 * part of `npm test`: Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/start-splash-<phone|desktop>.png. Scripts are off, so the picture is what a
 * person sees while the app's JavaScript is still on its way.
 *
 *   npm run build && node --import tsx e2e/screenshots/start.ts
 */
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { ROOT, startServer } from '../support/server';

const OUT = join(ROOT, 'docs/screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const;

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    const context = await browser.newContext({ viewport, locale: 'ru-RU', javaScriptEnabled: false, baseURL: server.baseUrl });
    const page = await context.newPage();
    await page.goto('/sign-in', { waitUntil: 'load' });
    await page.locator('.boot img').evaluate((image: HTMLImageElement) => image.decode());
    const path = join(OUT, `start-splash-${size}.png`);
    await page.screenshot({ path });
    console.log(path);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
