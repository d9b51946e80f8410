/**
 * The light first paint of the patient's «Консультации» (pwa/src/app/start/first-paint-light.ts):
 * a remembered patient's cold start from the network (no service worker) draws what the page
 * last showed at once, before the full app's code has arrived, and the full app replaces it.
 *  - drawn before the full app runs, with the patient's own consultation as the page showed it;
 *  - gone once the full app's page is on screen; the live page is there; no layout shift, and
 *    no larger paint after it (the LCP stays the light paint's);
 *  - a tap on it before the take-over does nothing (no dialog, no navigation);
 *  - never another person's: sign-out wipes it, and the next person's start draws none.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO, signIn } from './support/app';
import { DESKTOP, PHONE, launchBrowser } from './support/browser';
import { bookConsultation } from './support/consultations';
import { startServer, type RunningServer } from './support/server';
import { holdRequests, type HeldRequests } from './support/held-requests';

const FULL_APP_CHUNK = /\/full-app-[A-Z0-9]+\.js$/;
const SNAPSHOT_KEY = /^oblako\.first-paint\.@snapshot\./;

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // One consultation booked (on a desktop: the phone's select animates under load): the page has a card to draw.
  const context = await browser.newContext({ ...DESKTOP, baseURL: server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, DEMO.secondPatient.phone);
  await page.goto('/consultations');
  await bookConsultation(page, 'Кардиология');
  await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The light paint lives in a closed shadow root, out of reach of the page's and the test's
 * queries; the test keeps a handle on it, and records the page's layout shifts and largest paints.
 */
async function recordStart(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { lightRoots: ShadowRoot[]; lightAt: number | null; shifts: number; paints: { ms: number; size: number }[] };
    w.lightRoots = [];
    w.lightAt = null;
    new MutationObserver(() => {
      if (w.lightAt === null && document.getElementById('ob-first-paint')) w.lightAt = performance.now();
    }).observe(document, { childList: true, subtree: true });
    w.shifts = 0;
    w.paints = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      const root = attach.call(this, init);
      if (this.id === 'ob-first-paint') w.lightRoots.push(root);
      return root;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) w.shifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { size: number })[]) w.paints.push({ ms: entry.startTime, size: entry.size });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
}

const lightText = (page: Page) => page.evaluate(() => (window as unknown as { lightRoots: ShadowRoot[] }).lightRoots.map((root) => root.textContent ?? '').join(''));
const lightShown = (page: Page) => page.evaluate(() => document.getElementById('ob-first-paint') !== null);

/** A patient who has seen their «Консультации» with one consultation, on a device without the service worker. */
async function patientWhoSawTheirPage(viewport: typeof DESKTOP | typeof PHONE): Promise<Page> {
  const context = await browser.newContext({ ...viewport, baseURL: server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
  await recordStart(context);
  const page = await context.newPage();
  await signIn(page, DEMO.secondPatient.phone);
  await page.goto('/consultations');
  await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
  await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
  // The snapshot is written in idle time after the page's last change.
  await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('oblako.first-paint.@snapshot.')), undefined, { timeout: 30_000 });
  return page;
}

/** Reloads with the full app's chunk held back until `release` is called. */
async function reloadWithFullAppHeld(page: Page): Promise<HeldRequests> {
  const fullApp = await holdRequests(page.context(), FULL_APP_CHUNK);
  await page.reload({ waitUntil: 'commit' });
  await fullApp.asked;
  return fullApp;
}

for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  test(`${name}: a cold start draws the page's last picture before the full app runs; the full app takes over without a shift or a later larger paint`, async () => {
    const page = await patientWhoSawTheirPage(viewport);
    try {
      const { release } = await reloadWithFullAppHeld(page);
      await page.waitForFunction(() => document.getElementById('ob-first-paint') !== null, undefined, { timeout: 60_000 });
      const text = await lightText(page);
      assert.match(text, /Консультации/);
      assert.match(text, /Кардиология/, 'the patient’s own consultation, as the page showed it');
      assert.doesNotMatch(text, /Загрузка/);
      assert.equal(await page.getByTestId('consultation-card').count(), 0, 'the full app has not drawn anything yet');
      // The picture is painted and is the page's largest paint so far (an entry after it was drawn).
      await page.waitForFunction(
        () => {
          const w = window as unknown as { lightAt: number | null; paints: { ms: number }[] };
          return w.lightAt !== null && w.paints.some((paint) => paint.ms >= w.lightAt!);
        },
        undefined,
        { timeout: 30_000 },
      );
      const lightPaints = await page.evaluate(() => (window as unknown as { paints: { ms: number; size: number }[] }).paints.length);

      await release();
      await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => document.getElementById('ob-first-paint') === null, undefined, { timeout: 60_000 });
      await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
      assert.match(await page.getByTestId('consultation-card').first().innerText(), /Кардиология/);
      const { shifts, paints } = await page.evaluate(() => {
        const w = window as unknown as { shifts: number; paints: { ms: number; size: number }[] };
        return { shifts: w.shifts, paints: w.paints };
      });
      assert.equal(await lightShown(page), false, 'the picture does not come back');
      // The same start without the picture (its snapshot removed as the document starts, before
      // main reads it; the page being left may still write one in idle time): the full app's own shifts.
      await page.addInitScript(() => Object.keys(localStorage).filter((key) => key.startsWith('oblako.first-paint.@snapshot.')).forEach((key) => localStorage.removeItem(key)));
      await page.reload();
      await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
      assert.equal(await lightText(page), '', 'this start drew no picture');
      const plainShifts = await page.evaluate(() => (window as unknown as { shifts: number }).shifts);
      assert.ok(shifts <= plainShifts + 1e-4, `no layout shift of its own: ${shifts} with the picture, ${plainShifts} without`);
      assert.equal(paints.length, lightPaints, `no larger paint after the light one: ${JSON.stringify(paints)}`);
    } finally {
      await page.context().close();
    }
  });
}

test('a tap on the picture before the take-over does nothing: no dialog, no navigation', async () => {
  const page = await patientWhoSawTheirPage(DESKTOP);
  try {
    const cancel = page.getByTestId('action-cancel').first();
    const box = await cancel.boundingBox();
    assert.ok(box, 'the live page offers «Отменить»');
    const { release } = await reloadWithFullAppHeld(page);
    await page.waitForFunction(() => document.getElementById('ob-first-paint') !== null, undefined, { timeout: 60_000 });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await release();
    await page.getByTestId('consultation-card').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.getElementById('ob-first-paint') === null, undefined, { timeout: 60_000 });
    assert.equal(new URL(page.url()).pathname, '/consultations');
    assert.equal(await page.getByRole('dialog').count(), 0, 'no cancel dialog opened by the tap');
  } finally {
    await page.context().close();
  }
});

test('never another person’s picture: sign-out wipes it, and the next person on the device sees none', async () => {
  const page = await patientWhoSawTheirPage(DESKTOP);
  try {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    await page.getByLabel('Номер телефона').waitFor({ timeout: 30_000 });
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.equal(keys.filter((key) => SNAPSHOT_KEY.test(key)).length, 0, `nothing left: ${keys.join(', ')}`);

    // The next person signs in on the same device and opens «Консультации» cold: no picture of the first.
    await signIn(page, DEMO.patient.phone);
    await page.context().route(FULL_APP_CHUNK, (route) => route.continue());
    await page.goto('/consultations');
    await page.getByRole('heading', { name: 'Консультации' }).waitFor({ timeout: 60_000 });
    assert.equal(await lightText(page), '', 'no light paint drawn');
  } finally {
    await page.context().close();
  }
});

test('the sign-in page (nobody remembered) never loads the light first paint', async () => {
  const context = await browser.newContext({ ...PHONE, baseURL: server.baseUrl, locale: 'ru-RU', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
    await page.goto('/sign-in');
    await page.getByLabel('Номер телефона').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    assert.ok(scripts.length > 0);
    assert.deepEqual(scripts.filter((path) => /first-paint-light/.test(path)), [], `scripts: ${scripts.join(', ')}`);
  } finally {
    await context.close();
  }
});
