/**
 * Screenshots of the patient's «Главная» and «Аккаунт и безопасность» (not part of `npm test`),
 * Russian, phone 390×844 and desktop 1366×900, the patient's device in Vladivostok, into
 * docs/screenshots/home-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/home.ts
 *
 * Starts its own demo server (fresh data): the demo manager imports a referral for a new
 * patient, who signs in with the SMS password (first sign-in: own password, consent, «Главная»
 * with the time-zone question and the referral); then documents and a consultation in the next
 * minutes are made through the real APIs (the join button shows), then the account page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO, apiSession, signIn } from '../support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from '../support/browser';
import { eventually } from '../support/eventually';
import { oneTimePasswordOf, waitForSms } from '../support/outbox';
import { startServer } from '../support/server';
import { scheduledConsultation } from '../support/video';
import { addDocument, payload, waitForFileState } from '../support/documents';
import { makePng } from '../fixtures/medical-files';
import { OUT, SIZES } from './shots';

const PATIENT = { name: 'Ким Светлана Олеговна', phone: '+79146667788', typed: '8 (914) 666-77-88', password: 'kim-own-secret-1' };

async function shot(page: Page, screen: string, prefix = 'home'): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    // Layout settles (breakpoint observers, fonts) before the picture.
    await page.waitForTimeout(800);
    const path = join(OUT, `${prefix}-${screen}-${size}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(path);
  }
  await page.setViewportSize(SIZES.phone);
}

async function referralTable(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Декабрь');
  sheet.addRow(['ФИО пациента', 'Дата рождения', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая МО', 'Лечащий врач', 'Профиль консультации']);
  sheet.addRow([PATIENT.name, '03.09.1978', PATIENT.typed, 'Гипертоническая болезнь II стадии, риск 3', 'I11.9', 'ГБУЗ «Краевая клиническая больница № 2», Владивосток', 'Пак Игорь Васильевич', 'Кардиология']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  // The manager imports the referral.
  const managerContext = await newContext(browser, server.baseUrl, DESKTOP);
  const manager = await managerContext.newPage();
  await signIn(manager, DEMO.manager.phone);
  await manager.goto('/admin/import');
  await manager.getByTestId('file-input').setInputFiles({
    name: 'направления_декабрь.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await referralTable(),
  });
  await manager.getByTestId('preview').waitFor({ timeout: 30_000 });
  await manager.getByTestId('commit').click();
  await manager.getByTestId('confirm').click();
  await manager.waitForURL('**/admin/import/reports/**', { timeout: 30_000 });
  await managerContext.close();

  // The patient's first sign-in on a phone in Vladivostok.
  const sms = await waitForSms(server.baseUrl, PATIENT.phone, 'credentials');
  const context = await newContext(browser, server.baseUrl, PHONE, 'Asia/Vladivostok');
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Номер телефона').fill(PATIENT.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(oneTimePasswordOf(sms.text));
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/onboarding/password', { timeout: 20_000 });
  await page.getByLabel('Новый пароль', { exact: true }).fill(PATIENT.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(PATIENT.password);
  await page.getByRole('button', { name: 'Сохранить пароль и продолжить' }).click();
  await page.waitForURL('**/onboarding/consent', { timeout: 20_000 });
  await page.getByTestId('consent-checkbox').locator('input').check();
  await page.getByRole('button', { name: 'Даю согласие' }).click();
  await page.waitForURL('**/home', { timeout: 20_000 });
  await page.getByTestId('home-referral').waitFor({ timeout: 20_000 });
  await page.getByTestId('home-zone-question').waitFor({ timeout: 20_000 });
  await shot(page, 'first-sign-in');

  await page.getByTestId('zone-other').click();
  await page.getByTestId('zone-select').waitFor();
  await shot(page, 'zone-other');
  await page.reload();
  await page.getByTestId('home-zone-question').waitFor();
  await page.getByTestId('zone-yes').click();
  await page.getByTestId('home-zone-question').waitFor({ state: 'detached' });

  // Documents and a consultation in the next minutes, through the real APIs.
  const patient = await apiSession(server.baseUrl, PATIENT.phone, PATIENT.password);
  const doctor = await apiSession(server.baseUrl, DEMO.doctor.phone);
  await scheduledConsultation(server.baseUrl, patient, doctor);
  await eventually(async () => (await page.getByTestId('home-step').getAttribute('data-step')) === 'consultation', 'the consultation on «Главная»', 30_000);
  await page.getByTestId('home-join-video').waitFor({ timeout: 20_000 });
  await shot(page, 'scheduled');

  // A discharge summary photographed page by page opens as one document with pages.
  const pages = [1, 2, 3].map((n) => payload(`выписка-стр-${n}.png`, 'image/png', makePng(48 + n * 16)));
  await page.goto('/documents');
  await addDocument(page, { type: 'Выписка', note: 'Выписка из стационара, 3 страницы', files: pages });
  for (const file of pages) await waitForFileState(page, file.name, 'uploaded');
  const summary = page.getByTestId('document').filter({ hasText: 'Выписка из стационара' });
  await summary.getByTestId('open-file').nth(1).click();
  await page.getByTestId('image-page').waitFor({ timeout: 20_000 });
  await summary.scrollIntoViewIfNeeded();
  await shot(page, 'pages', 'documents');
  // Deleting asks first, the confirming button in the error colour; the answer here is «Отмена».
  await summary.getByTestId('delete-document').click();
  await page.getByRole('dialog').getByText('Удалить документ и все его файлы?').waitFor();
  await shot(page, 'delete-confirm', 'documents');
  await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  // The account menu and page.
  await page.setViewportSize(SIZES.desktop);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Аккаунт и безопасность' }).waitFor();
  await page.screenshot({ path: join(OUT, 'home-account-menu-desktop.png') });
  console.log(join(OUT, 'home-account-menu-desktop.png'));
  await page.getByRole('menuitem', { name: 'Аккаунт и безопасность' }).click();
  await page.waitForURL('**/home/account');
  await page.getByTestId('consent-state').waitFor({ timeout: 20_000 });
  await shot(page, 'account');
  await page.getByTestId('consent-withdraw').click();
  await page.getByTestId('confirm-effects').waitFor();
  await shot(page, 'account-withdraw');
} finally {
  await browser.close();
  await server.stop();
}
