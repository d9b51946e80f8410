/**
 * Journey of the video consultation (issue 9): the patient joins from the card, passes the
 * device check and waits; the doctor is told on «Мой день» (live, no polling), opens the call,
 * sees them waiting, starts the consultation and the
 * patient is admitted; each side sees the other's video (frames advance, inbound bytes grow),
 * mute shows on the other side, chat goes both ways; the patient's device offline for 10 s, the
 * call goes on without a reload (Chromium's offline emulation does not cut loopback WebRTC); the
 * patient's peer connection cut → «Восстанавливаем связь…» → frames again, without a reload; another patient and a patient outside the window are refused;
 * a camera that was denied → help, then an audio-only call from another device that takes over;
 * «Завершить консультацию» ends the call for both, the history has its duration. «Мой день»'s row
 * shows the patient waiting (live); the consultation's history (doctor's page, patient's card)
 * shows who joined and left and how long the call lasted, in each reader's zone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { callDurationText, formatTimeInZone } from '@oblako/domain';
import type { CallSummary } from '../modules/video/index';
import { DEMO, apiSession, signIn } from './support/app';
import { DESKTOP, PHONE } from './support/browser';
import { withFailureShots } from './support/consultations';
import { giveConsent } from './support/documents';
import { eventually } from './support/eventually';
import { COLLECT_PEER_CONNECTIONS, launchCallBrowser, scheduledConsultation, seesVideo } from './support/video';
import { useStand } from './support/stand';

const stand = useStand({ launch: launchCallBrowser });

/** A context of a person on a device, signed in, with peer connections counted. */
async function person(phone: string, device: typeof PHONE | typeof DESKTOP, timezoneId: string, initScript?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stand.browser.newContext({ ...device, baseURL: stand.server.baseUrl, locale: 'ru-RU', timezoneId });
  await context.addInitScript(COLLECT_PEER_CONNECTIONS);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  if (process.env['E2E_CONSOLE']) page.on('console', (message) => process.stderr.write(`[${phone}] ${message.type()}: ${message.text()}\n`));
  await signIn(page, phone);
  return { context, page };
}

/** The camera is refused (as when the person pressed «Блокировать»); the microphone is allowed. */
const CAMERA_DENIED = `
  (() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints && constraints.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : original(constraints);
  })();
`;

test('a video consultation from the waiting room to «Завершить»', async () => {
  const pages: Record<string, Page | undefined> = {};
  await withFailureShots(() => pages, async () => {
    const patientApi = await apiSession(stand.server.baseUrl, DEMO.patient.phone);
    const doctorApi = await apiSession(stand.server.baseUrl, DEMO.doctor.phone);
    await giveConsent(stand.server.baseUrl, patientApi.token);
    const consultation = await scheduledConsultation(stand.server.baseUrl, patientApi, doctorApi);
    const callUrl = `/video/${encodeURIComponent(consultation.id)}`;

    // The patient (phone, Vladivostok): the card offers the call, the device check, the waiting room.
    const patient = await person(DEMO.patient.phone, PHONE, 'Asia/Vladivostok');
    pages['patient'] = patient.page;
    await patient.page.goto('/consultations');
    await patient.page.getByTestId('join-video').click({ timeout: 30_000 });
    await patient.page.getByTestId('device-check').waitFor({ timeout: 20_000 });
    await eventually(async () => (await patient.page.getByTestId('check-preview').evaluate((v: HTMLVideoElement) => v.videoWidth)) > 0, 'the camera preview');
    await patient.page.getByTestId('check-continue').click();
    await patient.page.getByTestId('waiting-room').waitFor();
    const waitingText = await patient.page.getByTestId('waiting-time').innerText();
    // The slot is minutes away: on another day when that crosses midnight in the patient's zone.
    assert.match(waitingText, /^Врач подключится (\d{1,2} [а-я]+ \d{4} )?в \d{2}:\d{2} \(/, waitingText);
    assert.match(await patient.page.getByTestId('waiting-doctor').innerText(), new RegExp(DEMO.doctor.name));
    await patient.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // The doctor (desktop) sees the patient waiting, live, and starts the consultation.
    const doctor = await person(DEMO.doctor.phone, DESKTOP, 'Europe/Moscow');
    pages['doctor'] = doctor.page;
    // On «Мой день» the doctor is told, live, that the patient waits, and opens the call from there.
    await doctor.page.goto('/consultations/day');
    // The consultation's row on «Мой день» carries the live mark (the presence stream, no polling).
    // «Мой день» is in the doctor's calendar zone (SOON: UTC).
    const slotDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(at);
    if (slotDay(Date.parse(consultation.slot!.start)) !== slotDay(Date.now())) await doctor.page.getByTestId('day-next').click();
    const row = doctor.page.getByTestId('day-item').filter({ has: doctor.page.locator(`[data-key="video.mark.patientWaiting"]`) });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Пациент ждёт в комнате ожидания/);
    assert.equal(decodeURIComponent((await row.getAttribute('href'))!), `/consultations/c/${consultation.id}`);
    const notice = doctor.page.locator('mat-snack-bar-container').filter({ hasText: 'Пациент ждёт в комнате ожидания' });
    await notice.waitFor({ timeout: 30_000 });
    await notice.getByRole('button', { name: 'Открыть' }).click();
    await doctor.page.waitForURL((url) => decodeURIComponent(url.pathname) === `/video/${consultation.id}`, { timeout: 15_000 });
    await doctor.page.getByTestId('check-continue').click({ timeout: 30_000 });
    await eventually(async () => /Пациент ждёт/.test(await doctor.page.getByTestId('patient-presence').innerText()), 'the patient shown waiting to the doctor', 20_000);
    await doctor.page.getByTestId('start-call').click();

    // Admitted: each side sees the other.
    await doctor.page.getByTestId('call').waitFor({ timeout: 30_000 });
    await patient.page.getByTestId('call').waitFor({ timeout: 30_000 });
    await seesVideo(doctor.page);
    await seesVideo(patient.page);
    const started = await fetch(`${stand.server.baseUrl}/sync/consultations/_all_docs`, {
      method: 'POST', headers: { authorization: `Bearer ${doctorApi.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ keys: [consultation.id], include_docs: true }),
    }).then((r) => r.json()) as { rows: { doc: { status: string } }[] };
    assert.equal(started.rows[0]!.doc.status, 'in_progress');

    // Mute shows on the other side; chat both ways (a link stays a link).
    await doctor.page.getByTestId('toggle-mute').click();
    await patient.page.getByTestId('remote-muted').waitFor({ timeout: 15_000 });
    await doctor.page.getByTestId('toggle-mute').click();
    await patient.page.getByTestId('remote-muted').waitFor({ state: 'detached', timeout: 15_000 });
    await doctor.page.getByTestId('toggle-chat').click();
    await doctor.page.getByTestId('chat-input').fill('Бисопролол 2,5 мг утром, см. https://grls.rosminzdrav.ru');
    await doctor.page.getByTestId('chat-send').click();
    await patient.page.getByTestId('chat-unread').waitFor({ timeout: 15_000 });
    await patient.page.getByTestId('toggle-chat').click();
    const received = patient.page.getByTestId('chat-message').filter({ hasText: 'Бисопролол' });
    await received.waitFor();
    assert.equal(await received.locator('a').getAttribute('href'), 'https://grls.rosminzdrav.ru');
    await patient.page.getByTestId('chat-input').fill('Поняла, спасибо');
    await patient.page.getByTestId('chat-send').click();
    await doctor.page.getByTestId('chat-message').filter({ hasText: 'Поняла, спасибо' }).waitFor({ timeout: 15_000 });

    // The patient's device offline for 10 s: the call goes on, no reload.
    await patient.context.setOffline(true);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await patient.context.setOffline(false);
    await seesVideo(patient.page);
    await seesVideo(doctor.page);
    assert.equal(await patient.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true);

    // The media link cut on the patient's device (its peer connection dies, as on a network
    // switch): «Восстанавливаем связь…», the doctor's side calls again, frames again, no reload.
    await patient.page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.forEach((pc) => pc.close()));
    await patient.page.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
    await patient.page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    await seesVideo(patient.page);
    await seesVideo(doctor.page);
    assert.equal(await patient.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true);

    // Another patient cannot join this consultation.
    const stranger = await person(DEMO.secondPatient.phone, PHONE, 'Europe/Moscow');
    pages['stranger'] = stranger.page;
    await stranger.page.goto(callUrl);
    await stranger.page.getByTestId('call-refused').waitFor({ timeout: 20_000 });
    assert.match(await stranger.page.getByTestId('call-refused').innerText(), /Это не ваша консультация/);
    // …nor their own one before its window (booked for tomorrow).
    const strangerApi = await apiSession(stand.server.baseUrl, DEMO.secondPatient.phone);
    await giveConsent(stand.server.baseUrl, strangerApi.token);
    const tomorrow = new Date(Math.ceil(Date.now() / 600_000) * 600_000 + 86_400_000);
    const later = await scheduledConsultation(stand.server.baseUrl, strangerApi, doctorApi, { start: tomorrow.toISOString(), end: new Date(tomorrow.getTime() + 600_000).toISOString() });
    await stranger.page.goto(`/video/${encodeURIComponent(later.id)}`);
    await stranger.page.getByTestId('call-refused').waitFor({ timeout: 20_000 });
    assert.match(await stranger.page.getByTestId('call-refused').innerText(), /^Подключиться можно с .*\(Москва, UTC\+3\)/);
    await stranger.context.close();

    // The camera denied on the patient's laptop: help, then «Продолжить без камеры»: an audio-only
    // call; the phone is told another device took over.
    const laptop = await person(DEMO.patient.phone, DESKTOP, 'Asia/Vladivostok', CAMERA_DENIED);
    pages['laptop'] = laptop.page;
    await laptop.page.goto(callUrl);
    await laptop.page.getByTestId('permission-help').waitFor({ timeout: 20_000 });
    assert.match(await laptop.page.getByTestId('permission-help').innerText(), /Браузер не дал доступ к камере или микрофону/);
    await laptop.page.getByTestId('continue-without-camera').click();
    await laptop.page.getByTestId('check-continue').click();
    await patient.page.getByTestId('call-refused').waitFor({ timeout: 30_000 });
    assert.match(await patient.page.getByTestId('call-refused').innerText(), /с другого устройства/);
    await laptop.page.getByTestId('call').waitFor({ timeout: 30_000 });
    await seesVideo(laptop.page); // the doctor's video reaches the audio-only patient
    await eventually(async () => (await laptop.page.getByTestId('local-video').getAttribute('class'))?.includes('hidden'), 'no own video without a camera');

    // «Завершить консультацию»: both leave; the doctor goes to the conclusion; the duration is recorded.
    await doctor.page.getByTestId('end-call').click();
    await doctor.page.waitForURL((url) => url.pathname.startsWith('/consultations/c/'), { timeout: 30_000 });
    await laptop.page.getByTestId('after-call').waitFor({ timeout: 30_000 });
    assert.match(await laptop.page.getByTestId('after-next').innerText(), /появится в разделе «Документы»/);
    const log = (await fetch(`${stand.server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/log`, { headers: { authorization: `Bearer ${doctorApi.token}` } }).then((r) => r.json())) as CallSummary;
    assert.ok(typeof log.durationSeconds === 'number' && log.durationSeconds > 0, JSON.stringify(log));
    assert.ok(log.events.some((event) => event.kind === 'replaced'), JSON.stringify(log.events));
    await eventually(async () => {
      const answer = await fetch(`${stand.server.baseUrl}/sync/consultations/_all_docs`, {
        method: 'POST', headers: { authorization: `Bearer ${doctorApi.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ keys: [consultation.id], include_docs: true }),
      }).then((r) => r.json()) as { rows: { doc: { status: string } }[] };
      return answer.rows[0]?.doc.status === 'held';
    }, 'the consultation to be held', 20_000);

    // The call is in the consultation's history, in human words, in each reader's zone: the
    // doctor's page (their calendar's zone, UTC here) and the patient's card (their profile's).
    const entries = doctor.page.getByTestId('history-entry');
    await eventually(async () => (await doctor.page.locator('[data-testid="history-entry"][data-kind="call-ended"]').count()) === 1, 'the call\'s end in the history', 30_000);
    const history = await entries.allInnerTexts();
    const line = (kind: string) => doctor.page.locator(`[data-testid="history-entry"][data-kind="${kind}"]`).allInnerTexts();
    assert.equal((await line('call-joined')).filter((text) => /Пациент подключился к звонку/.test(text)).length, 1, history.join('\n'));
    assert.equal((await line('call-joined')).filter((text) => /Врач подключился к звонку/.test(text)).length, 1, history.join('\n'));
    assert.equal((await line('call-left')).length, 2, history.join('\n'));
    const ended = (await line('call-ended'))[0]!;
    // The duration the server measured, as words («меньше минуты», «24 мин»).
    assert.ok(ended.includes(`Звонок длился ${callDurationText(log.durationSeconds!, 'ru')}`), ended);
    assert.match(ended, /\(UTC\)$/, ended); // the doctor's calendar zone
    await laptop.page.goto('/consultations');
    const card = laptop.page.getByTestId('call-events');
    await card.waitFor({ timeout: 30_000 });
    const cardLines = await card.getByTestId('call-event').allInnerTexts();
    // In the patient's zone (their profile's: Moscow for the demo patient), named.
    assert.ok(cardLines.some((text) => /^Пациент подключился к звонку · \d{2}:\d{2} \(Москва, UTC\+3\)$/.test(text)), cardLines.join('\n'));
    assert.ok(cardLines.includes(`Звонок длился ${callDurationText(log.durationSeconds!, 'ru')} · ${formatTimeInZone(log.endedAt!, 'Europe/Moscow')} (Москва, UTC+3)`), cardLines.join('\n'));
  });
});
