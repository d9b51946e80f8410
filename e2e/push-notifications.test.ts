/**
 * Journey of the push issue: a patient in Vladivostok turns on notifications on her phone
 * (the push service stubbed at the browser's boundary only: Chromium here has no FCM), the
 * doctor schedules her consultation, the server's encrypted push reaches the stand-in push
 * service, which hands it — decrypted with the device's keys — to the real Angular service
 * worker through the DevTools protocol (ServiceWorker.deliverPushMessage). The notification
 * is shown; its tap opens the consultation and marks the cabinet notification read; «Добавить
 * в календарь» gives an .ics that holds the consultation's instant in her zone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { DEMO, apiSession, signIn } from './support/app';
import { PHONE, launchBrowser, newContext, waitForServiceWorker } from './support/browser';
import { setProfileZone, unreadBadge, wallTime, withFailureShots } from './support/consultations';
import { giveConsent, passConsentGate } from './support/documents';
import { eventually } from './support/eventually';
import { scheduledConsultation, serviceWorkerRegistrationId, stubPushManager } from './support/push';
import { startServer, type RunningServer } from './support/server';
import { PushServiceStandIn } from '../sync-server/test/helpers/push-service-stand-in';

const ZONE = 'Asia/Vladivostok';
let server: RunningServer;
let browser: Browser;
let pushService: PushServiceStandIn;

before(async () => {
  pushService = await new PushServiceStandIn().start();
  // Demo mode: the VAPID pair is generated at first start and kept in the store.
  server = await startServer({ PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true' });
  browser = await launchBrowser();
  await giveConsent(server.baseUrl, (await apiSession(server.baseUrl, DEMO.secondPatient.phone)).token);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await pushService?.stop();
});

test('push: turn on, receive the scheduled news on the lock screen, tap opens the consultation, .ics in the patient zone', async () => {
  const pages: Record<string, Page | undefined> = {};
  await withFailureShots(() => pages, async () => {
    const device = pushService.device('patient-phone');
    const context = await newContext(browser, server.baseUrl, PHONE, ZONE);
    await context.grantPermissions(['notifications'], { origin: server.baseUrl });
    await stubPushManager(context, device.subscription);
    const page = (pages['patient'] = await context.newPage());
    await signIn(page, DEMO.secondPatient.phone);
    await passConsentGate(page);
    await setProfileZone(page, 'Владивосток');
    await waitForServiceWorker(page);

    // «Уведомления на телефоне»: nothing subscribed until she presses the button.
    await page.getByRole('link', { name: 'Уведомления', exact: true }).click();
    await page.getByTestId('push-settings-link').click();
    await page.getByTestId('push-no-devices').waitFor();
    assert.equal(pushService.received.length, 0);
    await page.getByTestId('push-enable').click();
    const listed = page.getByTestId('push-device');
    await listed.first().waitFor();
    assert.match(await listed.first().innerText(), /Chrome, (Android|Linux)[\s\S]*это устройство/);
    await page.getByTestId('push-disable-this').waitFor();

    // The doctor schedules (over HTTP: the scheduling UI has its own journey).
    const patient = await apiSession(server.baseUrl, DEMO.secondPatient.phone);
    const doctor = await apiSession(server.baseUrl, DEMO.doctor.phone);
    const consultation = await scheduledConsultation(server.baseUrl, patient, doctor);
    const slotStart = consultation.slot!.start;

    // The push service got an encrypted message for this device; decrypted, it is the ngsw payload.
    await eventually(async () => pushService.to(device.name).some((push) => push.payload.notification.data.kind === 'scheduled'), 'the push at the push service', 30_000);
    const push = pushService.to(device.name).find((candidate) => candidate.payload.notification.data.kind === 'scheduled')!;
    const local = wallTime(slotStart, ZONE);
    assert.ok(push.payload.notification.body.includes(local) && push.payload.notification.body.includes('Владивосток'), push.payload.notification.body);
    assert.doesNotMatch(push.payload.notification.body, /Кардиолог/i);

    // The phone receives it: the real Angular service worker shows the notification.
    await eventually(async () => (await unreadBadge(page)) > 0, 'the cabinet notification synced', 20_000);
    await page.goto('/documents');
    const worker = await serviceWorkerRegistrationId(page);
    await worker.send(JSON.stringify(push.payload));
    const shown = await eventually(async () => {
      const notifications = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
      return notifications.length > 0 ? notifications : null;
    }, 'the notification shown by the service worker', 15_000);
    assert.deepEqual(shown, [{ title: 'Облако здоровья', body: push.payload.notification.body, tag: push.payload.notification.tag }]);
    // The same reminder delivered again (a sender killed after the push service took it, then
    // its lease ran out): the same tag replaces the notification, the phone shows it once.
    // (Its body marked here only so the test can see the second one was handled.)
    const again = { notification: { ...push.payload.notification, body: `${push.payload.notification.body} ` } };
    await worker.send(JSON.stringify(again));
    await eventually(async () => {
      const now = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.body));
      return now.length === 1 && now[0] === again.notification.body;
    }, 'one notification after a duplicate delivery', 10_000);

    // Tapping it: ngsw's onActionClick navigates the open app to the consultation…
    const serviceWorker = context.serviceWorkers().find((candidate) => candidate.url().endsWith('/oblako-worker.js'));
    assert.ok(serviceWorker, 'the app\'s worker (ngsw inside) is visible to the test');
    await serviceWorker.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(event: Event): boolean };
      const NotificationEvent = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event }).NotificationEvent;
      const [notification] = await scope.registration.getNotifications();
      // A synthetic click: ngsw's handler runs as for a real tap (waitUntil refuses untrusted events; the handler has started by then).
      try {
        scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification!, action: '' }));
      } catch {
        // see above
      }
    });
    await page.waitForURL((url) => url.pathname === '/consultations' && url.searchParams.get('c') === consultation.id, { timeout: 15_000 });
    // …and the cabinet notification it came from is read.
    await eventually(async () => (await unreadBadge(page)) === 0, 'the notification marked read', 20_000);
    const card = page.locator(`[data-testid=consultation-card][data-id="${consultation.id}"]`);
    await card.waitFor();
    // The consultation the push was about is the one outlined (the patient may have several).
    await eventually(async () => /card--focus/.test((await card.getAttribute('class')) ?? ''), 'the consultation outlined', 10_000);

    // «Добавить в календарь»: an .ics with the consultation's instant, in Vladivostok time, zone named.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('add-to-calendar').click()]);
    const ics = await readFile((await download.path())!, 'utf8');
    const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/).filter(Boolean);
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.equal(lines.at(-1), 'END:VCALENDAR');
    assert.equal(lines.filter((line) => line.startsWith('BEGIN:')).length, lines.filter((line) => line.startsWith('END:')).length);
    const event = lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT'));
    const dtstart = event.find((line) => line.startsWith('DTSTART'))!;
    const offset = lines.find((line) => line.startsWith('TZOFFSETTO:'))!.slice('TZOFFSETTO:'.length);
    const match = /^DTSTART;TZID=Asia\/Vladivostok:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(dtstart);
    assert.ok(match, dtstart);
    const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
    const sign = offset.startsWith('-') ? -1 : 1;
    const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
    const instant = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - offsetMinutes * 60_000;
    assert.equal(new Date(instant).toISOString(), slotStart, 'the .ics holds the consultation instant');
    assert.ok(event.some((line) => line === `UID:${consultation.id}@oblako`));
    await context.close();
  });
});
