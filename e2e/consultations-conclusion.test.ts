/**
 * Journey of the consultations issue, to the end: the patient books and uploads; the doctor
 * takes them, sets a round-the-clock calendar with 10-minute slots (so the next slot starts
 * within minutes), schedules it, starts the consultation, marks it held and issues the
 * conclusion; the patient is told, sees «Заключение» on the card and opens the PDF from
 * «Документы» in the app's viewer; the PDF's text (pdf.js) carries the diagnosis and the name.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { makePdf, makePng } from './fixtures/medical-files';
import { DEMO, apiSession, signIn } from './support/app';
import { DESKTOP, PHONE, launchBrowser, newContext } from './support/browser';
import {
  bookConsultation,
  pdfText,
  scheduleFirstFreeSlot,
  SLOT_CHOICE_MARGIN_MS,
  serverConsultations,
  serverDocuments,
  setCalendar,
  takeFromQueue,
  unreadBadge,
  waitForCardStatus,
  waitForChecklist,
  waitForDoctorStatus,
  withFailureShots,
} from './support/consultations';
import { addDocument, canvasHasPicture, download, giveConsent, passConsentGate, payload, waitForFileState } from './support/documents';
import { eventually } from './support/eventually';
import { startServer, type RunningServer } from './support/server';

const CONCLUSION = {
  complaints: 'Давящие боли за грудиной при ходьбе, одышка',
  findings: 'ЭКГ: рубцовые изменения нижней стенки. УЗИ сердца: фракция выброса 52 %.',
  diagnosis: 'Ишемическая болезнь сердца: стабильная стенокардия напряжения II ФК',
  icd10: 'I25.1',
  recommendations: 'Продолжить приём статинов, контроль липидограммы через 3 месяца.',
};

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await giveConsent(server.baseUrl, (await apiSession(server.baseUrl, DEMO.patient.phone)).token);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const REFERRAL_CONCLUSION = payload('заключение-лечащего-врача.pdf', 'application/pdf', makePdf('Oblako e2e: attending doctor conclusion'));
const ECG = payload('экг.png', 'image/png', makePng(96));

test('the doctor holds the consultation and issues the conclusion; the patient opens the PDF', async () => {
  const pages: Record<string, Page | undefined> = {};
  await withFailureShots(() => pages, () => journey(pages));
});

async function journey(pages: Record<string, Page | undefined>): Promise<void> {
  const started = Date.now();
  const mark = (what: string) => console.log(`[e2e] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const patientAccount = await apiSession(server.baseUrl, DEMO.patient.phone);

  // ── The patient books and uploads what the checklist asks for.
  const patientContext = await newContext(browser, server.baseUrl, PHONE);
  const patient = (pages['patient'] = await patientContext.newPage());
  await signIn(patient, DEMO.patient.phone);
  await passConsentGate(patient);
  await patient.goto('/consultations');
  const card = await bookConsultation(patient, 'Кардиология');
  await patient.goto('/documents');
  await addDocument(patient, { type: 'Заключение лечащего врача', files: [REFERRAL_CONCLUSION] });
  await addDocument(patient, { type: 'ЭКГ', files: [ECG] });
  for (const file of [REFERRAL_CONCLUSION, ECG]) await waitForFileState(patient, file.name, 'uploaded');
  await patient.getByRole('link', { name: 'Консультации' }).click();
  await waitForChecklist(patient, { conclusion: 'done', examination: 'done' });
  await waitForCardStatus(card, 'ready', 30_000);
  mark('patient ready');

  // ── The doctor takes the patient and opens the calendar round the clock, 10-minute slots.
  const doctorContext = await newContext(browser, server.baseUrl, DESKTOP);
  const doctor = (pages['doctor'] = await doctorContext.newPage());
  await signIn(doctor, DEMO.doctor.phone);
  const consultationId = await takeFromQueue(doctor, DEMO.patient.name);
  const consultationUrl = `/consultations/c/${encodeURIComponent(consultationId)}`;
  await waitForDoctorStatus(doctor, 'Документы у врача');
  await doctor.getByRole('link', { name: 'Календарь' }).click();
  await setCalendar(doctor, { slotMinutes: 10, start: '00:00', end: '00:00' });
  const firstPreview = await doctor.getByTestId('preview-slot').first().innerText();
  mark(`calendar set, first free slot ${firstPreview}`);

  // Schedules the first free slot: it starts within ten minutes.
  await doctor.goto(consultationUrl);
  const slotStart = await scheduleFirstFreeSlot(doctor);
  await waitForDoctorStatus(doctor, 'Назначена');
  const startsIn = Date.parse(slotStart) - Date.now();
  // Within one slot (ten minutes), or the next when the first began too soon to confirm (SLOT_CHOICE_MARGIN_MS).
  assert.ok(startsIn <= 10 * 60_000 + SLOT_CHOICE_MARGIN_MS && startsIn > -60_000, `the first free slot starts within 10 minutes: ${slotStart}`);
  mark(`scheduled ${slotStart}`);

  // «Начать консультацию» (allowed from 15 minutes before the slot), then «Консультация проведена».
  await doctor.getByTestId('action-start').click({ timeout: 20_000 });
  await waitForDoctorStatus(doctor, 'Идёт');
  await doctor.getByTestId('action-complete').click({ timeout: 20_000 });
  await waitForDoctorStatus(doctor, 'Проведена');

  // The conclusion: a diagnosis is required, then it is issued as a PDF.
  const form = doctor.getByTestId('conclusion-form');
  await form.waitFor({ timeout: 15_000 });
  await form.getByTestId('conclusion-complaints').fill(CONCLUSION.complaints);
  await form.getByTestId('conclusion-findings').fill(CONCLUSION.findings);
  await form.getByTestId('conclusion-icd10').fill(CONCLUSION.icd10);
  await form.getByTestId('conclusion-recommendations').fill(CONCLUSION.recommendations);
  await form.getByTestId('conclusion-submit').click();
  await form.getByTestId('diagnosis-error').waitFor();
  assert.match(await form.getByTestId('diagnosis-error').innerText(), /Укажите диагноз/);
  await form.getByTestId('conclusion-diagnosis').fill(CONCLUSION.diagnosis);
  const badgeBefore = await unreadBadge(patient);
  await form.getByTestId('conclusion-submit').click();
  await doctor.getByTestId('conclusion-issued').waitFor({ timeout: 30_000 });
  assert.match(await doctor.getByTestId('conclusion-issued').innerText(), new RegExp(DEMO.doctor.name));
  await waitForDoctorStatus(doctor, 'Завершена');
  mark('conclusion issued');

  // ── The patient is told, and sees «Заключение» on the card.
  await eventually(async () => (await unreadBadge(patient)) > badgeBefore, 'an unread notification on «Уведомления»', 20_000);
  await waitForCardStatus(card, 'done', 20_000);
  await card.getByTestId('conclusion').waitFor();
  assert.match(await card.getByTestId('conclusion').innerText(), /Заключение консультанта/);
  await patient.getByRole('link', { name: 'Уведомления' }).click();
  const notice = patient.locator('[data-testid=notification][data-kind=conclusion_issued]').first();
  await notice.waitFor({ timeout: 15_000 });
  assert.match(await notice.getByTestId('notification-text').innerText(), /[Зз]аключение/);

  // Opens it from «Документы»: the type «Заключение консультанта», page 1 drawn by the viewer.
  await patient.getByRole('link', { name: 'Консультации' }).click();
  await card.getByTestId('open-conclusion').click();
  await patient.waitForURL((url) => url.pathname === '/documents');
  const document = patient.locator('[data-testid=document][data-type=consultation_conclusion]');
  await document.waitFor({ timeout: 20_000 });
  assert.match(await document.innerText(), /Заключение консультанта/);
  assert.equal(await document.getByTestId('delete-document').count(), 0, 'the consultant’s conclusion cannot be deleted');
  await eventually(async () => (await document.getByTestId('file').first().getAttribute('data-state')) === 'uploaded', 'the PDF available', 20_000);
  await document.getByTestId('open-file').first().click();
  await patient.locator('[data-testid=pdf-canvas][data-rendered-page="1"]').waitFor({ timeout: 30_000 });
  assert.match(await patient.getByTestId('pdf-page').innerText(), /^Страница 1 из \d+$/);
  assert.ok(await canvasHasPicture(patient, 'pdf-canvas'), 'the PDF page is drawn');
  mark('patient opened the PDF');

  // ── The PDF itself (downloaded as the patient): Cyrillic text with the diagnosis and the name.
  const stored = (await serverDocuments(server.baseUrl, patientAccount.token)).filter((d) => d.type === 'consultation_conclusion');
  assert.equal(stored.length, 1);
  const fileId = stored[0]!.files[0]!.fileId;
  const pdf = await download(server.baseUrl, patientAccount.token, patientAccount.userId, fileId);
  assert.equal(pdf.status, 200);
  assert.equal(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
  const text = (await pdfText(pdf.bytes)).replace(/\s+/g, ' ');
  assert.ok(text.includes('Ишемическая болезнь сердца'), `the diagnosis is in the PDF: ${text.slice(0, 400)}`);
  assert.ok(text.includes(CONCLUSION.icd10), 'the ICD-10 code is in the PDF');
  assert.ok(text.includes(DEMO.patient.name), `the patient's name is in the PDF: ${text.slice(0, 400)}`);
  assert.ok(text.includes(DEMO.doctor.name), 'the doctor who issued it is in the PDF');
  const [done] = (await serverConsultations(server.baseUrl, patientAccount.token)).filter((c) => c.id === consultationId);
  assert.equal(done?.status, 'done');
  assert.ok(done?.conclusionId, 'the consultation points at its conclusion');
  mark('done');

  await doctorContext.close();
  await patientContext.close();
}
