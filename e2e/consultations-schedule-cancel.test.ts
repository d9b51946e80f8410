/**
 * Journey of the consultations issue, three people on three devices: a patient in Vladivostok
 * (phone, device clock Asia/Vladivostok) books a cardiology consultation and uploads what the
 * checklist asks for; the doctor in Moscow (desktop) takes the patient from «Новые пациенты» and
 * schedules the first free slot; the patient is told live (unread badge, text in Vladivostok
 * time) and sees the right local time; the manager sees the stage. Then the patient cancels with
 * no network, reconnects, and the doctor sees the cancellation and the slot free again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { makePdf, makePng } from './fixtures/medical-files';
import { DEMO, apiSession, signIn } from './support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from './support/browser';
import {
  bookConsultation,
  scheduleFirstFreeSlot,
  serverConsultations,
  setProfileZone,
  takeFromQueue,
  unreadBadge,
  waitForCardStatus,
  waitForChecklist,
  waitForDoctorStatus,
  wallDate,
  withFailureShots,
  wallTime,
} from './support/consultations';
import { addDocument, giveConsent, passConsentGate, payload, waitForFileState } from './support/documents';
import { eventually } from './support/eventually';
import { startServer, type RunningServer } from './support/server';

const PATIENT_ZONE = 'Asia/Vladivostok';
const DOCTOR_ZONE = 'Europe/Moscow';
const REASON = 'Не смогу в это время: буду в дороге';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await giveConsent(server.baseUrl, (await apiSession(server.baseUrl, DEMO.secondPatient.phone)).token);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const CONCLUSION = payload('заключение-кардиолога.pdf', 'application/pdf', makePdf('Oblako e2e: attending doctor conclusion'));
const ULTRASOUND = payload('узи-сердца.png', 'image/png', makePng(96));

test('a patient in Vladivostok books, uploads, is scheduled by a doctor in Moscow, cancels offline; the doctor sees the cancel and the slot free', async () => {
  const pages: Record<string, Page | undefined> = {};
  await withFailureShots(() => pages, () => journey(pages));
});

async function journey(pages: Record<string, Page | undefined>): Promise<void> {
  const started = Date.now();
  const mark = (what: string) => console.log(`[e2e] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const patientAccount = await apiSession(server.baseUrl, DEMO.secondPatient.phone);

  // ── The patient (phone, Vladivostok): time zone in the profile, then «Консультации».
  const patientContext = await newContext(browser, server.baseUrl, PHONE, PATIENT_ZONE);
  const patient = (pages['patient'] = await patientContext.newPage());
  await signIn(patient, DEMO.secondPatient.phone);
  await passConsentGate(patient);
  await setProfileZone(patient, 'Владивосток');
  await patient.getByRole('link', { name: 'Консультации' }).click();
  await patient.waitForURL((url) => url.pathname === '/consultations');
  await eventually(async () => (await patient.getByTestId('viewer-zone').innerText()).includes('Владивосток'), 'times shown in Vladivostok time');

  // Nothing uploaded yet: both lines of «Что нужно загрузить» ask for documents.
  assert.match(await patient.getByTestId('consultation-checklist').innerText(), /Что нужно загрузить/);
  await waitForChecklist(patient, { conclusion: 'missing', examination: 'missing' });
  const card = await bookConsultation(patient, 'Кардиология');
  await waitForCardStatus(card, 'awaiting_documents');
  assert.match(await card.innerText(), /Кардиология/);

  // Uploads the attending doctor's conclusion and an ultrasound.
  await patient.goto('/documents');
  await addDocument(patient, { type: 'Заключение лечащего врача', files: [CONCLUSION] });
  await addDocument(patient, { type: 'УЗИ', note: 'УЗИ сердца', files: [ULTRASOUND] });
  for (const file of [CONCLUSION, ULTRASOUND]) await waitForFileState(patient, file.name, 'uploaded');
  await patient.getByRole('link', { name: 'Консультации' }).click();
  await waitForChecklist(patient, { conclusion: 'done', examination: 'done' });
  await patient.getByTestId('checklist-ready').waitFor();
  // The server marks the consultation ready by itself (documents_ready as system).
  await waitForCardStatus(card, 'ready', 30_000);
  assert.equal((await card.getByTestId('consultation-status').innerText()).trim(), 'Документы готовы');
  mark('patient ready');

  // ── The doctor (desktop, Moscow): «Новые пациенты» → take → schedule the first free slot.
  const doctorContext = await newContext(browser, server.baseUrl, DESKTOP, DOCTOR_ZONE);
  const doctor = (pages['doctor'] = await doctorContext.newPage());
  await signIn(doctor, DEMO.doctor.phone);
  await doctor.getByRole('link', { name: 'Новые пациенты' }).click();
  const consultationId = await takeFromQueue(doctor, DEMO.secondPatient.name);
  assert.equal(consultationId, await card.getAttribute('data-id'));
  await waitForDoctorStatus(doctor, 'Документы у врача');
  const badgeBefore = await unreadBadge(patient);
  const slotStart = await scheduleFirstFreeSlot(doctor);
  await waitForDoctorStatus(doctor, 'Назначена');
  const moscow = wallTime(slotStart, DOCTOR_ZONE);
  const vladivostok = wallTime(slotStart, PATIENT_ZONE);
  assert.notEqual(moscow, vladivostok);
  const doctorSlot = await doctor.getByTestId('consultation-slot').innerText();
  assert.ok(doctorSlot.includes(moscow) && doctorSlot.includes('Москва'), `the doctor sees ${moscow} Moscow time: «${doctorSlot}»`);
  assert.ok(doctorSlot.includes(wallDate(slotStart, DOCTOR_ZONE)), `the doctor sees the date: «${doctorSlot}»`);
  const scheduledAt = Date.now();
  mark(`scheduled ${slotStart}`);

  // ── The patient is told live: the badge, the card's time in Vladivostok, the notification.
  await eventually(async () => (await unreadBadge(patient)) > badgeBefore, 'an unread notification on «Уведомления»', 20_000);
  console.log(`[e2e] schedule → unread badge on the patient's phone: ${Date.now() - scheduledAt} ms`);
  await waitForCardStatus(card, 'scheduled');
  const cardTime = await card.getByTestId('consultation-time').innerText();
  assert.ok(cardTime.includes(vladivostok) && cardTime.includes('Владивосток'), `the patient sees ${vladivostok} Vladivostok time: «${cardTime}»`);
  assert.ok(cardTime.includes(wallDate(slotStart, PATIENT_ZONE)), `the patient sees the date: «${cardTime}»`);
  assert.ok(!cardTime.includes(`${moscow} `) || moscow === vladivostok, `not the Moscow time: «${cardTime}»`);
  assert.equal((await card.getByTestId('consultation-doctor').innerText()).trim(), DEMO.doctor.name);

  await patient.getByRole('link', { name: 'Уведомления' }).click();
  const notification = patient.locator('[data-testid=notification][data-kind=scheduled]').first();
  await notification.waitFor({ timeout: 15_000 });
  assert.equal(await notification.getAttribute('data-unread'), 'true');
  const noticeText = await notification.getByTestId('notification-text').innerText();
  assert.match(noticeText, /Консультация назначена на/);
  assert.ok(noticeText.includes(vladivostok) && noticeText.includes('Владивосток'), `the notification names the Vladivostok time: «${noticeText}»`);
  // Opening it marks it read.
  await notification.getByTestId('notification-link').click();
  await patient.waitForURL((url) => url.pathname === '/consultations');
  await eventually(async () => (await unreadBadge(patient)) === 0, 'the notification marked read');

  // ── The manager: «Пациенты по этапам» shows the patient scheduled.
  const managerContext = await newContext(browser, server.baseUrl, DESKTOP, DOCTOR_ZONE);
  const manager = (pages['manager'] = await managerContext.newPage());
  await signIn(manager, DEMO.manager.phone);
  await manager.getByRole('link', { name: 'Пациенты по этапам' }).click();
  const stageRow = manager.locator(`[data-testid=stage-row][data-patient-id="${patientAccount.userId}"]`);
  await stageRow.waitFor({ timeout: 20_000 });
  assert.equal((await stageRow.getByTestId('stage-label').innerText()).trim(), 'Консультация назначена');
  const stageSlot = await stageRow.getByTestId('stage-slot').innerText();
  assert.ok(stageSlot.includes(moscow), `the manager sees the booked time in their zone: «${stageSlot}»`);
  assert.match(await stageRow.innerText(), new RegExp(DEMO.doctor.name));
  await managerContext.close();
  mark('manager saw the stage');

  // ── The patient cancels with no network: saved on the phone, waiting to be sent.
  await patientContext.setOffline(true);
  await eventually(async () => (await patient.getByTestId('connectivity').innerText()).includes('Нет сети'), 'offline indicator');
  await card.getByTestId('action-cancel').click();
  await patient.getByTestId('dialog-note').waitFor();
  assert.match(await patient.getByTestId('dialog-note').innerText(), /когда появится связь/);
  await patient.getByTestId('dialog-text').fill(REASON);
  await patient.getByTestId('dialog-confirm').click();
  await waitForCardStatus(card, 'cancelled');
  await card.getByTestId('consultation-pending').waitFor();
  assert.match(await card.getByTestId('cancellation').innerText(), new RegExp(REASON));
  // Nothing reached the server or the doctor yet.
  const [held] = (await serverConsultations(server.baseUrl, patientAccount.token)).filter((c) => c.id === consultationId);
  assert.equal(held?.status, 'scheduled');
  assert.equal(await doctor.getByTestId('consultation-status').innerText(), 'Назначена');

  // ── Back online: the cancel goes out; the doctor sees it live with the reason.
  const reconnectedAt = Date.now();
  await patientContext.setOffline(false);
  await waitForDoctorStatus(doctor, 'Отменена', 30_000);
  console.log(`[e2e] reconnect → the doctor sees the cancel: ${Date.now() - reconnectedAt} ms`);
  assert.match(await doctor.locator('ob-consultation').innerText(), new RegExp(`Причина отмены: ${REASON}`));
  await eventually(async () => (await card.getByTestId('consultation-pending').count()) === 0, 'nothing waiting on the phone');
  // The doctor was notified too.
  await eventually(async () => (await unreadBadge(doctor)) > 0, 'the doctor’s unread badge', 20_000);

  // ── The slot is free again: the doctor's «Календарь» offers it as the first free slot.
  await doctor.getByRole('link', { name: 'Календарь' }).click();
  const firstFree = doctor.getByTestId('preview-slot').first();
  await eventually(async () => {
    const text = await firstFree.innerText({ timeout: 2_000 }).catch(() => '');
    return text.includes(`${wallDate(slotStart, DOCTOR_ZONE)} `) && text.includes(`${moscow}–`);
  }, `the freed slot ${moscow} first among the free slots`, 20_000);
  // And on the server no consultation of the doctor holds it.
  const doctorAccount = await apiSession(server.baseUrl, DEMO.doctor.phone);
  const holders = (await serverConsultations(server.baseUrl, doctorAccount.token)).filter(
    (c) => c.slot?.start === slotStart && (c.status === 'scheduled' || c.status === 'in_progress'),
  );
  assert.deepEqual(holders, []);
  const [cancelled] = (await serverConsultations(server.baseUrl, doctorAccount.token)).filter((c) => c.id === consultationId);
  assert.equal(cancelled?.status, 'cancelled');
  assert.equal(cancelled?.cancellation?.by, 'patient');
  assert.equal(cancelled?.cancellation?.reason, REASON);
  mark('done');

  await doctorContext.close();
  await patientContext.close();
}
