/**
 * A remembered patient's start while the data layer (RxDB's chunk) is still on its way or cannot
 * be downloaded.
 *  - Until the device's database has answered, the sync status never says «Все изменения
 *    отправлены» (there may be changes unsent from last time): «Проверяем изменения…».
 *  - The chunk cannot be downloaded: a Russian error with «Повторить» instead of the page (never
 *    a page of empty lists); «Повторить» once the network is back draws the page with its data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO, signIn } from './support/app';
import { DESKTOP, launchBrowser } from './support/browser';
import { bookConsultation } from './support/consultations';
import { startServer, type RunningServer } from './support/server';
import { holdRequests } from './support/held-requests';

const DATA_LAYER_CHUNK = /\/data-layer\.service-[A-Z0-9]+\.js$/;

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // One consultation booked: the page has cards to draw (or not, under an error).
  const page = await signedInPatient();
  await page.goto('/consultations');
  await bookConsultation(page, 'Кардиология');
  // On the server before this device is closed.
  await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The patient signed in; the service worker blocked, so that routes see every request. */
async function signedInPatient(): Promise<Page> {
  const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, DEMO.secondPatient.phone);
  return page;
}

/** The patient signed in, on «Консультации» with their consultation, everything sent. */
async function patientWithConsultation(): Promise<Page> {
  const page = await signedInPatient();
  await page.goto('/consultations');
  await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
  await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
  return page;
}

test('while the data layer loads the status says «Проверяем изменения…», never that everything is sent', async () => {
  const page = await patientWithConsultation();
  try {
    const dataLayer = await holdRequests(page.context(), DATA_LAYER_CHUNK);
    // Every text the status shows from the start, recorded in the page itself.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { statusTexts: string[] }).statusTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="sync-status"]')?.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.reload();
    await dataLayer.asked;
    await page.getByTestId('sync-status').filter({ hasText: 'Проверяем изменения…' }).waitFor({ timeout: 60_000 });

    await dataLayer.release();
    await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
    const texts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
    assert.equal(texts[0], 'Проверяем изменения…', `the first status shown: ${texts.join(' → ')}`);
    assert.ok(texts.indexOf('Все изменения отправлены') > texts.indexOf('Проверяем изменения…'));
  } finally {
    await page.context().close();
  }
});

test('the data layer cannot be downloaded: an error with «Повторить», no empty page; the retry draws the data', async () => {
  const page = await patientWithConsultation();
  try {
    // The network comes back exactly when «Повторить» is pressed: until then every part of the
    // start that asks for the code fails too (several do, one after another), so none of them
    // can bring the data back before the button is pressed. The flag is set in the page, before
    // the app's own click handler asks for the code.
    await page.addInitScript(() => {
      document.addEventListener('click', (event) => {
        if ((event.target as Element | null)?.closest('[data-testid="data-load-retry"]')) (window as unknown as { retryPressed: boolean }).retryPressed = true;
      }, true);
    });
    await page.context().route(DATA_LAYER_CHUNK, async (route) => {
      const pressed = await page.evaluate(() => (window as unknown as { retryPressed?: boolean }).retryPressed === true).catch(() => false);
      await (pressed ? route.continue() : route.abort('internetdisconnected'));
    });
    await page.reload();
    const error = page.getByTestId('data-load-error');
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /Не удалось загрузить данные приложения/);
    assert.match(await error.innerText(), /Проверьте подключение и нажмите «Повторить»/);
    assert.equal(await page.getByTestId('consultation-card').count(), 0, 'no page under the error');
    assert.equal(await page.getByTestId('no-consultations').count(), 0, 'never «no consultations»');
    assert.equal((await page.getByTestId('sync-status').innerText()).trim(), 'Данные не загружены');

    await page.getByTestId('data-load-retry').click();
    await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
    assert.equal(await error.count(), 0);
    await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
  } finally {
    await page.context().close();
  }
});

test('the code arrives for another part of the start after the first download failed: the data opens and syncs, nothing waits forever', async () => {
  const page = await patientWithConsultation();
  try {
    // Only the first request fails: the one the start's first callers share, the opening of the
    // person's data among them. The next part of the start that asks for the code gets it.
    let requests = 0;
    await page.context().route(DATA_LAYER_CHUNK, (route) => (++requests === 1 ? route.abort('internetdisconnected') : route.continue()));
    await page.reload();
    await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
    // The sync status is the proof that the data was opened: the replication runs only then.
    await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
    assert.ok(requests >= 2, `the code was asked for again after the failure (${requests} requests)`);
    assert.equal(await page.getByTestId('data-load-error').count(), 0);
  } finally {
    await page.context().close();
  }
});
