/**
 * Journey of self-registration: from the sign-in page to the cabinet on a phone — the number,
 * the SMS code (a wrong one first), about you and a password, the consent. A number that is
 * already registered is told so only after the code, with the way to sign in or to set a new
 * password without a second SMS. «Забыли пароль?» restores the password by SMS code too.
 * SMS codes are read from the demo outbox through the manager's API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO, apiSession, waitForField } from './support/app';
import { PHONE, newContext } from './support/browser';
import { codeOf, waitForSms } from './support/outbox';
import { useStand } from './support/stand';

const stand = useStand();

const NEWCOMER = { phone: '+79139990011', typed: '8 913 999-00-11', name: 'Новикова Ирина Сергеевна', password: 'irina-secret-1' };

/** The phone step and the code step of either flow; returns once the code is accepted. */
async function provePhone(page: Page, typed: string, e164: string, purpose: 'registration_code' | 'restore_code', wrongFirst = false): Promise<void> {
  const since = Date.now() - 1_000;
  await page.getByLabel('Номер телефона').fill(typed);
  await page.getByRole('button', { name: 'Получить код' }).click();
  await page.getByTestId('code-step').waitFor();
  const code = codeOf((await waitForSms(stand.server.baseUrl, e164, purpose, since)).text);
  const input = page.getByTestId('code-input');
  assert.equal(await input.getAttribute('inputmode'), 'numeric');
  assert.equal(await input.getAttribute('autocomplete'), 'one-time-code');
  assert.match(await page.getByTestId('resend').innerText(), /Новый код можно запросить через \d:\d\d/);
  if (wrongFirst) {
    await input.fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('verification-error').waitFor();
    assert.equal(await page.getByTestId('verification-error').innerText(), 'Неверный код.');
    assert.equal(await page.getByTestId('code-facts').innerText(), 'Осталось попыток: 4');
  }
  // Six digits are checked as soon as they are there, no button needed.
  await input.fill(code);
}

test('a newcomer registers on a phone: number, SMS code, about you, consent, cabinet', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Регистрация' }).click();
  await page.waitForURL('**/register');

  await provePhone(page, NEWCOMER.typed, NEWCOMER.phone, 'registration_code', true);
  const details = page.getByTestId('details-step');
  await details.waitFor();
  assert.match(await details.innerText(), /Номер \+7\s913\s999.00.11 подтверждён/);

  // Mistakes are named before anything is sent.
  await page.getByLabel('Дата рождения').fill('01.01.2999');
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  const errors = await page.locator('mat-error').allInnerTexts();
  assert.ok(errors.includes('Укажите фамилию, имя и отчество.'), errors.join(' | '));
  assert.ok(errors.includes('Дата рождения не может быть в будущем.'), errors.join(' | '));

  await page.getByLabel('Фамилия, имя, отчество').fill(NEWCOMER.name);
  await page.getByLabel('Дата рождения').fill('08.03.1979');
  await page.getByLabel('Регион').fill('Новосибирская область');
  await page.getByLabel('Часовой пояс').click();
  await page.getByRole('option', { name: /Красноярск/ }).click();
  await page.getByLabel('Пароль', { exact: true }).fill(NEWCOMER.password);
  await page.getByLabel('Повторите пароль').fill(NEWCOMER.password);
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();

  // Signed in; the consent comes before the cabinet.
  await page.waitForURL('**/onboarding/consent', { timeout: 20_000 });
  await page.getByTestId('consent-checkbox').locator('input').check();
  await page.getByRole('button', { name: 'Даю согласие' }).click();
  // Registration ends on «Главная», which says the one next step.
  await page.waitForURL('**/home', { timeout: 20_000 });
  await page.locator('[data-testid=home-step][data-step=upload_conclusion]').waitFor({ timeout: 20_000 });
  await page.goto('/profile');
  await waitForField(page, 'ФИО', NEWCOMER.name, 20_000);
  await waitForField(page, 'Регион', 'Новосибирская область');

  // The account is real: the password works and the consent is on record.
  const session = await apiSession(stand.server.baseUrl, NEWCOMER.phone, NEWCOMER.password);
  const consent = (await (await fetch(`${stand.server.baseUrl}/api/consent`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as { accepted: boolean };
  assert.equal(consent.accepted, true);
  await context.close();
});

test('a registered number is told after the code: sign in, or set a new password without a second SMS', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  await page.goto('/register');
  await provePhone(page, DEMO.secondPatient.phone, DEMO.secondPatient.phone, 'registration_code');

  const panel = page.getByTestId('already-registered');
  await panel.waitFor();
  assert.match(await panel.innerText(), /Этот номер уже зарегистрирован\. Войдите или восстановите пароль\./);
  assert.equal(await panel.getByRole('link', { name: 'Войти' }).getAttribute('href'), '/sign-in');

  await panel.getByRole('button', { name: 'Восстановить пароль' }).click();
  await page.waitForURL('**/register/restore');
  await page.getByTestId('restore-password-step').waitFor();
  await page.getByLabel('Новый пароль', { exact: true }).fill('petrov-new-secret');
  await page.getByLabel('Повторите пароль').fill('petrov-new-secret');
  await page.getByRole('button', { name: 'Сохранить пароль и войти' }).click();
  // Signed in; this demo patient has not consented yet.
  await page.waitForURL('**/onboarding/consent', { timeout: 20_000 });

  const oldPassword = await fetch(`${stand.server.baseUrl}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: DEMO.secondPatient.phone, password: DEMO.password }),
  });
  assert.equal(oldPassword.status, 401);
  await apiSession(stand.server.baseUrl, DEMO.secondPatient.phone, 'petrov-new-secret');
  await context.close();
});

test('«Забыли пароль?» restores the password by SMS code and opens the cabinet', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, PHONE);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Забыли пароль?' }).click();
  await page.waitForURL('**/register/restore');
  await provePhone(page, DEMO.patient.phone, DEMO.patient.phone, 'restore_code');
  await page.getByTestId('restore-password-step').waitFor();
  await page.getByLabel('Новый пароль', { exact: true }).fill('ivanova-restored-2');
  await page.getByLabel('Повторите пароль').fill('ivanova-restored-2');
  await page.getByRole('button', { name: 'Сохранить пароль и войти' }).click();
  // Signed in: the consent (this demo patient has not given it yet), then the cabinet.
  await page.waitForURL('**/onboarding/consent', { timeout: 20_000 });
  await page.getByTestId('consent-checkbox').locator('input').check();
  await page.getByRole('button', { name: 'Даю согласие' }).click();
  await page.waitForURL('**/home', { timeout: 20_000 });
  await page.goto('/profile');
  await waitForField(page, 'ФИО', DEMO.patient.name, 20_000);
  await apiSession(stand.server.baseUrl, DEMO.patient.phone, 'ivanova-restored-2');
  await context.close();
});
