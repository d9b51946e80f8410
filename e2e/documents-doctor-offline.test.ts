/**
 * Journey of the documents issue, doctor side: the patient uploads a conclusion (PDF) and an MRI
 * series (three DICOM files); the assigned doctor signs in on another device, which keeps the
 * files for offline use; with no network at all — even after a reload — the doctor opens the PDF
 * and goes through the DICOM series, and marks the conclusion reviewed, which reaches the patient
 * once the doctor is back online. A second patient can neither list nor fetch any of it. The
 * patient sees in «Кто просматривал мои данные» that the doctor opened their files offline (the
 * device reports those views when back online), and no entry for the device saving the files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { makeDicomSeries, makePdf } from './fixtures/medical-files';
import { DEMO, apiSession, signIn } from './support/app';
import { DESKTOP, PHONE, RECORD_WORKER_REGISTRATIONS, launchBrowser, newContext, waitForServiceWorker, workerRegistrationsAndInitialSyncs } from './support/browser';
import {
  addDocument,
  canvasHasPicture,
  download,
  giveConsent,
  passConsentGate,
  payload,
  serverDocumentIds,
  serverFileRecords,
  waitForFileState,
} from './support/documents';
import { eventually } from './support/eventually';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const phone of [DEMO.patient.phone, DEMO.secondPatient.phone]) {
    await giveConsent(server.baseUrl, (await apiSession(server.baseUrl, phone)).token);
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const SERIES = makeDicomSeries(3).map((bytes, index) => payload(`мрт-${index + 1}.dcm`, 'application/dicom', bytes));
const PDF = payload('заключение.pdf', 'application/pdf', makePdf('Oblako e2e: conclusion for the doctor'));

function fileRow(page: Page, name: string) {
  return page.locator(`[data-testid=file][data-name="${name}"]`);
}


test('the assigned doctor opens the PDF and the DICOM series with no network; a second patient sees none of it', async () => {
  // The patient uploads the documents.
  const patientContext = await newContext(browser, server.baseUrl, PHONE);
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, DEMO.patient.phone);
  await passConsentGate(patientPage);
  await patientPage.goto('/documents');
  await addDocument(patientPage, { type: 'Заключение лечащего врача', files: [PDF] });
  await addDocument(patientPage, { type: 'МРТ', note: 'МРТ головного мозга', files: SERIES });
  for (const file of [PDF, ...SERIES]) await waitForFileState(patientPage, file.name, 'uploaded');

  // The doctor's device syncs and keeps the files.
  const doctorContext = await newContext(browser, server.baseUrl, DESKTOP);
  await doctorContext.addInitScript(RECORD_WORKER_REGISTRATIONS);
  const doctor = await doctorContext.newPage();
  await signIn(doctor, DEMO.doctor.phone);
  await waitForServiceWorker(doctor);
  // The worker was registered only once the doctor's records were on the device: its install
  // does not run beside the first sync (core/service-worker/registration-moment.ts).
  const { registeredAt, initialSyncs } = await workerRegistrationsAndInitialSyncs(doctor);
  assert.ok(registeredAt.length > 0, 'the app registered its service worker');
  assert.ok(initialSyncs.length >= 5, `every collection's initial sync is marked: ${initialSyncs.map((mark) => mark.name).join(', ')}`);
  const lastInitialSync = Math.max(...initialSyncs.map((mark) => mark.at));
  assert.ok(Math.min(...registeredAt) >= lastInitialSync, `registered at ${registeredAt.map(Math.round).join(', ')} ms, the last initial sync done at ${Math.round(lastInitialSync)} ms`);
  await doctor.goto('/documents');
  await doctor.getByTestId('patient-documents-row').click();
  await eventually(async () => (await doctor.getByTestId('document').count()) === 2, 'both documents on the doctor’s device', 20_000);
  await eventually(async () => (await doctor.getByTestId('file-on-device').count()) === 4, 'all four files kept on the device', 30_000);
  // Said once the files wanted have been counted against the device (until then «Проверяю файлы…»).
  await eventually(async () => /Все файлы сохранены на устройстве/.test(await doctor.getByTestId('offline-status').innerText()), 'the offline status says all saved', 20_000);
  const usage = await doctor.getByTestId('offline-usage').innerText();
  assert.match(usage, /Файлы для работы без связи: [\d,]+ кБ из 500 МБ/);
  const patientUrl = doctor.url();

  // No network at all, and the app reloaded from the service worker.
  await doctorContext.setOffline(true);
  const fileRequests: string[] = [];
  doctor.on('request', (request) => {
    if (request.url().includes('/api/documents/files/')) fileRequests.push(request.url());
  });
  await doctor.reload();
  await doctor.waitForURL(patientUrl);
  await eventually(async () => (await doctor.getByTestId('document').count()) === 2, 'documents shown offline', 20_000);

  // The PDF opens from the device.
  await fileRow(doctor, PDF.name).getByTestId('open-file').click();
  await doctor.locator('[data-testid=pdf-canvas][data-rendered-page="1"]').waitFor({ timeout: 20_000 });
  assert.equal(await doctor.getByTestId('pdf-page').innerText(), 'Страница 1 из 1');
  assert.ok(await canvasHasPicture(doctor, 'pdf-canvas'), 'the PDF page is drawn');
  await fileRow(doctor, PDF.name).getByTestId('open-file').click();

  // The DICOM series opens as one viewer, frame after frame.
  await fileRow(doctor, SERIES[0]!.name).getByTestId('open-file').click();
  await doctor.locator('[data-testid=dicom-canvas][data-frame="1"]').waitFor({ timeout: 20_000 });
  assert.equal(await doctor.getByTestId('dicom-frame').innerText(), 'Кадр 1 из 3');
  assert.ok(await canvasHasPicture(doctor, 'dicom-canvas'), 'the DICOM frame is drawn');
  await doctor.getByRole('button', { name: 'Вперёд' }).click();
  await doctor.locator('[data-testid=dicom-canvas][data-frame="2"]').waitFor();
  assert.equal(await doctor.getByTestId('dicom-frame').innerText(), 'Кадр 2 из 3');
  assert.equal(fileRequests.length, 0, `nothing was fetched from the network: ${fileRequests.join(', ')}`);

  // Reviewed offline; the mark reaches the patient when the doctor is back online.
  await doctor.locator('[data-testid=document][data-type=conclusion]').getByTestId('mark-reviewed').click();
  await doctor.locator('[data-testid=document][data-type=conclusion]').getByTestId('reviewed').waitFor();
  await doctorContext.setOffline(false);
  const conclusion = patientPage.locator('[data-testid=document][data-type=conclusion]');
  await conclusion.getByTestId('reviewed').waitFor({ timeout: 30_000 });
  assert.equal(await conclusion.getByTestId('delete-document').count(), 0, 'a reviewed document can no longer be deleted');

  // A second patient can neither list nor fetch the first patient's files.
  const first = await apiSession(server.baseUrl, DEMO.patient.phone);
  const records = await serverFileRecords(server.baseUrl, first.token);
  assert.equal(records.length, 4);
  const second = await apiSession(server.baseUrl, DEMO.secondPatient.phone);
  assert.deepEqual(await serverDocumentIds(server.baseUrl, second.token), []);
  assert.deepEqual(await serverFileRecords(server.baseUrl, second.token), []);
  for (const record of records) {
    assert.equal((await download(server.baseUrl, second.token, first.userId, record.fileId)).status, 404);
  }
  const secondContext = await newContext(browser, server.baseUrl, PHONE);
  const secondPage = await secondContext.newPage();
  await signIn(secondPage, DEMO.secondPatient.phone);
  await passConsentGate(secondPage);
  await secondPage.goto('/documents');
  await secondPage.getByTestId('no-documents').waitFor({ timeout: 20_000 });
  assert.equal(await secondPage.getByTestId('document').count(), 0);

  // The patient sees who opened their files (152-FZ): the doctor opened them from the device's
  // copy, which the device reported once back online; saving them for offline use is no view.
  const audit = async () => (await fetch(`${server.baseUrl}/api/audit/my-record-views`, { headers: { authorization: `Bearer ${first.token}` } })).json() as Promise<{
    entries: { actor: { id: string; name: string }; subject: { documentId?: string; offline?: boolean } }[];
  }>;
  await eventually(async () => (await audit()).entries.length >= 2, 'the offline views reported by the doctor\'s device', 30_000);
  const recorded = (await audit()).entries;
  assert.ok(recorded.every((entry) => entry.actor.name === DEMO.doctor.name), JSON.stringify(recorded));
  assert.ok(recorded.every((entry) => entry.subject.offline === true), `only the views of the offline copy, no downloads for the cache: ${JSON.stringify(recorded)}`);

  await patientPage.goto('/documents');
  await patientPage.getByTestId('record-views-link').click();
  await patientPage.waitForURL('**/documents/views');
  await patientPage.getByRole('heading', { name: 'Кто просматривал мои данные' }).waitFor();
  const views = patientPage.getByTestId('record-view');
  await views.first().waitFor({ timeout: 20_000 });
  const shown = await views.allInnerTexts();
  assert.ok(shown.every((entry) => entry.includes('Врач Смирнов А. В., кардиолог')), `only the doctor read the files: ${shown.join(' | ')}`);
  assert.ok(shown.some((entry) => entry.includes('открыл «Заключение лечащего врача»')), `the conclusion's read is listed: ${shown.join(' | ')}`);
  assert.ok(shown.some((entry) => entry.includes('открыл «МРТ»')), `the MRI series' read is listed: ${shown.join(' | ')}`);
  assert.ok(shown.every((entry) => entry.includes('без сети, с копии на устройстве')), `opened offline: ${shown.join(' | ')}`);
  assert.equal(shown.length, 2, `one line per document: ${shown.join(' | ')}`);

  await secondContext.close();
  await doctorContext.close();
  await patientContext.close();
});
