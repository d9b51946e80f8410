/**
 * The sign-in page as a person without a session meets it: a light application (Angular's core
 * and the form) that works before anything of the full app arrives, then hands the session to
 * the full app. And a signed-in start, which fetches the full app beside `main` (a modulepreload
 * written at build time), not one request level after it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from './support/app';
import { DESKTOP, PHONE, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { ROOT } from './support/server';
import { useStand } from './support/stand';

const stand = useStand();

/** The chunk an application starts from, read from the build's metafile (never a hard-coded name). */
function chunkOf(entryPoint: string): string {
  const { outputs } = JSON.parse(readFileSync(join(ROOT, 'dist/pwa/stats.json'), 'utf8')) as { outputs: Record<string, { entryPoint?: string }> };
  const found = Object.entries(outputs).find(([, output]) => output.entryPoint === entryPoint);
  assert.ok(found, `the build has a chunk for ${entryPoint}`);
  return found[0].replace(/^.*\//, '');
}
const fullAppChunk = () => chunkOf('pwa/src/app/start/full-app.ts');
const signInAppChunk = () => chunkOf('pwa/src/app/start/sign-in-app.ts');

/**
 * Holds main back until `chunk` is asked for (at most 20 s): only index.html's preload script
 * can ask for it then, since main imports it only once it has run. Resolves to whether it was.
 */
async function holdMainUntilRequested(page: Page, chunk: string): Promise<() => boolean> {
  let requested!: () => void;
  const seen = new Promise<void>((resolve) => (requested = resolve));
  await page.route(`**/${chunk}`, async (route) => {
    requested();
    await route.continue();
  });
  let heldUntilRequested = false;
  await page.route('**/main-*.js', async (route) => {
    heldUntilRequested = await Promise.race([seen.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
    await route.continue();
  });
  return () => heldUntilRequested;
}

interface ScriptEntry {
  name: string;
  transferred: number;
}

/** Scripts requested so far, or before the performance mark `before` when it is given. */
async function scriptsLoaded(page: Page, before?: string): Promise<ScriptEntry[]> {
  return page.evaluate((mark) => {
    const until = mark ? performance.getEntriesByName(mark)[0]?.startTime ?? -1 : Infinity;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => new URL(entry.name).pathname.endsWith('.js') && entry.startTime < until)
      .map((entry) => ({ name: new URL(entry.name).pathname.slice(1), transferred: entry.encodedBodySize }));
  }, before);
}

async function signInOnForm(page: Page, phone: string, password: string): Promise<void> {
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('without a session the sign-in form works on ≤ 90 kB of JavaScript, none of it the full app\'s', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  await page.goto('/');
  // Works = the form is drawn by the app (the splash is gone) and the submit button is enabled.
  await page.locator('ob-sign-in-form button[type="submit"]:not([disabled])').waitFor();
  assert.equal(await page.locator('.boot').count(), 0);
  // The light application marks the moment its form is drawn and listening.
  await eventually(async () => page.evaluate(() => performance.getEntriesByName('oblako:sign-in-ready').length === 1), 'the form marked ready');
  const before = await scriptsLoaded(page, 'oblako:sign-in-ready');
  assert.ok(before.some((entry) => entry.name.startsWith('main-')), 'main counted');
  const transferred = before.reduce((sum, entry) => sum + entry.transferred, 0);
  console.log(`# JavaScript before the form works: ${before.length} files, ${(transferred / 1024).toFixed(1)} kB as transferred`);
  assert.ok(transferred <= 90 * 1024, `${transferred} bytes of JavaScript before the sign-in form works`);
  const fullApp = fullAppChunk();
  assert.ok(!before.some((entry) => entry.name === fullApp), 'the full app is not fetched before the form works');
  // Once the person starts typing, the full app arrives in idle time.
  await page.getByLabel('Номер телефона').focus();
  await eventually(async () => (await scriptsLoaded(page)).some((entry) => entry.name === fullApp), 'the full app fetched while the person types');
  await context.close();
});

test('without a session the sign-in form\'s chunk is asked for before main has run (no request level after main)', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  const requestedBeforeMain = await holdMainUntilRequested(page, signInAppChunk());
  await page.goto('/sign-in', { waitUntil: 'commit' });
  await page.locator('ob-sign-in-form button[type="submit"]:not([disabled])').waitFor({ timeout: 40_000 });
  assert.ok(requestedBeforeMain(), 'the sign-in application was requested while main had not arrived');
  await context.close();
});

test('the server\'s answer in Russian: a number that is not a phone under the field, a wrong password in an alert', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signInOnForm(page, '12', 'whatever');
  await eventually(async () => (await page.locator('#sign-in-phone-note').innerText()).startsWith('Введите номер телефона'), 'the phone error under the field');
  assert.equal(await page.getByLabel('Номер телефона').getAttribute('aria-invalid'), 'true');
  await signInOnForm(page, DEMO.patient.phone, 'not-the-password');
  await page.getByTestId('sign-in-error').waitFor();
  assert.equal(await page.getByTestId('sign-in-error').innerText(), 'Неверный номер телефона или пароль.');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await context.close();
});

test('English chosen on the sign-in page stays after the sign-in; a signed-in start asks for the full app before main has run', async () => {
  // No service worker: requests must reach the page's routes (the worker would answer them itself).
  const context = await stand.browser.newContext({ ...DESKTOP, baseURL: stand.server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: /Язык/ }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await page.getByLabel('Phone number').fill(DEMO.doctor.phone);
  await page.getByLabel('Password', { exact: true }).fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('connectivity').waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.notEqual(new URL(page.url()).pathname, '/sign-in');

  // A signed-in start: the full app's chunk is asked for before main has run.
  const requestedBeforeMain = await holdMainUntilRequested(page, fullAppChunk());
  await page.goto('/', { waitUntil: 'commit' });
  await page.getByTestId('connectivity').waitFor({ timeout: 40_000 });
  assert.ok(requestedBeforeMain(), 'the full app was requested while main had not arrived');
  await context.close();
});

test('a deep link without a session: the full app\'s sign-in page (the same form) signs in and opens the page asked for', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  await page.goto('/profile');
  await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/profile');
  await signInOnForm(page, DEMO.doctor.phone, DEMO.password);
  await page.waitForURL((url) => url.pathname.startsWith('/profile'), { timeout: 30_000 });
  await page.getByTestId('connectivity').waitFor({ timeout: 30_000 });
  // A reload of that sign-in address starts the light application, which continues the same way.
  const second = await (await newContext(stand.browser, stand.server.baseUrl, DESKTOP)).newPage();
  await second.goto('/sign-in?next=%2Fprofile');
  await second.locator('ob-sign-in-form').waitFor();
  await signInOnForm(second, DEMO.doctor.phone, DEMO.password);
  await second.waitForURL((url) => url.pathname.startsWith('/profile'), { timeout: 30_000 });
  await second.context().close();
  await context.close();
});

test('the signed-in app\'s chunks are marked for eager compilation, with hashes the service worker accepts; what runs before the first paint and a page\'s own chunk are not', async () => {
  // V8 compiles a marked chunk's functions as it streams in, off the main thread (scripts/compile-hints.mjs).
  const hint = '//# allFunctionsCalledOnLoad\n';
  const served = async (chunk: string) => {
    const response = await fetch(`${stand.server.baseUrl}/${chunk}`);
    assert.equal(response.status, 200, `${chunk} served`);
    return response.text();
  };
  const ngsw = (await (await fetch(`${stand.server.baseUrl}/ngsw.json`)).json()) as { hashTable: Record<string, string> };
  for (const entry of ['pwa/src/app/start/full-app.ts', 'pwa/src/app/core/db/data-layer.service.ts', 'pwa/src/app/shell/shell-layout.component.ts']) {
    const chunk = chunkOf(entry);
    const text = await served(chunk);
    assert.ok(text.startsWith(hint), `${chunk} (${entry}) starts with the compile hint`);
    // The worker refuses a file whose content does not match ngsw.json: the app would not install.
    assert.equal(ngsw.hashTable[`/${chunk}`], createHash('sha1').update(text).digest('hex'), `ngsw.json holds the hash of ${chunk} as served`);
  }
  // What runs before anything is drawn (compiled whole first, it would come later), and a route's
  // page (code for interactions that may not come): compiled when called.
  for (const entry of ['pwa/src/main.ts', 'pwa/src/app/start/first-paint-light.ts', 'pwa/src/app/start/sign-in-app.ts', 'modules/consultations/ui/doctor/queue.page.ts']) {
    const chunk = chunkOf(entry);
    assert.ok(!(await served(chunk)).startsWith(hint), `${chunk} (${entry}) is not marked`);
  }
});
