/**
 * Journey of the foundation issue: a patient signs in, edits the profile, goes offline, reloads
 * (the service worker serves the app, the edit is still there), comes back online; the edit
 * reaches the server and shows up live on the patient's other open device. The second patient
 * sees none of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, newContext, waitForServiceWorker } from './support/browser';
import { DEMO, apiSession, fieldValue, readDocs, signIn, waitForField } from './support/app';
import { eventually } from './support/eventually';
import { useStand } from './support/stand';

const stand = useStand();

test('patient edits the profile offline, reloads, reconnects: the edit reaches the server and the other device live', async () => {
  const phoneContext = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const desktopContext = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const phone = await phoneContext.newPage();
  const desktop = await desktopContext.newPage();

  await signIn(phone, DEMO.patient.phone);
  await phone.goto('/profile');
  await waitForField(phone, 'ФИО', DEMO.patient.name);
  await waitForServiceWorker(phone);

  await signIn(desktop, DEMO.patient.phone);
  await desktop.goto('/profile');
  await waitForField(desktop, 'ФИО', DEMO.patient.name);

  // Offline on the phone: edit, save, see the change waiting.
  await phoneContext.setOffline(true);
  await eventually(async () => (await phone.getByTestId('connectivity').innerText()).includes('Нет сети'), 'offline indicator');
  await phone.getByLabel('Регион', { exact: true }).fill('Приморский край');
  await phone.getByLabel('ФИО', { exact: true }).fill('Иванова Мария Петровна (офлайн)');
  await phone.getByRole('button', { name: 'Сохранить' }).click();
  await eventually(async () => (await phone.getByTestId('sync-status').innerText()).includes('1 изменение ожидает отправки'), 'pending change shown');

  // Reload while offline: the service worker serves the app, the local database still has the edit.
  await phone.reload();
  await waitForField(phone, 'Регион', 'Приморский край', 20_000);
  assert.equal(await fieldValue(phone, 'ФИО'), 'Иванова Мария Петровна (офлайн)');
  // The app learns it is offline when its first request fails (`navigator.onLine` stays true under
  // the emulation), which may come after the form has been read from the device.
  await eventually(async () => /Нет сети/.test(await phone.getByTestId('connectivity').innerText()), 'offline indicator after the reload', 10_000);
  assert.match(await phone.getByTestId('sync-status').innerText(), /1 изменение ожидает отправки/);
  // Nothing reached the other device yet.
  assert.equal(await fieldValue(desktop, 'Регион'), '');

  // Back online: the edit goes out and arrives live on the desktop.
  const reconnectedAt = Date.now();
  await phoneContext.setOffline(false);
  await waitForField(desktop, 'Регион', 'Приморский край', 20_000);
  const liveMs = Date.now() - reconnectedAt;
  assert.equal(await fieldValue(desktop, 'ФИО'), 'Иванова Мария Петровна (офлайн)');
  console.log(`[e2e] reconnect → edit visible on the other device: ${liveMs} ms`);
  await eventually(async () => !(await phone.getByTestId('sync-status').innerText()).includes('ожида'), 'pending count back to zero');

  // The server holds the edit.
  const patient = await apiSession(stand.server.baseUrl, DEMO.patient.phone);
  const [row] = await readDocs(stand.server.baseUrl, patient.token, 'profiles', [`${patient.userId}:profile`]);
  assert.equal(row?.doc?.['region'], 'Приморский край');
  assert.equal(row?.doc?.['fullName'], 'Иванова Мария Петровна (офлайн)');

  // A second edit on the desktop (online) arrives live on the phone.
  const sentAt = Date.now();
  await desktop.getByLabel('Регион', { exact: true }).fill('Приморский край, Владивосток');
  await desktop.getByRole('button', { name: 'Сохранить' }).click();
  await waitForField(phone, 'Регион', 'Приморский край, Владивосток', 10_000);
  console.log(`[e2e] online edit → visible on the other device: ${Date.now() - sentAt} ms`);

  await phoneContext.close();
  await desktopContext.close();
});

test('the second patient sees only their own profile, in the app and through the API', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const page = await context.newPage();
  await signIn(page, DEMO.secondPatient.phone);
  await page.goto('/profile');
  await waitForField(page, 'ФИО', DEMO.secondPatient.name);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /Иванова|Приморский/);

  const first = await apiSession(stand.server.baseUrl, DEMO.patient.phone);
  const second = await apiSession(stand.server.baseUrl, DEMO.secondPatient.phone);
  const [row] = await readDocs(stand.server.baseUrl, second.token, 'profiles', [`${first.userId}:profile`]);
  assert.equal(row?.doc, undefined);
  assert.equal(row?.error, 'not_found');
  await context.close();
});

test('the assigned doctor sees the patient profile read-only; the unassigned patient is not listed', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const page = await context.newPage();
  await signIn(page, DEMO.doctor.phone);
  await page.goto('/profile/patients');
  await page.getByTestId('patient-row').filter({ hasText: DEMO.patient.name.split(' ')[0] }).first().click();
  const details = page.getByTestId('patient-profile');
  await eventually(async () => (await details.innerText()).includes('Приморский край'), 'patient region on the doctor device');
  await page.goto('/profile/patients');
  const rows = page.getByTestId('patient-row');
  await eventually(async () => (await rows.count()) > 0, 'the patient list after a reload');
  const listed = await rows.allInnerTexts();
  assert.equal(listed.length, 1, `only the assigned patient is listed, got ${JSON.stringify(listed)}`);
  assert.match(listed[0]!, /Иванова/);
  assert.doesNotMatch(listed.join('\n'), /Петров Алексей/);
  await context.close();
});
