/**
 * Screenshots of the signed-in start while the data layer (RxDB's chunk) is on its way — the
 * sync status says «Проверяем изменения…», the page is drawn from its first-paint copy — and
 * when it cannot be downloaded: the error with «Повторить» in place of the page. Phone 390×844
 * and desktop 1366×900, Russian.
 *
 *   npm run build && node --import tsx bench/lighthouse/data-layer-shots.ts [out dir]
 *
 * Writes shell-sync-checking-{phone,desktop}.png and shell-data-load-error-{phone,desktop}.png
 * (default: docs/screenshots).
 */
import { join } from 'node:path';
import { DEMO, signIn } from '../../e2e/support/app';
import { launchBrowser } from '../../e2e/support/browser';
import { bookConsultation } from '../../e2e/support/consultations';
import { ROOT, startServer } from '../../e2e/support/server';

const OUT = process.argv[2] ?? join(ROOT, 'docs/screenshots');
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;
const DATA_LAYER_CHUNK = /\/data-layer\.service-[A-Z0-9]+\.js$/;

const server = await startServer();
const browser = await launchBrowser();
try {
  let booked = false;
  for (const [name, device] of Object.entries(SIZES)) {
    // No service worker: what it served would pass by the routes below.
    const context = await browser.newContext({ ...device, baseURL: server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
    const page = await context.newPage();
    await signIn(page, DEMO.patient.phone);
    await page.goto('/consultations');
    if (!booked) await bookConsultation(page, 'Кардиология');
    booked = true;
    await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });

    // The next start with RxDB's chunk never answered: the copy is drawn, the status does not know yet.
    await context.route(DATA_LAYER_CHUNK, () => undefined);
    await page.reload();
    await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('sync-status').filter({ hasText: 'Проверяем изменения…' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(OUT, `shell-sync-checking-${name}.png`) });
    await context.unroute(DATA_LAYER_CHUNK);

    // The chunk cannot be downloaded (offline before the service worker cached it).
    await context.route(DATA_LAYER_CHUNK, (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByTestId('data-load-error').waitFor({ timeout: 60_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(OUT, `shell-data-load-error-${name}.png`) });
    console.log(`${name}: «Проверяем изменения…» and the load error taken`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
