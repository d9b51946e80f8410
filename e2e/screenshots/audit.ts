/**
 * Screenshots of «Кто просматривал мои данные» and of the referral import's preview with a region
 * column (not part of `npm test`), Russian, phone 390×844 and desktop 1366×900, into
 * docs/screenshots/record-views-<phone|desktop>.png and import-region-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/audit.ts
 *
 * Starts its own demo server (fresh data): the patient (in Vladivostok) uploads two documents, the
 * demo doctor's device saves them for offline use, opens one online and reports two views of its
 * offline copy; the manager sees the patient in a list.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { makePdf } from '../fixtures/medical-files';
import { DEMO, apiSession, signIn } from '../support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from '../support/browser';
import { setProfileZone } from '../support/consultations';
import { addDocument, passConsentGate, payload, serverFileRecords, waitForFileState } from '../support/documents';
import { startServer } from '../support/server';
import { OUT, SIZES } from './shots';

async function shot(page: Page, screen: string, scrollTo?: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    // Layout settles (breakpoint observers, fonts) before the picture.
    await page.waitForTimeout(800);
    if (scrollTo) await page.getByTestId(scrollTo).first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    const path = join(OUT, `${screen}-${size}.png`);
    await page.screenshot({ path, fullPage: size === 'desktop' });
    console.log(path);
  }
}

async function regionTable(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Декабрь');
  sheet.addRow(['ФИО пациента', 'Дата рождения', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая МО', 'Субъект РФ']);
  sheet.addRow(['Ким Олег Сергеевич', '12.04.1965', '8 (914) 555-12-34', 'Гипертоническая болезнь', 'I10', 'ГБУЗ «Краевая больница № 2»', 'Приморский край']);
  sheet.addRow(['Егорова Нина Львовна', '03.09.1958', '+7 914 555-22-33', 'Сахарный диабет 2 типа', 'E11', 'Камчатская краевая больница', 'Камчатский край']);
  sheet.addRow(['Сафин Ринат Маратович', '21.11.1971', '+7 917 555-44-55', 'ИБС', 'I25.1', 'РКБ им. Куватова', 'Респ. Башкортостан']);
  sheet.addRow(['Белова Ирина Андреевна', '07.07.1980', '+7 911 555-66-77', 'Бронхиальная астма', 'J45', 'ОКБ', 'Калининградская обл.']);
  sheet.addRow(['Орлов Павел Юрьевич', '15.01.1955', '+7 913 555-88-99', 'ХОБЛ', 'J44', 'ЦРБ', 'Северо-Восток']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  // The patient, in Vladivostok, uploads a discharge summary and an MRI.
  const patientContext = await newContext(browser, server.baseUrl, PHONE, 'Asia/Vladivostok');
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, DEMO.patient.phone);
  await passConsentGate(patientPage);
  await setProfileZone(patientPage, 'Владивосток');
  await patientPage.goto('/documents');
  const discharge = payload('Выписка из стационара.pdf', 'application/pdf', makePdf('Выписка'));
  const mri = payload('МРТ головного мозга.pdf', 'application/pdf', makePdf('МРТ'));
  await addDocument(patientPage, { type: 'Выписка', files: [discharge] });
  await addDocument(patientPage, { type: 'МРТ', files: [mri] });
  for (const file of [discharge, mri]) await waitForFileState(patientPage, file.name, 'uploaded');

  // The doctor: the device saves both (not views), one is opened online, two views of the offline copy are reported later.
  const patient = await apiSession(server.baseUrl, DEMO.patient.phone);
  const doctor = await apiSession(server.baseUrl, DEMO.doctor.phone);
  const records = await serverFileRecords(server.baseUrl, doctor.token);
  const byName = (name: string) => records.find((record) => record.name === name)!;
  const auth = { authorization: `Bearer ${doctor.token}` };
  for (const record of records) {
    await (await fetch(`${server.baseUrl}/api/documents/files/${patient.userId}/${record.fileId}?purpose=offline-copy`, { headers: auth })).arrayBuffer();
  }
  await (await fetch(`${server.baseUrl}/api/documents/files/${patient.userId}/${byName(mri.name).fileId}`, { headers: auth })).arrayBuffer();
  for (const [name, minutesAgo] of [[discharge.name, 180], [discharge.name, 170], [mri.name, 26 * 60]] as const) {
    const response = await fetch(`${server.baseUrl}/api/audit/device-views`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId: patient.userId, fileId: byName(name).fileId, viewedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() }),
    });
    if (response.status !== 204) throw new Error(`device view: ${response.status}`);
  }
  // The manager sees the patient in «Доступы пациентов».
  const manager = await apiSession(server.baseUrl, DEMO.manager.phone);
  await (await fetch(`${server.baseUrl}/api/admin/credentials?limit=20`, { headers: { authorization: `Bearer ${manager.token}` } })).arrayBuffer();

  await patientPage.goto('/documents/views');
  await patientPage.getByTestId('record-view').first().waitFor({ timeout: 20_000 });
  await shot(patientPage, 'record-views');
  await patientContext.close();

  // The manager's import preview with a region column.
  const managerContext = await newContext(browser, server.baseUrl, DESKTOP);
  const managerPage = await managerContext.newPage();
  await signIn(managerPage, DEMO.manager.phone);
  await managerPage.goto('/admin/import');
  await managerPage.getByTestId('file-input').setInputFiles({
    name: 'направления_декабрь.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await regionTable(),
  });
  await managerPage.getByTestId('preview').waitFor({ timeout: 30_000 });
  await managerPage.getByTestId('row-region').first().waitFor();
  await shot(managerPage, 'import-region', 'preview-table');
  await managerContext.close();
} finally {
  await browser.close();
  await server.stop();
}
