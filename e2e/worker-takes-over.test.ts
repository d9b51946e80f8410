/**
 * The service worker takes over a page that began loading while it was installing. Such a page
 * is passed over by the worker's own claim at activation (the spec skips a document still
 * loading), so it used to stay uncontrolled until the next load: its chunks were never cached
 * and the app did not start offline. A full-suite run met this by chance: a page opened right
 * after the sign-in, as the worker registered. Here the moments are held at a proxy, so the
 * page's load always straddles the worker's activation.
 */
import { test } from 'node:test';
import { DEMO, signIn, waitForField } from './support/app';
import { DESKTOP, newContext, waitForServiceWorker } from './support/browser';
import { eventually } from './support/eventually';
import { useStand } from './support/stand';
import { startThrottlingProxy } from './support/throttling-proxy';

const stand = useStand();

test('a page whose load began while the worker installed is taken over by it and then starts offline', async () => {
  const proxy = await startThrottlingProxy(stand.server.baseUrl);
  const context = await newContext(stand.browser, proxy.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    // The worker's versions as Chromium reports them (DevTools protocol): when it is activated.
    const cdp = await context.newCDPSession(page);
    const statuses = new Set<string>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { status: string }[] }) => versions.forEach((version) => statuses.add(version.status)));
    await cdp.send('ServiceWorker.enable');

    // The app registers its worker after the sign-in's first sync; its script waits at the proxy.
    const workerScript = proxy.hold('GET', '/oblako-worker.js');
    await signIn(page, DEMO.patient.phone);
    await workerScript.asked;

    // The profile is opened by address meanwhile; its page waits at the proxy until the worker,
    // let through now, has installed and activated.
    const profilePage = proxy.hold('GET', '/profile');
    const opening = page.goto('/profile');
    await profilePage.asked;
    workerScript.release();
    await eventually(async () => statuses.has('activated'), 'the worker activated', 30_000);
    profilePage.release();
    await opening;
    await waitForField(page, 'ФИО', DEMO.patient.name);

    // The worker controls the page and has cached every chunk of the app through it.
    await waitForServiceWorker(page);

    // So the app starts offline, with the profile from the device.
    await context.setOffline(true);
    await page.reload();
    await waitForField(page, 'ФИО', DEMO.patient.name, 20_000);
    // Under the emulation `navigator.onLine` stays true: the app learns it is offline when its first
    // request fails, which may come after the profile has been read from the device (under load).
    await eventually(async () => /Нет сети/.test(await page.getByTestId('connectivity').innerText()), 'the connectivity chip says offline', 10_000);
  } finally {
    await context.close();
    await proxy.close();
  }
});
