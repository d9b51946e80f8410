/**
 * Journey of a fresh production installation (issue 12): the server runs in production mode on
 * an empty store; the installer creates the first manager with `npm run manage -- create-manager`;
 * the manager signs in with the printed one-time password, sets their own, opens «Сотрудники»
 * and adds a doctor; the doctor signs in with the password from the SMS, sets their own and sees
 * «Новые пациенты». The manager deactivates the doctor, and the doctor's open tab is signed out.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { oneTimePasswordOf } from './support/outbox';
import { ROOT, startServer, type RunningServer } from './support/server';

const JWT_SECRET = randomBytes(32).toString('base64url');
const MANAGER = { name: 'Белова Ирина Сергеевна', phone: '+79161234500', password: 'belova-own-pass-1' };
const DOCTOR = { name: 'Орлов Пётр Андреевич', phone: '+79161234501', shown: '+7 916 123-45-01', password: 'orlov-own-pass-1' };

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer({ OBLAKO_MODE: 'production', JWT_SECRET });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** `npm run manage -- …` against the running server's data directory, as the installer types it. */
function manage(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'manage', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, OBLAKO_MODE: 'production', JWT_SECRET, DATA_DIR: server.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Sign-in with a one-time password, then the forced change to one's own. */
async function firstSignIn(page: Page, phone: string, oneTime: string, own: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(oneTime);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/onboarding/password', { timeout: 30_000 });
  await page.getByLabel('Новый пароль', { exact: true }).fill(own);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(own);
  await page.getByRole('button', { name: 'Сохранить пароль и продолжить' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/onboarding'), { timeout: 30_000 });
}

test('first manager from the command line, a doctor added in «Сотрудники», deactivated, signed out', async () => {
  // The production server started with an empty store: nobody can sign in yet.
  const nobody = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: MANAGER.phone, password: 'oblako-demo' }),
  });
  assert.equal(nobody.status, 401);

  const created = await manage(['create-manager', '--phone', MANAGER.phone, '--name', MANAGER.name]);
  assert.equal(created.code, 0, created.stderr);
  const managerOneTime = /временный пароль:\s+(\S+)/.exec(created.stdout)?.[1];
  assert.ok(managerOneTime, created.stdout);
  const twice = await manage(['create-manager', '--phone', MANAGER.phone, '--name', MANAGER.name]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /Этот номер уже принадлежит/);

  const managerContext = await newContext(browser, server.baseUrl, DESKTOP);
  const manager = await managerContext.newPage();
  await firstSignIn(manager, MANAGER.phone, managerOneTime, MANAGER.password);

  // «Сотрудники» is in the manager's navigation; the first manager is listed.
  await manager.getByRole('link', { name: 'Сотрудники' }).first().click();
  await manager.waitForURL('**/admin/staff');
  await manager.getByTestId('staff-row').filter({ hasText: MANAGER.name }).waitFor();

  // Add a doctor: a missing specialty is named before anything is sent.
  await manager.getByTestId('staff-add').click();
  await manager.getByTestId('staff-name').fill(DOCTOR.name);
  await manager.getByTestId('staff-phone').fill('8 916 123-45-01');
  await manager.getByTestId('staff-save').click();
  await manager.getByText('Выберите хотя бы одну специальность врача.').waitFor();
  await manager.getByTestId('staff-specialties').click();
  await manager.getByRole('option', { name: 'Кардиология' }).click();
  await manager.keyboard.press('Escape');
  await manager.getByTestId('staff-zone').click();
  await manager.getByRole('option', { name: /Екатеринбург/ }).click();
  await manager.getByTestId('staff-save').click();
  const doctorRow = manager.getByTestId('staff-row').filter({ hasText: DOCTOR.name });
  await doctorRow.waitFor();
  assert.match(await doctorRow.innerText(), /Кардиология/);
  assert.ok((await doctorRow.innerText()).includes(DOCTOR.shown));
  assert.match(await doctorRow.innerText(), /Екатеринбург/);

  // The same phone again: refused by the server, in Russian, under the phone field.
  await manager.getByTestId('staff-add').click();
  await manager.getByTestId('staff-role-manager').click();
  await manager.getByTestId('staff-name').fill('Двойник Пётр');
  await manager.getByTestId('staff-phone').fill(DOCTOR.phone);
  await manager.getByTestId('staff-save').click();
  await manager.getByTestId('staff-phone-problem').filter({ hasText: 'Этот номер уже принадлежит пациенту или сотруднику' }).waitFor();
  await manager.keyboard.press('Escape');

  // The SMS the doctor receives (the outbox: nothing leaves this machine), as the manager sees it in «SMS».
  await manager.goto('/admin/sms');
  const sms = manager.getByTestId('sms-message').filter({ hasText: DOCTOR.shown });
  await eventually(async () => /временный пароль/.test(await sms.first().innerText().catch(() => '')), 'the doctor\'s credentials SMS', 30_000);
  const doctorOneTime = oneTimePasswordOf(await sms.first().innerText());

  // The doctor signs in on a phone, sets a password and sees «Новые пациенты».
  const doctorContext = await newContext(browser, server.baseUrl, PHONE, 'Asia/Yekaterinburg');
  const doctor = await doctorContext.newPage();
  await firstSignIn(doctor, DOCTOR.phone, doctorOneTime, DOCTOR.password);
  await doctor.goto('/consultations/queue');
  await doctor.getByRole('heading', { name: 'Новые пациенты' }).waitFor({ timeout: 30_000 });

  // The manager deactivates the doctor …
  await manager.goto('/admin/staff');
  await doctorRow.getByTestId('staff-deactivate').click();
  await manager.getByTestId('confirm').click();
  await manager.getByTestId('staff-holdings').waitFor();
  assert.match(await manager.getByTestId('staff-holdings').innerText(), /не осталось ни пациентов, ни консультаций/);
  await eventually(async () => /Отключён/.test(await doctorRow.innerText()), 'the doctor shown as deactivated');
  const log = manager.getByTestId('staff-audit-entry');
  await eventually(async () => (await log.allInnerTexts()).some((line) => line.includes(`отключил(а) сотрудника ${DOCTOR.name}`) && line.includes(MANAGER.name)), 'the deactivation in the change log');
  assert.ok((await log.allInnerTexts()).some((line) => line.includes('Установщик (командная строка)') && line.includes(MANAGER.name)));

  // … and the doctor's open tab is signed out without the doctor doing anything: its next
  // replication request is refused. That request comes when the waiting longpoll ends — at once
  // with issue 11's session work (account changes wake waiting longpolls), else within its
  // wait of at most a minute; hence the generous bound.
  await doctor.getByRole('button', { name: 'Войти' }).waitFor({ timeout: 120_000 });
  const again = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: DOCTOR.phone, password: DOCTOR.password }),
  });
  assert.equal(again.status, 403);
  assert.equal(((await again.json()) as { code: string }).code, 'account_disabled');

  await managerContext.close();
  await doctorContext.close();
});
