/**
 * The app installs to the home screen (Chromium's own installability check finds nothing
 * missing) and speaks Russian first, English on request — remembered across reloads.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from './support/server';
import { RECORD_WORKER_REGISTRATIONS, launchPersistent } from './support/browser';

let server: RunningServer;
let profileDir: string;

before(async () => {
  server = await startServer();
  profileDir = await mkdtemp(join(tmpdir(), 'oblako-e2e-profile-'));
});

after(async () => {
  await server?.stop();
  await rm(profileDir, { recursive: true, force: true });
});

test('Chromium considers the PWA installable from the sign-in page: valid manifest and icons (the service worker comes with the first sign-in)', async () => {
  const context = await launchPersistent(profileDir, server.baseUrl);
  try {
    await context.addInitScript(RECORD_WORKER_REGISTRATIONS);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data: string };
    assert.deepEqual(manifest.errors, []);
    const data = JSON.parse(manifest.data) as { name: string; display: string; start_url: string; icons: { sizes: string }[] };
    assert.equal(data.name, 'Облако здоровья');
    assert.equal(data.display, 'standalone');
    assert.ok(data.icons.some((icon) => icon.sizes === '512x512'));
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    assert.deepEqual(installabilityErrors, [], 'no reason not to install');
    // The sign-in page registers no worker: it would install beside the first sync (sign-in-app.ts).
    // Asked after the page's own idle-time work (idle callbacks run in the order they were asked for).
    const registrations = await page.evaluate('new Promise((done) => requestIdleCallback(() => done(window.__workerRegisteredAt.length), { timeout: 5000 }))');
    assert.equal(registrations, 0, 'the sign-in page asked for no service worker');
    assert.equal(await page.evaluate('navigator.serviceWorker.getRegistration().then((found) => found === undefined)'), true);
  } finally {
    await context.close();
  }
});

test('the interface is in Russian by default and switches to English, which is remembered', async () => {
  const context = await launchPersistent(profileDir, server.baseUrl);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await page.getByRole('button', { name: /Язык/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.ok(await page.getByLabel('Phone number').isVisible());
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  } finally {
    await context.close();
  }
});
