/**
 * Screenshots of the push screens (not part of `npm test`), Russian, phone 390×844 and desktop
 * 1366×900, into docs/screenshots/push-<screen>-<phone|desktop>.png: the opt-in, the devices
 * list, the iPhone explanation.
 *
 *   npx ng build && node --import tsx e2e/screenshots/push.ts
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO, apiSession, signIn } from '../support/app';
import { launchBrowser, waitForServiceWorker } from '../support/browser';
import { giveConsent, passConsentGate } from '../support/documents';
import { stubPushManager } from '../support/push';
import { startServer } from '../support/server';
import { PushServiceStandIn } from '../../sync-server/test/helpers/push-service-stand-in';
import { OUT } from './shots';

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;

async function context(browser: Browser, baseURL: string, size: keyof typeof SIZES, userAgent?: string): Promise<BrowserContext> {
  const created = await browser.newContext({ ...SIZES[size], baseURL, locale: 'ru-RU', timezoneId: 'Asia/Vladivostok', ...(userAgent ? { userAgent } : {}) });
  await created.grantPermissions(['notifications'], { origin: baseURL });
  return created;
}

await mkdir(OUT, { recursive: true });
const pushService = await new PushServiceStandIn().start();
const server = await startServer({ PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' });
const browser = await launchBrowser();
try {
  const session = await apiSession(server.baseUrl, DEMO.secondPatient.phone);
  await giveConsent(server.baseUrl, session.token);
  // Another device of the same patient (her tablet), subscribed earlier.
  const tablet = pushService.device('tablet');
  await fetch(`${server.baseUrl}/api/push/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...tablet.subscription, deviceName: 'Safari, iPad', language: 'ru' }),
  });

  for (const size of ['phone', 'desktop'] as const) {
    const android = await context(browser, server.baseUrl, size, size === 'phone' ? ANDROID_UA : undefined);
    await stubPushManager(android, pushService.device(`phone-${size}`).subscription);
    const page = await android.newPage();
    await signIn(page, DEMO.secondPatient.phone);
    await passConsentGate(page);
    await waitForServiceWorker(page);
    await page.goto('/push');
    await page.getByTestId('push-enable').waitFor();
    await page.screenshot({ path: join(OUT, `push-optin-${size}.png`), fullPage: true });
    await page.getByTestId('push-enable').click();
    await page.getByTestId('push-this-device-chip').waitFor();
    // The snack bar has gone before the picture.
    await page.locator('mat-snack-bar-container').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await page.screenshot({ path: join(OUT, `push-devices-${size}.png`), fullPage: true });
    // Leave the next run's list as it was: this device off again.
    await page.getByTestId('push-disable-this').click();
    await page.getByTestId('push-enable').waitFor();
    await android.close();

    const iphone = await context(browser, server.baseUrl, size, IPHONE_UA);
    const iphonePage = await iphone.newPage();
    await signIn(iphonePage, DEMO.secondPatient.phone);
    await passConsentGate(iphonePage);
    await iphonePage.goto('/push');
    await iphonePage.getByTestId('push-ios').waitFor();
    await iphonePage.screenshot({ path: join(OUT, `push-iphone-${size}.png`), fullPage: true });
    await iphone.close();
    console.log(`push screenshots (${size}) written`);
  }
} finally {
  await browser.close();
  await server.stop();
  await pushService.stop();
}
