/**
 * Journey of «Главная» (issue 14, patient): a newcomer in Vladivostok registers on a phone and
 * lands on «Главная», which always says the one next step — upload the attending doctor's
 * conclusion → an examination result → choose a specialty → «Ждём врача: обычно 2–4 дня» → the
 * consultation a doctor in Moscow scheduled, at its time in Vladivostok (the zone named). The
 * step is worked out on the phone from its own data: offline it still shows the consultation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { makePdf, makePng } from './fixtures/medical-files';
import { DEMO, signIn } from './support/app';
import { DESKTOP, PHONE, newContext, waitForServiceWorker } from './support/browser';
import { bookConsultation, scheduleFirstFreeSlot, takeFromQueue, waitForDoctorStatus, wallDate, wallTime, withFailureShots } from './support/consultations';
import { addDocument, payload, waitForFileState } from './support/documents';
import { eventually } from './support/eventually';
import { codeOf, waitForSms } from './support/outbox';
import { useStand } from './support/stand';

const PATIENT_ZONE = 'Asia/Vladivostok';
const NEWCOMER = { phone: '+79140001414', typed: '8 914 000-14-14', name: 'Белова Дарья Андреевна', password: 'belova-secret-1' };
const CONCLUSION = payload('заключение-лечащего-врача.pdf', 'application/pdf', makePdf('Oblako e2e: home journey conclusion'));
const ECG = payload('экг.png', 'image/png', makePng(64));

const stand = useStand();

async function step(page: Page): Promise<string | null> {
  return page.getByTestId('home-step').getAttribute('data-step');
}

/** Opens «Главная» from the navigation and waits until it says `expected`. */
async function homeSays(page: Page, expected: string, title: string, timeoutMs = 30_000): Promise<void> {
  if (new URL(page.url()).pathname !== '/home') await page.getByRole('link', { name: 'Главная' }).click();
  await page.waitForURL((url) => url.pathname === '/home');
  await eventually(async () => (await step(page).catch(() => null)) === expected, `«Главная» says ${expected}`, timeoutMs);
  assert.equal((await page.getByTestId('home-step-title').innerText()).trim(), title);
}

test('«Главная» leads a newcomer from registration to a scheduled consultation, one step at a time', async () => {
  const pages: Record<string, Page | undefined> = {};
  await withFailureShots(() => pages, async () => {
    const context = await newContext(stand.browser, stand.server.baseUrl, PHONE, PATIENT_ZONE);
    const patient = (pages['patient'] = await context.newPage());

    // Registration: number, SMS code, about you (Vladivostok), consent → «Главная», not the profile form.
    await patient.goto('/register');
    const since = Date.now() - 1_000;
    await patient.getByLabel('Номер телефона').fill(NEWCOMER.typed);
    await patient.getByRole('button', { name: 'Получить код' }).click();
    await patient.getByTestId('code-step').waitFor();
    await patient.getByTestId('code-input').fill(codeOf((await waitForSms(stand.server.baseUrl, NEWCOMER.phone, 'registration_code', since)).text));
    await patient.getByTestId('details-step').waitFor();
    await patient.getByLabel('Фамилия, имя, отчество').fill(NEWCOMER.name);
    await patient.getByLabel('Дата рождения').fill('15.06.1990');
    await patient.getByLabel('Регион').fill('Приморский край');
    await patient.getByLabel('Пароль', { exact: true }).fill(NEWCOMER.password);
    await patient.getByLabel('Повторите пароль').fill(NEWCOMER.password);
    await patient.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await patient.waitForURL('**/onboarding/consent', { timeout: 20_000 });
    await patient.getByTestId('consent-checkbox').locator('input').check();
    await patient.getByRole('button', { name: 'Даю согласие' }).click();
    await patient.waitForURL((url) => url.pathname === '/home', { timeout: 20_000 });
    await homeSays(patient, 'upload_conclusion', 'Загрузите заключение лечащего врача');
    assert.match(await patient.locator('h1').innerText(), /Здравствуйте, Дарья Андреевна!/);
    // «Главная» is the first entry of the navigation; a registered patient in their own zone is not asked about it.
    assert.equal((await patient.locator('.bottom-nav__item').first().innerText()).trim(), 'Главная');
    assert.equal(await patient.getByTestId('home-zone-question').count(), 0);

    // The step's button opens «Добавить документ»; the conclusion, once verified, moves the step on.
    await patient.getByTestId('home-step-action').click();
    await patient.waitForURL((url) => url.pathname === '/documents/new');
    await patient.goto('/documents');
    await addDocument(patient, { type: 'Заключение лечащего врача', files: [CONCLUSION] });
    await waitForFileState(patient, CONCLUSION.name, 'uploaded');
    await homeSays(patient, 'upload_examination', 'Загрузите результаты обследования');

    await patient.goto('/documents');
    await addDocument(patient, { type: 'ЭКГ', files: [ECG] });
    await waitForFileState(patient, ECG.name, 'uploaded');
    await homeSays(patient, 'choose_specialty', 'Выберите специализацию');

    // «Выбрать специализацию» → «Консультации» → book cardiology → back home: waiting for a doctor.
    await patient.getByTestId('home-step-action').click();
    await patient.waitForURL((url) => url.pathname === '/consultations');
    await bookConsultation(patient, 'Кардиология');
    await homeSays(patient, 'waiting_doctor', 'Ждём врача: обычно 2–4 дня');
    assert.match(await patient.getByTestId('home-step').innerText(), /Кардиология/);

    // The doctor in Moscow takes her and schedules the first free slot.
    const doctorContext = await newContext(stand.browser, stand.server.baseUrl, DESKTOP, 'Europe/Moscow');
    const doctor = (pages['doctor'] = await doctorContext.newPage());
    await signIn(doctor, DEMO.doctor.phone);
    await doctor.getByRole('link', { name: 'Новые пациенты' }).click();
    await takeFromQueue(doctor, NEWCOMER.name);
    await waitForDoctorStatus(doctor, 'Документы у врача');
    const slotStart = await scheduleFirstFreeSlot(doctor);
    await waitForDoctorStatus(doctor, 'Назначена');

    // Live on her phone: the consultation, its time in Vladivostok with the zone named.
    await eventually(async () => (await step(patient)) === 'consultation', '«Главная» shows the consultation', 30_000);
    assert.equal((await patient.getByTestId('home-step-title').innerText()).trim(), 'Консультация назначена');
    const time = await patient.getByTestId('home-consultation-time').innerText();
    assert.ok(time.includes(wallTime(slotStart, PATIENT_ZONE)) && time.includes(wallDate(slotStart, PATIENT_ZONE)) && time.includes('Владивосток, UTC+10'), `Vladivostok time: «${time}»`);
    assert.match(await patient.getByTestId('home-step').innerText(), new RegExp(DEMO.doctor.name));

    // Offline: the same step from the phone's own data.
    await waitForServiceWorker(patient);
    await context.setOffline(true);
    await patient.reload();
    await eventually(async () => (await step(patient).catch(() => null)) === 'consultation', 'the step offline', 30_000);
    await patient.getByTestId('home-offline').waitFor();
    assert.ok((await patient.getByTestId('home-consultation-time').innerText()).includes(wallTime(slotStart, PATIENT_ZONE)));
    // Her own files, uploaded from this phone, open offline from the phone's copy.
    await patient.getByRole('link', { name: 'Документы' }).click();
    const ecgRow = patient.getByTestId('file').filter({ hasText: ECG.name });
    await ecgRow.getByTestId('file-on-device').waitFor({ timeout: 20_000 });
    await ecgRow.getByTestId('open-file').click();
    await patient.getByTestId('image-view').waitFor({ timeout: 20_000 });
    assert.equal(await patient.getByTestId('viewer-problem').count(), 0);
    await context.setOffline(false);

    await doctorContext.close();
    await context.close();
  });
});
