/**
 * Screenshots of the patient's «Консультации» as it first paints at start, from its first-paint
 * copy, with RxDB's chunk held back (never answered), next to the same page once the device's
 * data has answered: the two must look the same. Phone 390×844 and desktop 1366×900, Russian.
 *
 *   npm run build && node --import tsx bench/lighthouse/first-paint-shots.ts [out dir]
 *
 * Also the light first paint (session 8: pwa/src/app/start/first-paint-light.ts), drawn by main
 * from the page's snapshot with the full app's chunk held back: it must look like the live page.
 *
 * Writes consultations-patient-light-paint-{phone,desktop}.png, consultations-patient-first-paint-{phone,desktop}.png,
 * consultations-patient-live-{phone,desktop}.png and sign-in-{phone,desktop}.png (default:
 * docs/screenshots).
 */
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { DEMO, signIn } from '../../e2e/support/app';
import { launchBrowser } from '../../e2e/support/browser';
import { bookConsultation } from '../../e2e/support/consultations';
import { ROOT, startServer } from '../../e2e/support/server';

const OUT = process.argv[2] ?? join(ROOT, 'docs/screenshots');
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;

async function cardsDrawn(page: Page): Promise<void> {
  await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [name, device] of Object.entries(SIZES)) {
    // No service worker: what it served would pass by the route that holds RxDB back.
    const context = await browser.newContext({ ...device, baseURL: server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Номер телефона').waitFor();
    await page.screenshot({ path: join(OUT, `sign-in-${name}.png`) });
    await signIn(page, DEMO.patient.phone);
    await page.goto('/consultations');
    if (name === 'phone') await bookConsultation(page, 'Кардиология');
    await cardsDrawn(page);
    await page.getByTestId('consultation-checklist').waitFor();
    await page.screenshot({ path: join(OUT, `consultations-patient-live-${name}.png`) });

    // The next start with the full app's chunk held back: the light first paint alone.
    await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('oblako.first-paint.@snapshot.')), undefined, { timeout: 30_000 });
    const held: Route[] = [];
    await context.route(/\/full-app-[A-Z0-9]+\.js$/, (route) => void held.push(route));
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.getElementById('ob-first-paint') !== null, undefined, { timeout: 60_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(OUT, `consultations-patient-light-paint-${name}.png`) });
    console.log(`${name}: the light first paint drawn with the full app held back`);
    for (const route of held) await route.continue();
    await context.unroute(/\/full-app-[A-Z0-9]+\.js$/);
    await cardsDrawn(page);

    // The next start with RxDB's chunk held back: what is drawn comes from the copy alone.
    await context.route(/data-layer\.service-[A-Z0-9]+\.js$/, () => undefined);
    await page.reload();
    await cardsDrawn(page);
    // The full app's own page (the light picture, drawn at this start too, gone once it has painted).
    await page.waitForFunction(() => document.getElementById('ob-first-paint') === null, undefined, { timeout: 60_000 });
    await page.screenshot({ path: join(OUT, `consultations-patient-first-paint-${name}.png`) });
    console.log(`${name}: the first paint drawn with the data layer held back`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
