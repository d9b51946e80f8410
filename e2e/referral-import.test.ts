/**
 * Journey of the referral import: the manager drops a two-sheet Excel table from a regional
 * hospital (a title row above the header, columns in another order on each sheet), sees the
 * rows with errors and why, leaves one row out, imports; the report shows what happened and the
 * credentials SMS in the outbox. The new patient signs in with the one-time password from that
 * SMS, must set their own password, gives consent and lands in the cabinet with the imported
 * name. Importing the same table again creates nobody. A patient cannot use the manager's API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO, apiSession, readDocs, signIn, waitForField } from './support/app';
import { DESKTOP, PHONE, newContext } from './support/browser';
import { eventually } from './support/eventually';
import { oneTimePasswordOf, outbox, waitForSms } from './support/outbox';
import { useStand } from './support/stand';

const stand = useStand();

const NEW_PATIENT = { name: 'Соколова Анна Игоревна', phone: '+79135551234', shown: '+7 913 555-12-34' };
const NEW_PASSWORD = 'sokolova-own-1';

/** What a regional hospital sends: two months on two sheets, each with a title above the header. */
async function referralTable(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const october = book.addWorksheet('Октябрь');
  october.addRow(['Направления на телеконсультацию, Томская ОКБ, октябрь 2026']);
  october.mergeCells('A1:F1');
  october.addRow(['ФИО пациента', 'Дата рождения', 'Телефон', 'Диагноз', 'Код МКБ-10', 'Направившая МО']);
  october.addRow([NEW_PATIENT.name, '12.04.1985', '8 (913) 555-12-34', 'Гипертоническая болезнь', 'I10', 'Томская ОКБ']);
  october.addRow(['Волков Пётр Андреевич', '31.02.1970', '+7 913 555-22-33', 'Сахарный диабет 2 типа', 'E11', 'Томская ОКБ']);
  october.addRow(['Морозова Елена Павловна', '01.01.1990', '8913abc', 'ХОБЛ', 'J44', 'Томская ОКБ']);
  const november = book.addWorksheet('Ноябрь');
  november.addRow(['Список направлений за ноябрь']);
  november.addRow([]);
  november.addRow(['№', 'Ф.И.О.', 'Дата рождения', 'Контактный телефон', 'Заболевание', 'МКБ-10', 'Лечащий врач']);
  // The same person as on «Октябрь», with another referral: one account, two referrals.
  november.addRow([1, NEW_PATIENT.name, new Date(Date.UTC(1985, 3, 12)), '+79135551234', 'Хроническая сердечная недостаточность', 'I50.9', 'Иванов И. И.']);
  november.addRow([2, 'Лебедев Олег Викторович', '05.06.1961', '+79135559900', 'Артроз коленного сустава', 'M17', 'Петрова А. А.']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(page: Page, table: Buffer): Promise<void> {
  await page.goto('/admin/import');
  await page.getByTestId('file-input').setInputFiles({
    name: 'направления_томск.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: table,
  });
  await page.getByTestId('preview').waitFor({ timeout: 30_000 });
}

function row(page: Page, name: string) {
  return page.getByTestId('preview-row').filter({ hasText: name });
}

test('the manager imports a two-sheet table; the new patient signs in with the SMS password, sets a password, consents, lands in the cabinet', async () => {
  const table = await referralTable();
  const managerContext = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const manager = await managerContext.newPage();
  await signIn(manager, DEMO.manager.phone);
  await upload(manager, table);

  // Both sheets are read, each from its own header row, whatever the column order.
  const sheets = await manager.getByTestId('preview-sheet').allInnerTexts();
  assert.equal(sheets.length, 2);
  assert.match(sheets[0]!, /Лист «Октябрь»[\s\S]*заголовки в строке 2/);
  assert.match(sheets[1]!, /Лист «Ноябрь»[\s\S]*заголовки в строке 3/);
  assert.match(sheets[1]!, /Не распознаны \(не импортируются\): №/);

  // Every row with its status and the reason in words.
  assert.match(await row(manager, 'Волков').innerText(), /Ошибка[\s\S]*Такой даты рождения не существует/);
  assert.match(await row(manager, 'Морозова').innerText(), /Ошибка[\s\S]*Неправильный номер телефона/);
  assert.match(await row(manager, 'Лебедев').innerText(), /Готово к импорту/);
  assert.equal(await manager.getByTestId('counters').innerText(), 'Строк: 5 · готово: 3 · с замечаниями: 0 · с ошибками: 2');
  assert.match(await manager.getByTestId('accounts').innerText(), /Новых пациентов: 2 .* направлений: 3/);

  // The manager leaves one row out: the counters follow at once.
  await row(manager, 'Лебедев').getByTestId('exclude-row').locator('input').check();
  await eventually(async () => (await manager.getByTestId('counters').innerText()).includes('исключено: 1'), 'the excluded row counted');
  assert.match(await manager.getByTestId('accounts').innerText(), /Новых пациентов: 1 .* направлений: 2/);

  await manager.getByTestId('commit').click();
  await manager.getByTestId('confirm').click();
  await manager.waitForURL('**/admin/import/reports/**', { timeout: 30_000 });
  assert.equal(await manager.getByTestId('count-created').innerText(), '1');
  assert.equal(await manager.getByTestId('count-rejected').innerText(), '2');
  assert.equal(await manager.getByTestId('count-excluded').innerText(), '1');

  // The credentials SMS: its state per patient in the report, its text in the outbox.
  const credentials = manager.getByTestId('credentials-row').filter({ hasText: NEW_PATIENT.name });
  await eventually(async () => (await credentials.getByTestId('sms-state').innerText()).includes('Отправлено'), 'the SMS sent (outbox)', 20_000);
  await manager.goto('/admin/sms');
  const message = manager.getByTestId('sms-message').filter({ hasText: NEW_PATIENT.shown });
  await message.waitFor();
  assert.match(await message.innerText(), /Доступ к кабинету[\s\S]*временный пароль/);
  assert.equal((await outbox(stand.server.baseUrl)).filter((m) => m.purpose === 'credentials').length, 1, 'one SMS for one new person');

  // The patient signs in with the one-time password from the SMS.
  const sms = await waitForSms(stand.server.baseUrl, NEW_PATIENT.phone, 'credentials');
  const patientContext = await newContext(stand.browser, stand.server.baseUrl, PHONE, 'Asia/Vladivostok');
  const patient = await patientContext.newPage();
  await patient.goto('/');
  await patient.getByLabel('Номер телефона').fill(NEW_PATIENT.phone);
  await patient.getByLabel('Пароль', { exact: true }).fill(oneTimePasswordOf(sms.text));
  await patient.getByRole('button', { name: 'Войти' }).click();

  // Nothing before a password of their own …
  await patient.waitForURL('**/onboarding/password', { timeout: 20_000 });
  await patient.goto('/profile');
  await patient.waitForURL('**/onboarding/password');
  await patient.getByLabel('Новый пароль', { exact: true }).fill(NEW_PASSWORD);
  await patient.getByLabel('Повторите пароль', { exact: true }).fill(NEW_PASSWORD);
  await patient.getByRole('button', { name: 'Сохранить пароль и продолжить' }).click();

  // … and nothing before the consent.
  await patient.waitForURL('**/onboarding/consent', { timeout: 20_000 });
  await patient.getByTestId('consent-text').waitFor();
  assert.match(await patient.getByTestId('consent-text').innerText(), /152-ФЗ/);
  await patient.getByTestId('consent-checkbox').locator('input').check();
  await patient.getByRole('button', { name: 'Даю согласие' }).click();

  // «Главная»: the next step and the referral as the table had it; then the profile with the name.
  await patient.waitForURL('**/home', { timeout: 20_000 });
  // Her two referrals (one per sheet), each with what the table said.
  const referral = patient.getByTestId('home-referral').filter({ hasText: 'I10' });
  await referral.waitFor({ timeout: 20_000 });
  assert.match(await referral.innerText(), /Гипертоническая болезнь[\s\S]*I10[\s\S]*Томская ОКБ/);
  await eventually(async () => (await patient.getByTestId('home-referral').count()) === 2, 'both referrals shown');
  assert.match(await patient.getByTestId('home-referral').filter({ hasText: 'I50.9' }).innerText(), /Хроническая сердечная недостаточность[\s\S]*Иванов И\. И\./);
  // The import put her in Moscow time; her phone is in Vladivostok: asked once, «Да» keeps it.
  const question = patient.getByTestId('home-zone-question');
  await question.waitFor({ timeout: 20_000 });
  assert.match(await question.innerText(), /Ваш часовой пояс — Владивосток\?/);
  await patient.getByTestId('zone-yes').click();
  await question.waitFor({ state: 'detached' });
  await patient.goto('/profile');
  await waitForField(patient, 'ФИО', NEW_PATIENT.name, 20_000);

  // The one-time password is gone; the new one works; the consent is on record.
  const oldPassword = await fetch(`${stand.server.baseUrl}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: NEW_PATIENT.phone, password: oneTimePasswordOf(sms.text) }),
  });
  assert.equal(oldPassword.status, 401);
  const session = await apiSession(stand.server.baseUrl, NEW_PATIENT.phone, NEW_PASSWORD);
  await eventually(async () => (await readDocs(stand.server.baseUrl, session.token, 'profiles', [`${session.userId}:profile`]))[0]?.doc?.['timeZone'] === 'Asia/Vladivostok', 'the zone answer reached the server', 20_000);
  const consent = (await (await fetch(`${stand.server.baseUrl}/api/consent`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as { accepted: boolean };
  assert.equal(consent.accepted, true);

  // The same table again: what was imported is recognised; only the row left out last time is new.
  await upload(manager, table);
  for (const sokolova of await row(manager, NEW_PATIENT.name).all()) assert.match(await sokolova.innerText(), /Уже импортировано/);
  assert.match(await manager.getByTestId('accounts').innerText(), /Новых пациентов: 1 .* направлений: 1/);
  assert.match(await row(manager, 'Лебедев').innerText(), /Новый пациент/);
  assert.equal((await outbox(stand.server.baseUrl)).filter((m) => m.purpose === 'credentials').length, 1);

  await patientContext.close();
  await managerContext.close();
});

test('a patient cannot use the manager’s API', async () => {
  const patient = await apiSession(stand.server.baseUrl, DEMO.patient.phone);
  const headers = { authorization: `Bearer ${patient.token}`, 'content-type': 'application/json' };
  const calls: [string, RequestInit][] = [
    ['/api/admin/imports', { headers }],
    ['/api/admin/sms', { headers }],
    ['/api/admin/credentials', { headers }],
    ['/api/admin/imports/previews', { method: 'POST', headers, body: JSON.stringify({ files: [{ name: 'x.csv', contentBase64: Buffer.from('ФИО;Телефон\n').toString('base64') }] }) }],
  ];
  for (const [path, init] of calls) {
    const response = await fetch(`${stand.server.baseUrl}${path}`, init);
    assert.equal(response.status, 403, `${init.method ?? 'GET'} ${path}`);
    assert.equal(((await response.json()) as { code: string }).code, 'forbidden');
  }

  // From inside the app too: the patient's page gets the same answer without a token of staff.
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  const page = await context.newPage();
  await signIn(page, DEMO.patient.phone);
  const status = await page.evaluate(async (token) => (await fetch('/api/admin/sms', { headers: { authorization: `Bearer ${token}` } })).status, patient.token);
  assert.equal(status, 403);
  // The manager's pages do not even match for a patient.
  await page.goto('/admin/import');
  await page.getByText('Страница не найдена').waitFor();
  await context.close();
});
