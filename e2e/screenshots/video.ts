/**
 * Screenshots of the video consultation (not part of `npm test`), Russian, phone 390×844 and
 * desktop 1366×900, into docs/screenshots/video-<screen>-<phone|desktop>.png: the card's button,
 * device check, permission help, waiting room (patient, doctor), «Мой день» with «Пациент ждёт…»,
 * the call (patient, doctor),
 * reconnecting, after the call, the call in the history (doctor's page, patient's card).
 *
 *   npx ng build && node --import tsx e2e/screenshots/video.ts
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO, apiSession, signIn } from '../support/app';
import { giveConsent } from '../support/documents';
import { eventually } from '../support/eventually';
import { startServer } from '../support/server';
import { COLLECT_PEER_CONNECTIONS, launchCallBrowser, scheduledConsultation, seesVideo } from '../support/video';
import { OUT, SIZES } from './shots';

type Size = keyof typeof SIZES;

async function shot(page: Page, screen: string, sizes: readonly Size[] = ['phone', 'desktop'], prepare?: (size: Size) => Promise<void>): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(SIZES[size]);
    if (prepare) await prepare(size);
    // Layout settles (breakpoint observers, fonts, video frames) before the picture.
    await page.waitForTimeout(800);
    const path = join(OUT, `video-${screen}-${size}.png`);
    await page.screenshot({ path });
    console.log(path);
  }
}

async function person(browser: Browser, baseURL: string, phone: string, timezoneId: string, init?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: SIZES.phone, deviceScaleFactor: 1, baseURL, locale: 'ru-RU', timezoneId });
  await context.addInitScript(COLLECT_PEER_CONNECTIONS);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  await signIn(page, phone);
  return page;
}

const CAMERA_DENIED = `
  (() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => c && c.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : original(c);
  })();
`;

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchCallBrowser();
try {
  const patientApi = await apiSession(server.baseUrl, DEMO.patient.phone);
  const doctorApi = await apiSession(server.baseUrl, DEMO.doctor.phone);
  await giveConsent(server.baseUrl, patientApi.token);
  const consultation = await scheduledConsultation(server.baseUrl, patientApi, doctorApi);
  const callUrl = `/video/${encodeURIComponent(consultation.id)}`;

  // Camera refused: the help for the browser in use.
  const denied = await person(browser, server.baseUrl, DEMO.patient.phone, 'Asia/Vladivostok', CAMERA_DENIED);
  await denied.goto(callUrl);
  await denied.getByTestId('permission-help').waitFor({ timeout: 30_000 });
  await shot(denied, 'permission-help');
  await denied.context().close();

  const patient = await person(browser, server.baseUrl, DEMO.patient.phone, 'Asia/Vladivostok');
  await patient.goto('/consultations');
  await patient.getByTestId('join-video').waitFor({ timeout: 30_000 });
  await shot(patient, 'patient-card');
  await patient.getByTestId('join-video').click();
  await patient.getByTestId('device-check').waitFor({ timeout: 20_000 });
  await eventually(async () => (await patient.getByTestId('check-preview').evaluate((v: HTMLVideoElement) => v.videoWidth)) > 0, 'the preview');
  await eventually(async () => (await patient.getByTestId('connection-check').innerText()).includes('Связь'), 'the connection check');
  await shot(patient, 'device-check');
  await patient.getByTestId('check-continue').click();
  await patient.getByTestId('waiting-room').waitFor();
  await shot(patient, 'waiting-room');

  const doctor = await person(browser, server.baseUrl, DEMO.doctor.phone, 'Europe/Moscow');
  await doctor.setViewportSize(SIZES.desktop);
  await doctor.goto('/consultations/day');
  const notice = doctor.locator('mat-snack-bar-container').filter({ hasText: 'Пациент ждёт' });
  await notice.waitFor({ timeout: 30_000 });
  await doctor.getByTestId('live-mark').first().waitFor({ timeout: 30_000 });
  await shot(doctor, 'doctor-day-patient-waiting', ['desktop', 'phone']);
  await doctor.setViewportSize(SIZES.desktop);
  await notice.getByRole('button', { name: 'Открыть' }).click();
  await doctor.getByTestId('check-continue').click({ timeout: 30_000 });
  await eventually(async () => /Пациент ждёт/.test(await doctor.getByTestId('patient-presence').innerText()), 'the patient waiting');
  await shot(doctor, 'doctor-waiting', ['desktop', 'phone']);
  await doctor.setViewportSize(SIZES.desktop);
  await doctor.getByTestId('start-call').click();
  await patient.getByTestId('call').waitFor({ timeout: 30_000 });
  await seesVideo(patient);
  await seesVideo(doctor);
  await doctor.getByTestId('toggle-chat').click();
  await doctor.getByTestId('chat-input').fill('Бисопролол 2,5 мг утром. Инструкция: https://grls.rosminzdrav.ru');
  await doctor.getByTestId('chat-send').click();
  await shot(doctor, 'doctor-call', ['desktop', 'phone']);
  await shot(patient, 'patient-call');

  // Reconnecting: the patient's media link cut, shown until the doctor's side calls again.
  await shot(patient, 'reconnecting', ['phone', 'desktop'], async () => {
    await patient.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    await seesVideo(patient);
    await patient.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.forEach((pc) => pc.close()));
    await patient.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
  });
  await patient.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });

  await doctor.getByTestId('end-call').click();
  await patient.getByTestId('after-call').waitFor({ timeout: 30_000 });
  await eventually(async () => (await patient.getByTestId('after-duration').count()) > 0, 'the duration', 10_000).catch(() => undefined);
  await shot(patient, 'after-call');

  // The call in the consultation's history: the doctor's page, the patient's card.
  await doctor.waitForURL((url) => url.pathname.startsWith('/consultations/c/'), { timeout: 30_000 });
  await doctor.locator('[data-testid="history-entry"][data-kind="call-ended"]').waitFor({ timeout: 30_000 });
  await shot(doctor, 'doctor-history', ['desktop', 'phone'], async () => {
    await doctor.getByTestId('history').scrollIntoViewIfNeeded();
  });
  await patient.goto('/consultations');
  await patient.getByTestId('call-events').waitFor({ timeout: 30_000 });
  await shot(patient, 'patient-card-history', ['phone', 'desktop'], async () => {
    await patient.getByTestId('call-events').scrollIntoViewIfNeeded();
  });
} finally {
  await browser.close();
  await server.stop();
}
