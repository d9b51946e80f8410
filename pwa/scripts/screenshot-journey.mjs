// Walks the patient/doctor journey against a running server (BASE, default :8301) and saves
// screenshots (SIZE=phone|desktop) to OUT (default docs/screenshots). A looking aid, not a test.
import { chromium } from 'playwright-core';
const BASE = process.env.BASE ?? 'http://127.0.0.1:8301';
const OUT = process.env.OUT ?? 'docs/screenshots';
const size = process.env.SIZE === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 800 };
const tag = process.env.SIZE === 'phone' ? 'phone' : 'desktop';
import { mkdirSync } from 'node:fs';
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=ru-RU'] });
const log = (...a) => console.log(new Date().toISOString().slice(11, 23), ...a);
async function newPage() {
  const context = await browser.newContext({ viewport: size, locale: 'ru-RU', timezoneId: 'Asia/Novosibirsk', deviceScaleFactor: 1, isMobile: tag === 'phone', hasTouch: tag === 'phone' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log('console', m.type(), m.text().slice(0, 300)); });
  page.on('pageerror', (e) => log('pageerror', e.message));
  page.on('requestfailed', (r) => log('requestfailed', r.url().slice(0, 120), r.failure()?.errorText));
  return { context, page };
}
async function signIn(page, phone) {
  await page.goto(BASE + '/');
  await page.waitForURL('**/sign-in');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill('oblako-demo');
  await page.getByRole('button', { name: 'Войти' }).click();
}
const shot = (page, name) => page.screenshot({ path: `${OUT}/${name}-${tag}.png` });

const { context, page } = await newPage();
await page.goto(BASE + '/');
await page.waitForURL('**/sign-in');
await page.waitForTimeout(500);
await shot(page, 'sign-in');
// wrong password
await page.getByLabel('Номер телефона').fill('8 900 000 00 01');
await page.getByLabel('Пароль', { exact: true }).fill('wrong-password');
await page.getByRole('button', { name: 'Войти' }).click();
await page.getByTestId('sign-in-error').waitFor();
log('error text:', await page.getByTestId('sign-in-error').textContent());
await shot(page, 'sign-in-error');
await page.getByLabel('Пароль', { exact: true }).fill('oblako-demo');
await page.getByRole('button', { name: 'Войти' }).click();
await page.waitForURL('**/profile');
await page.waitForTimeout(1500);
log('status:', await page.getByTestId('connectivity').textContent(), '|', await page.getByTestId('sync-status').textContent());
log('fullName value:', await page.getByLabel('ФИО').inputValue());
await shot(page, 'profile');
await page.getByLabel('ФИО').fill('Иванова Мария Петровна');
await page.getByLabel('Дата рождения').fill('1985-04-12');
await page.getByLabel('Регион').fill('Томская область');
await page.getByLabel('Часовой пояс').click();
await page.getByRole('option', { name: /Омск/ }).click();
await page.getByLabel('Контактный телефон').fill('8 (913) 555-12-34');
await page.getByRole('button', { name: 'Сохранить' }).click();
await page.waitForTimeout(1500);
log('after save:', await page.getByTestId('sync-status').textContent());
await shot(page, 'profile-saved');
// validation errors
await page.getByLabel('ФИО').fill('');
await page.getByLabel('Дата рождения').fill('2999-01-01');
await page.getByLabel('Контактный телефон').fill('12');
await page.getByRole('button', { name: 'Сохранить' }).click();
await page.waitForTimeout(500);
await shot(page, 'profile-errors');
log('errors:', await page.locator('mat-error').allTextContents());
await page.reload();
await page.waitForTimeout(1500);
const sw = await page.evaluate(async () => ({ controlled: !!navigator.serviceWorker.controller, state: await (await fetch('/ngsw/state')).text().catch(() => 'n/a') }));
log('sw controlled:', sw.controlled, sw.state.slice(0, 200));
// offline
await context.setOffline(true);
await page.reload();
await page.waitForTimeout(2000);
log('offline url:', page.url(), 'status:', await page.getByTestId('connectivity').textContent());
await page.getByLabel('Регион').fill('Новосибирская область');
await page.getByRole('button', { name: 'Сохранить' }).click();
await page.waitForTimeout(1000);
log('offline after save:', await page.getByTestId('sync-status').textContent());
await shot(page, 'offline');
await context.setOffline(false);
await page.waitForTimeout(6000);
log('back online:', await page.getByTestId('connectivity').textContent(), '|', await page.getByTestId('sync-status').textContent());

// doctor
const doctor = await newPage();
await signIn(doctor.page, '+7 900 000-00-03');
await doctor.page.waitForURL('**/profile/patients');
await doctor.page.waitForTimeout(2500);
await shot(doctor.page, 'patients');
const rows = await doctor.page.getByTestId('patient-row').count();
log('doctor rows:', rows);
if (rows > 0) {
  await doctor.page.getByTestId('patient-row').first().click();
  await doctor.page.waitForTimeout(1000);
  await shot(doctor.page, 'patient-detail');
}
await browser.close();
