/**
 * A doctor signs out and signs in again in the same tab, with no reload between (the sign-in form
 * the sign-out leads to, as on a shared computer or at the start of the next shift). The app's
 * lists share one live query of the device's documents (modules/documents/ui/lists/device-documents.ts);
 * it was kept across the sign-out and, subscribed to again, read the closed database of the session
 * before (RxDB's COL21): the patients list never came, until a reload. It must read the new one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn } from './support/app';
import { DESKTOP, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { useStandWithRecords } from './support/stand';

const RECORDS = 20;
const stand = useStandWithRecords(RECORDS);

test('signed out and in again in the same tab: the patients list and a patient’s page read the new session’s data', async () => {
  const { server, browser } = stand;
  const context = await newContext(browser, server.baseUrl, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    const row = page.getByTestId('patient-documents-row');
    await eventually(async () => (await row.innerText()).includes(`${RECORDS} документов`), 'the records counted on the patients list', 120_000);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Выйти' }).click();
    // The sign-in form the sign-out leads to: filled in place, no page load between.
    await page.getByLabel('Номер телефона').fill(server.info.doctorPhone);
    await page.getByLabel('Пароль', { exact: true }).fill(server.info.password);
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByTestId('connectivity').waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'Документы' }).first().click();
    await eventually(async () => (await row.innerText()).includes(`${RECORDS} документов`), 'the patients list after signing in again', 120_000);
    await row.click();
    await eventually(async () => (await page.getByTestId('document-count').innerText()).trim() === `${RECORDS} документов`, 'the patient’s documents after signing in again', 60_000);
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin), loads, 'the same page all along (no reload)');
    assert.deepEqual(errors.filter((message) => /COL21|closed/i.test(message)), [], 'no query of the closed database');
  } finally {
    await context.close();
  }
});
