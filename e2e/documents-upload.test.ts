/**
 * Journey of the documents issue, patient side: files are checked before anything is sent; a PDF
 * and a JPEG go up with their progress shown; a photo taken offline waits in the browser, survives
 * a reload and goes by itself when the connection is back; an upload cut by closing the app
 * resumes from the server's offset when the app is opened again. The server ends up with exactly
 * the bytes the patient picked.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { makeJpeg, makePdf, makePng } from './fixtures/medical-files';
import { DEMO, apiSession, signIn } from './support/app';
import { PHONE, launchBrowser, newContext, waitForServiceWorker } from './support/browser';
import {
  addDocument,
  download,
  fileState,
  fileStateText,
  giveConsent,
  passConsentGate,
  payload,
  serverFileRecords,
  sha256,
  waitForFileState,
} from './support/documents';
import { eventually } from './support/eventually';
import { startServer, type RunningServer } from './support/server';
import { startThrottlingProxy, type ThrottlingProxy } from './support/throttling-proxy';

const MiB = 1024 * 1024;
let server: RunningServer;
/** The browser talks to the server through it: uploads at a real, slow rate when asked. */
let proxy: ThrottlingProxy;
let browser: Browser;

before(async () => {
  // A small per-file limit, so "too large" is checked with a few megabytes.
  server = await startServer({ FILE_MAX_BYTES: String(3 * MiB) });
  proxy = await startThrottlingProxy(server.baseUrl);
  browser = await launchBrowser();
  const patient = await apiSession(server.baseUrl, DEMO.patient.phone);
  await giveConsent(server.baseUrl, patient.token);
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

/** A real JPEG made `size` bytes long: decoders stop at the end-of-image marker. */
function jpegOfSize(size: number, blocks = 8): Uint8Array {
  const jpeg = makeJpeg(blocks);
  const bytes = new Uint8Array(size);
  bytes.set(jpeg);
  for (let i = jpeg.length; i < size; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

/** Signs in (unless this browser still has the session) and opens «Документы». */
async function openDocuments(page: Page, signedIn = false): Promise<void> {
  if (!signedIn) {
    await signIn(page, DEMO.patient.phone);
    await passConsentGate(page);
  }
  await page.goto('/documents');
  await page.getByTestId('checklist').waitFor({ timeout: 20_000 });
}

async function serverRecord(name: string) {
  const patient = await apiSession(server.baseUrl, DEMO.patient.phone);
  const record = (await serverFileRecords(server.baseUrl, patient.token)).find((r) => r.name === name);
  return { record, patient };
}

async function assertServerHas(name: string, bytes: Uint8Array): Promise<void> {
  const { record, patient } = await serverRecord(name);
  assert.equal(record?.status, 'uploaded', `${name} is verified on the server`);
  assert.equal(record?.sha256, sha256(bytes));
  const fetched = await download(server.baseUrl, patient.token, patient.userId, record!.fileId);
  assert.equal(fetched.status, 200);
  assert.equal(sha256(fetched.bytes), sha256(bytes), `${name}: the server serves the very bytes picked`);
}

test('files are checked before upload; a PDF and a JPEG go up with progress; an offline photo goes by itself after a reload', async () => {
  const context = await newContext(browser, proxy.baseUrl, PHONE);
  const page = await context.newPage();
  await openDocuments(page);
  await waitForServiceWorker(page);
  assert.equal(await page.getByTestId('checklist-conclusion').getAttribute('data-done'), 'false');

  // Clear messages before anything is sent: not a medical file (renamed), empty, too large.
  await page.getByTestId('add-document').click();
  await page.getByTestId('file-input').setInputFiles([
    payload('заключение.pdf', 'application/pdf', new TextEncoder().encode('Это текст, а не PDF')),
    payload('пустой.jpg', 'image/jpeg', new Uint8Array(0)),
    payload('большой.jpg', 'image/jpeg', jpegOfSize(4 * MiB)),
  ]);
  const problems = await eventually(async () => {
    const texts = await page.getByTestId('picked-problem').allInnerTexts();
    return texts.length === 3 ? texts : null;
  }, 'three problems shown');
  assert.match(problems[0]!, /не является PDF, фотографией/);
  assert.match(problems[1]!, /Файл пустой/);
  assert.match(problems[2]!, /Файл больше 3 МБ/);
  await page.getByTestId('save-document').click();
  assert.equal(new URL(page.url()).pathname, '/documents/new', 'nothing is saved while files are bad');
  await page.getByRole('link', { name: 'Отмена' }).click();
  await page.waitForURL((url) => url.pathname === '/documents');
  assert.equal(await page.getByTestId('document').count(), 0);

  // A PDF and a JPEG on a slow link: the progress bar moves, then both are verified.
  const pdf = makePdf('Oblako e2e: attending doctor conclusion');
  const scan = jpegOfSize(Math.round(1.5 * MiB));
  proxy.setUploadRate(512 * 1024);
  await addDocument(page, {
    type: 'Заключение лечащего врача',
    note: 'Заключение терапевта, 2 страницы',
    files: [payload('заключение.pdf', 'application/pdf', pdf), payload('заключение-стр2.jpg', 'image/jpeg', scan)],
  });
  const percent = await eventually(async () => {
    const match = /Загрузка (\d+)%/.exec(await fileStateText(page, 'заключение-стр2.jpg'));
    return match && Number(match[1]) > 0 && Number(match[1]) < 100 ? Number(match[1]) : null;
  }, 'upload progress between 0 and 100 %', 30_000);
  assert.ok(await page.locator('[data-testid=file][data-name="заключение-стр2.jpg"] mat-progress-bar').isVisible(), 'a progress bar is shown');
  console.log(`[e2e] progress seen: ${percent}%`);
  proxy.setUploadRate(null);
  await waitForFileState(page, 'заключение.pdf', 'uploaded');
  await waitForFileState(page, 'заключение-стр2.jpg', 'uploaded');
  assert.equal(await fileStateText(page, 'заключение-стр2.jpg'), 'Загружено');
  await assertServerHas('заключение.pdf', pdf);
  await assertServerHas('заключение-стр2.jpg', scan);
  await eventually(async () => (await page.getByTestId('checklist-conclusion').getAttribute('data-done')) === 'true', 'checklist: conclusion done');

  // Offline: a photo of lab results waits on the device …
  await context.setOffline(true);
  await eventually(async () => (await page.getByTestId('connectivity').innerText()).includes('Нет сети'), 'offline indicator');
  const photo = makePng(96);
  await addDocument(page, { type: 'Анализы', files: [payload('анализ-крови.png', 'image/png', photo)], camera: true });
  await waitForFileState(page, 'анализ-крови.png', 'waiting');
  assert.equal(await fileStateText(page, 'анализ-крови.png'), 'Ожидает связи — отправится сам');

  // … survives a reload (the service worker serves the app, IndexedDB keeps the bytes) …
  await page.reload();
  await page.getByTestId('checklist').waitFor({ timeout: 20_000 });
  await waitForFileState(page, 'анализ-крови.png', 'waiting');
  assert.equal((await serverRecord('анализ-крови.png')).record, undefined, 'nothing reached the server yet');

  // … and goes by itself when the connection is back. The file and its document travel apart
  // (an upload, a replication push): held here, the push comes after the upload. Until the
  // document is on the server the chip says a change waits, and nobody is served the file.
  const push = proxy.hold('POST', '/sync/documents/_bulk_docs');
  await context.setOffline(false);
  await waitForFileState(page, 'анализ-крови.png', 'uploaded', 45_000);
  await push.asked;
  assert.match(await page.getByTestId('sync-status').innerText(), /ожида(ет|ют) отправки/, 'the document still waits to be sent');
  const early = await serverRecord('анализ-крови.png');
  assert.equal(early.record?.status, 'uploaded', 'the bytes are verified on the server');
  assert.equal((await download(server.baseUrl, early.patient.token, early.patient.userId, early.record!.fileId)).status, 404, 'no document lists the file yet');
  push.release();
  await page.getByTestId('sync-status').filter({ hasText: 'Все изменения отправлены' }).waitFor({ timeout: 30_000 });
  await assertServerHas('анализ-крови.png', photo);
  await eventually(async () => (await page.getByTestId('checklist-examination').getAttribute('data-done')) === 'true', 'checklist: examination done');

  // A document no doctor has reviewed can be deleted, after a confirmation; its file goes too.
  const { record: labRecord, patient } = await serverRecord('анализ-крови.png');
  await page.locator('[data-testid=document][data-type=lab]').getByTestId('delete-document').click();
  await page.getByRole('dialog').getByText('Удалить документ и все его файлы?').waitFor();
  await page.getByTestId('confirm').click();
  await eventually(async () => (await page.locator('[data-testid=document][data-type=lab]').count()) === 0, 'the document is gone');
  await eventually(
    async () => (await download(server.baseUrl, patient.token, patient.userId, labRecord!.fileId)).status === 404,
    'the server no longer serves its file',
    20_000,
  );
  assert.equal(await page.getByTestId('checklist-examination').getAttribute('data-done'), 'false');
  await context.close();
});

test('an upload cut by closing the app resumes from the server’s offset when it is opened again', async () => {
  const context = await newContext(browser, proxy.baseUrl, PHONE);
  let page = await context.newPage();
  await openDocuments(page);

  const big = jpegOfSize(Math.round(2.5 * MiB), 10);
  proxy.setUploadRate(256 * 1024);
  const startBytes = proxy.uploadedBytes();
  await addDocument(page, { type: 'УЗИ', files: [payload('узи-почек.jpg', 'image/jpeg', big)] });
  await eventually(async () => proxy.uploadedBytes() - startBytes >= big.length / 4, 'a quarter of the file at the server', 40_000);
  assert.equal(await fileState(page, 'узи-почек.jpg'), 'uploading');
  await page.close(); // the app is closed mid-upload
  proxy.setUploadRate(null);
  const patchesBefore = proxy.patches().length;

  page = await context.newPage();
  await openDocuments(page, true);
  await waitForFileState(page, 'узи-почек.jpg', 'uploaded', 45_000);
  const resumed = proxy.patches().slice(patchesBefore);
  const offset = resumed[0]?.offset ?? 0;
  assert.ok(offset > 0, `the upload resumed from the server's offset (PATCH offsets: ${resumed.map((p) => p.offset).join(', ')})`);
  const sentAgain = resumed.reduce((sum, p) => sum + p.bytes, 0);
  console.log(`[e2e] resumed at ${offset} of ${big.length} bytes; sent after reopening: ${sentAgain} bytes`);
  assert.equal(sentAgain, big.length - offset, 'only the bytes the server did not have are sent again');
  await assertServerHas('узи-почек.jpg', big);
  assert.equal(await fileState(page, 'узи-почек.jpg'), 'uploaded');
  await context.close();
});
