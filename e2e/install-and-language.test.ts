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
import { launchPersistent, waitForServiceWorkerControl } from './support/browser';

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

test('Chromium considers the PWA installable: valid manifest, icons, service worker', async () => {
  const context = await launchPersistent(profileDir, server.baseUrl);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    // Someone who stays on the sign-in page gets the worker after a few seconds (sign-in-app.ts WORKER_AFTER_MS).
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data: string };
    assert.deepEqual(manifest.errors, []);
    const data = JSON.parse(manifest.data) as { name: string; display: string; start_url: string; icons: { sizes: string }[] };
    assert.equal(data.name, 'Облако здоровья');
    assert.equal(data.display, 'standalone');
    assert.ok(data.icons.some((icon) => icon.sizes === '512x512'));
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    assert.deepEqual(installabilityErrors, [], 'no reason not to install');
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
