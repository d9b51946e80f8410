/**
 * Journey of a manager after a bigger import (issue 13): 300 patients imported through the real
 * import API; the manager signs in, opens «Пациенты по этапам» and gets the first page from the
 * server (the device holds no patient data: nothing of theirs is replicated), turns to the next
 * page and back, searches one patient by phone, lists only the registered ones, and is told
 * «Нет связи» when the network goes. «Доступы пациентов» shows one page and adds the next.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO, apiSession, signIn } from './support/app';
import { DESKTOP, launchBrowser, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { startServer, type RunningServer } from './support/server';

const PATIENTS = 300;
let server: RunningServer;
let browser: Browser;

function table(count: number): string {
  const letters = 'абвгдежзиклмнопрстуфхцчшэюя';
  const lines = ['ФИО;Дата рождения;Телефон;Диагноз;Код МКБ-10;Направившая МО;Лечащий врач;Профиль консультации'];
  for (let n = 0; n < count; n++) {
    const digits = String(10_000_000 + n);
    lines.push(`Пациентова Анна ${letters[n % 27]}${letters[Math.floor(n / 27) % 27]}овна;${String((n % 28) + 1).padStart(2, '0')}.0${(n % 9) + 1}.1960;+7 902 ${digits.slice(1, 4)} ${digits.slice(4)};Гипертоническая болезнь;I10;ГБУЗ «ЦРБ»;Петров П. П.;Кардиология`);
  }
  return lines.join('\r\n');
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { token } = await apiSession(server.baseUrl, DEMO.manager.phone);
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const text = await response.text();
    assert.equal(response.status, 200, `${path}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const preview = await post('/api/admin/imports/previews', { files: [{ name: 'направления.csv', contentBase64: Buffer.from(table(PATIENTS)).toString('base64') }] });
  const report = await post('/api/admin/imports/commits', { previewId: preview['previewId'], excludedRows: [] });
  assert.equal((report['counts'] as { createdPatients: number }).createdPatients, PATIENTS);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the manager pages, searches and filters 300+ patients from the server, and is told when the network is gone', async () => {
  const context = await newContext(browser, server.baseUrl, DESKTOP);
  const page = await context.newPage();
  // Every replication request the manager's device makes: none may be for patients' data.
  const pulled = new Set<string>();
  page.on('request', (request) => {
    const match = /\/sync\/([a-z_]+)\//.exec(new URL(request.url()).pathname);
    if (match) pulled.add(match[1]!);
  });
  await signIn(page, DEMO.manager.phone);
  await page.getByRole('link', { name: 'Пациенты по этапам' }).first().click();
  const rows = page.getByTestId('stage-row');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.equal(await rows.count(), 25, 'the first page of 25');
  const count = page.getByTestId('stages-count');
  await eventually(async () => /Найдено: 30\d из 30\d/.test(await count.innerText()), 'all patients counted by the server');
  assert.match(await page.getByTestId('stages-online-only').innerText(), /только при подключении к сети/);

  const firstPage = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-patient-id')));
  await page.getByRole('button', { name: 'Следующая страница' }).click();
  await eventually(async () => (await rows.first().getAttribute('data-patient-id')) !== firstPage[0], 'the second page');
  const secondPage = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-patient-id')));
  assert.equal(secondPage.length, 25);
  assert.deepEqual(secondPage.filter((id) => firstPage.includes(id)), [], 'no patient on both pages');
  await page.getByRole('button', { name: 'Предыдущая страница' }).click();
  await eventually(async () => (await rows.first().getAttribute('data-patient-id')) === firstPage[0], 'back on the first page');

  // Search by the phone as a person types it (8 instead of +7).
  await page.getByTestId('stages-search').fill('8 902 000 01 17');
  await eventually(async () => (await rows.count()) === 1, 'one patient found');
  assert.match(await rows.first().innerText(), /\+7 902 000-01-17/);
  await page.getByTestId('stages-search').fill('');
  await eventually(async () => (await rows.count()) === 25, 'the whole list again');

  await page.locator('mat-chip-option[data-stage="ready"]').click();
  await eventually(async () => (await page.getByText('Нет пациентов на выбранных этапах.').count()) === 1, 'nobody is ready yet');
  await page.locator('mat-chip-option[data-stage="ready"]').click();
  await eventually(async () => (await rows.count()) === 25, 'every stage again');

  // «Доступы пациентов»: one page of 50 by name, «Показать ещё» adds the next.
  await page.getByRole('link', { name: 'Доступы пациентов' }).first().click();
  const credentials = page.getByTestId('credentials-row');
  await eventually(async () => (await credentials.count()) === 50, 'the first 50 credentials');
  await page.getByTestId('credentials-more').click();
  await eventually(async () => (await credentials.count()) === 100, 'the next 50 added');

  const notPatientData = [...pulled].filter((collection) => !['notifications'].includes(collection));
  assert.deepEqual(notPatientData, [], `the manager's device replicated ${[...pulled].join(', ')}`);

  await page.getByRole('link', { name: 'Пациенты по этапам' }).first().click();
  await rows.first().waitFor();
  await context.setOffline(true);
  await page.getByTestId('stages-refresh').click();
  await page.getByTestId('stages-offline').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('stages-offline').innerText(), /Нет связи/);
  await context.close();
});
