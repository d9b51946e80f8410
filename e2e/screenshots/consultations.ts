/**
 * Screenshots of the consultations screens (not part of `npm test`), Russian, phone 390×844 and
 * desktop 1366×900, into docs/screenshots/consultations-<screen>-<phone|desktop>.png.
 *
 *   npx ng build && node --import tsx e2e/screenshots/consultations.ts
 *
 * Starts its own demo server (fresh data), drives the app like the e2e journeys do.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makePdf, makePng } from '../fixtures/medical-files';
import { DEMO, apiSession, signIn } from '../support/app';
import { DESKTOP, launchBrowser, newContext } from '../support/browser';
import { bookConsultation, scheduleFirstFreeSlot, setCalendar, setProfileZone, takeFromQueue, waitForCardStatus, waitForDoctorStatus } from '../support/consultations';
import { addDocument, giveConsent, passConsentGate, payload, waitForFileState } from '../support/documents';
import { startServer } from '../support/server';
import { OUT, SIZES } from './shots';

async function shot(page: Page, screen: string, prepare?: () => Promise<void>): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    if (prepare) await prepare();
    // Layout settles (breakpoint observers, fonts) before the picture.
    await page.waitForTimeout(800);
    const path = join(OUT, `consultations-${screen}-${size}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(path);
  }
}

async function uploadRequired(page: Page): Promise<void> {
  const conclusion = payload('заключение.pdf', 'application/pdf', makePdf('Oblako: attending doctor conclusion'));
  const ultrasound = payload('узи-сердца.png', 'image/png', makePng(96));
  await page.goto('/documents');
  await addDocument(page, { type: 'Заключение лечащего врача', files: [conclusion] });
  await addDocument(page, { type: 'УЗИ', files: [ultrasound] });
  for (const file of [conclusion, ultrasound]) await waitForFileState(page, file.name, 'uploaded');
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const phone of [DEMO.patient.phone, DEMO.secondPatient.phone]) await giveConsent(server.baseUrl, (await apiSession(server.baseUrl, phone)).token);

  // Patient (Vladivostok): a booked consultation waiting for documents.
  const patientContext = await newContext(browser, server.baseUrl, DESKTOP, 'Asia/Vladivostok');
  const patient = await patientContext.newPage();
  await signIn(patient, DEMO.secondPatient.phone);
  await passConsentGate(patient);
  await setProfileZone(patient, 'Владивосток');
  await patient.goto('/consultations');
  const card = await bookConsultation(patient, 'Кардиология');
  await shot(patient, 'patient-checklist');
  await uploadRequired(patient);
  await patient.goto('/consultations');
  await waitForCardStatus(card, 'ready', 30_000);

  // Doctor (Moscow): the queue, then the slot picker.
  const doctorContext = await newContext(browser, server.baseUrl, DESKTOP);
  const doctor = await doctorContext.newPage();
  await signIn(doctor, DEMO.doctor.phone);
  await doctor.goto('/consultations/queue');
  await doctor.getByTestId('queue-entry').first().waitFor({ timeout: 30_000 });
  await shot(doctor, 'doctor-queue', async () => {
    await doctor.getByTestId('queue-entry').first().waitFor();
  });
  await takeFromQueue(doctor, DEMO.secondPatient.name);
  await waitForDoctorStatus(doctor, 'Документы у врача');
  await doctor.getByTestId('action-schedule').click();
  const firstSlot = doctor.getByTestId('slot').first();
  await firstSlot.click();
  if ((await firstSlot.getAttribute('data-night')) === 'true') await doctor.getByTestId('slot-night-agreed').locator('input').check();
  await shot(doctor, 'doctor-slot-picker');
  await doctor.getByTestId('schedule-confirm').click();
  await waitForDoctorStatus(doctor, 'Назначена');
  await shot(doctor, 'doctor-consultation-scheduled');

  // Patient: scheduled, and the notification.
  await waitForCardStatus(card, 'scheduled', 30_000);
  await shot(patient, 'patient-scheduled');
  await patient.goto('/consultations/notifications');
  await patient.getByTestId('notification').first().waitFor({ timeout: 20_000 });
  await shot(patient, 'patient-notifications');

  // Doctor: the day and the calendar.
  await doctor.goto('/consultations/day');
  await doctor.getByTestId('day-date').waitFor();
  await shot(doctor, 'doctor-day');
  await doctor.goto('/consultations/settings');
  await doctor.getByTestId('preview-slot').first().waitFor({ timeout: 20_000 });
  await shot(doctor, 'doctor-calendar');

  // Manager: patients by stage, and the reassign dialog.
  const managerContext = await newContext(browser, server.baseUrl, DESKTOP);
  const manager = await managerContext.newPage();
  await signIn(manager, DEMO.manager.phone);
  await manager.goto('/consultations/stages');
  await manager.getByTestId('stage-row').first().waitFor({ timeout: 20_000 });
  await shot(manager, 'manager-stages');
  await shot(manager, 'manager-reassign', async () => {
    if ((await manager.locator('mat-dialog-container').count()) > 0) return;
    await manager.getByTestId('stage-reassign').first().click();
    await manager.getByTestId('reassign-doctor').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  });
  await managerContext.close();

  // The conclusion form: the first patient, a slot starting in a minute or two, held.
  const first = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
  await signIn(first, DEMO.patient.phone);
  await passConsentGate(first);
  await first.goto('/consultations');
  const firstCard = await bookConsultation(first, 'Кардиология');
  await uploadRequired(first);
  await first.goto('/consultations');
  await waitForCardStatus(firstCard, 'ready', 30_000);
  const soon = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.now() + 90_000);
  await setCalendar(doctor, { slotMinutes: 10, start: soon, end: '00:00' });
  await takeFromQueue(doctor, DEMO.patient.name);
  await waitForDoctorStatus(doctor, 'Документы у врача');
  await scheduleFirstFreeSlot(doctor);
  const start = doctor.getByTestId('action-start');
  if (await start.isVisible({ timeout: 5_000 }).catch(() => false)) await start.click();
  await doctor.getByTestId('action-complete').click({ timeout: 240_000 });
  await waitForDoctorStatus(doctor, 'Проведена');
  await doctor.getByTestId('conclusion-diagnosis').fill('Ишемическая болезнь сердца: стабильная стенокардия напряжения II ФК');
  await doctor.getByTestId('conclusion-icd10').fill('I25.1');
  await doctor.getByTestId('conclusion-complaints').fill('Давящие боли за грудиной при ходьбе');
  await shot(doctor, 'doctor-conclusion-form');
} finally {
  await browser.close();
  await server.stop();
}
