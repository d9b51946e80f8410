/**
 * Screenshots of the forms with date and time fields (not part of `npm test`), the app in
 * Russian in a browser set to English (en-US: a native date input would show mm/dd/yyyy and
 * AM/PM there), phone 390×844 and desktop 1366×900, each with its picker open, into
 * docs/screenshots/forms-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/forms.ts
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO, signIn } from '../support/app';
import { launchBrowser } from '../support/browser';
import { codeOf, waitForSms } from '../support/outbox';
import { startServer } from '../support/server';
import { OUT } from './shots';

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const;

async function open(browser: Browser, baseURL: string, size: keyof typeof SIZES): Promise<Page> {
  const context = await browser.newContext({ ...SIZES[size], baseURL, locale: 'en-US', timezoneId: 'Asia/Vladivostok' });
  return context.newPage();
}

async function shot(page: Page, screen: string, size: string): Promise<void> {
  // The picker's opening animation has ended.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const path = join(OUT, `forms-${screen}-${size}.png`);
  await page.screenshot({ path });
  console.log(path);
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
    // Registration: the birth date typed by hand, then the calendar opened on it.
    const newcomer = await open(browser, server.baseUrl, size);
    const phone = size === 'phone' ? '+79139990021' : '+79139990022';
    await newcomer.goto('/register');
    const since = Date.now() - 1_000;
    await newcomer.getByLabel('Номер телефона').fill(phone);
    await newcomer.getByRole('button', { name: 'Получить код' }).click();
    await newcomer.getByTestId('code-input').fill(codeOf((await waitForSms(server.baseUrl, phone, 'registration_code', since)).text));
    await newcomer.getByTestId('details-step').waitFor();
    await newcomer.getByLabel('Фамилия, имя, отчество').fill('Новикова Ирина Сергеевна');
    await newcomer.getByLabel('Дата рождения').fill('31.02.1979');
    await newcomer.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await shot(newcomer, 'register-birth-date-error', size);
    await newcomer.getByLabel('Дата рождения').fill('08.03.1979');
    await newcomer.getByRole('button', { name: 'Открыть календарь' }).click();
    await newcomer.locator('mat-calendar').waitFor();
    await shot(newcomer, 'register-birth-date', size);
    await newcomer.context().close();

    // The patient's profile and a new document.
    const patient = await open(browser, server.baseUrl, size);
    await signIn(patient, DEMO.patient.phone);
    await patient.goto('/profile');
    await patient.getByTestId('profile-form').waitFor();
    await patient.getByRole('button', { name: 'Открыть календарь' }).click();
    await patient.locator('mat-calendar').waitFor();
    await shot(patient, 'profile-birth-date', size);
    await patient.goto('/documents/new');
    await patient.getByTestId('document-form').waitFor();
    await patient.getByRole('button', { name: 'Открыть календарь' }).click();
    await patient.locator('mat-calendar').waitFor();
    await shot(patient, 'document-date', size);
    await patient.context().close();

    // The doctor's calendar: a working day's end (up to 24:00), then a day off.
    const doctor = await open(browser, server.baseUrl, size);
    await signIn(doctor, DEMO.doctor.phone);
    await doctor.goto('/consultations/settings');
    await doctor.locator('form[data-stored="true"]').waitFor({ timeout: 30_000 });
    await shot(doctor, 'calendar', size);
    await doctor.getByTestId('day-mon').getByTestId('interval-end').first().click();
    await doctor.locator('.mat-timepicker-panel').waitFor();
    await shot(doctor, 'calendar-time', size);
    await doctor.keyboard.press('Escape');
    await doctor.getByTestId('dayoff-input').scrollIntoViewIfNeeded();
    await doctor.getByRole('button', { name: 'Открыть календарь' }).click();
    await doctor.locator('mat-calendar').waitFor();
    await shot(doctor, 'calendar-day-off', size);
    await doctor.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
