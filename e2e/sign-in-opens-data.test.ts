/**
 * A sign-in on the light sign-in page opens the person's database the moment the server accepts
 * the password — before the full app's code has arrived — and the full app adopts it: one open,
 * for that person (bench/README.md, bench:browser, session 8). With a one-time password nothing
 * opens until the person has set their own (the server refuses their replication until then).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SPECIALTIES } from '@oblako/domain';
import { DEMO, apiSession } from './support/app';
import { DESKTOP } from './support/browser';
import { eventually } from './support/eventually';
import { oneTimePasswordOf, waitForSms } from './support/outbox';
import { useStand } from './support/stand';
import { holdRequests } from './support/held-requests';

const FULL_APP_CHUNK = /\/full-app-[A-Z0-9]+\.js$/;
const DATA_OPEN_START_MARK = 'oblako:data-open-start';

const stand = useStand();

/** The service worker blocked, so that routes see every request (and nothing is served from its cache). */
async function freshContext(): Promise<BrowserContext> {
  return stand.browser.newContext({ ...DESKTOP, baseURL: stand.server.baseUrl, locale: 'ru-RU', timezoneId: 'Europe/Moscow', serviceWorkers: 'block' });
}

/** The person's IndexedDB databases on this device (the paged storage's one, or the Dexie storage's from before). */
async function databasesOf(page: Page, userId: string): Promise<string[]> {
  const database = `oblako-${userId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((found) => found.name ?? ''));
  return names.filter((name) => name === `oblako-pages-${database}` || name.startsWith(`rxdb-dexie-${database}--`));
}

async function openings(page: Page): Promise<number> {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, DATA_OPEN_START_MARK);
}

async function submitSignIn(page: Page, phone: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('the database opens as the sign-in is answered, before the full app’s code has arrived; the app adopts it (one open)', async () => {
  const { userId } = await apiSession(stand.server.baseUrl, DEMO.doctor.phone);
  const context = await freshContext();
  try {
    const fullApp = await holdRequests(context, FULL_APP_CHUNK);
    const page = await context.newPage();
    await submitSignIn(page, DEMO.doctor.phone, DEMO.password);
    await eventually(async () => (await databasesOf(page, userId)).length > 0, 'the doctor’s database created', 30_000);
    assert.ok(fullApp.count() > 0, 'the full app’s code is still on its way');
    assert.equal(await page.getByTestId('connectivity').count(), 0, 'the full app has not started');
    assert.equal(await openings(page), 1);

    await fullApp.release();
    await page.getByTestId('connectivity').waitFor({ timeout: 30_000 });
    await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 60_000 });
    assert.equal(await openings(page), 1, 'the full app used the database opened at sign-in, it did not open it again');
  } finally {
    await context.close();
  }
});

test('a one-time password: no database opens until the person has set their own password, then theirs opens', async () => {
  const manager = await apiSession(stand.server.baseUrl, DEMO.manager.phone);
  const phone = '+79000000077';
  const since = Date.now();
  const created = await fetch(`${stand.server.baseUrl}/api/admin/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${manager.token}` },
    body: JSON.stringify({ role: 'doctor', fullName: 'Орлова Анна Сергеевна', phone, specialties: [SPECIALTIES[0]!.code] }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id: userId } = (await created.json()) as { id: string };
  const oneTime = oneTimePasswordOf((await waitForSms(stand.server.baseUrl, phone, 'credentials', since)).text);

  const context = await freshContext();
  try {
    const page = await context.newPage();
    await submitSignIn(page, phone, oneTime);
    await page.waitForURL('**/onboarding/password', { timeout: 30_000 });
    assert.deepEqual(await databasesOf(page, userId), [], 'nothing of the person on the device before the new password');
    assert.equal(await openings(page), 0);

    await page.getByLabel('Новый пароль', { exact: true }).fill('orlova-own-password');
    await page.getByLabel('Повторите пароль', { exact: true }).fill('orlova-own-password');
    await page.getByRole('button', { name: 'Сохранить пароль и продолжить' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/onboarding'), { timeout: 30_000 });
    await eventually(async () => (await databasesOf(page, userId)).length > 0, 'the person’s database opened after the new password', 30_000);
    assert.equal(await openings(page), 1);
  } finally {
    await context.close();
  }
});
