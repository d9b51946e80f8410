import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { docId } from '@oblako/domain';
import { bearer, requestJson } from '../helpers/http';
import { nextSlot, scheduledBy, waitFor, type World } from '../consultations/kit';
import type { PushServiceStandIn } from '../helpers/push-service-stand-in';
import { startTestServer } from '../helpers/test-server';
import { signedIn } from '../helpers/documents';
import { devicesOf, jobOf, setProfile, startPushWorld, storeConsultation, subscribe, TEST_VAPID } from './kit';

/**
 * Web push as the cabinet's delivery channel, against a push-service stand-in on loopback that
 * decrypts every message with the device's own keys (real aes128gcm + VAPID end to end).
 */
describe('push channel', () => {
  let world: World & { push: PushServiceStandIn };
  before(async () => {
    world = await startPushWorld();
  });
  after(async () => {
    await world.server.close();
    await world.push.stop();
  });

  it('the VAPID key is the configured one; signed-out callers get 401', async () => {
    const key = await requestJson<{ publicKey: string }>(`${world.server.baseUrl}/api/push/vapid-key`, { headers: bearer(world.patient.token) });
    assert.equal(key.status, 200);
    assert.equal(key.body.publicKey, TEST_VAPID.publicKey);
    assert.equal((await requestJson(`${world.server.baseUrl}/api/push/vapid-key`)).status, 401);
  });

  it('bad subscriptions are refused with a clear Russian message; nothing stored', async () => {
    const device = world.push.device(`bad-${randomUUID()}`);
    const foreign = await subscribe(world.server, world.patient.token, device, { accountId: world.doctor.id });
    assert.equal(foreign.status, 403);
    assert.equal((foreign.body as unknown as { code: string }).code, 'push_foreign_account');
    assert.match((foreign.body as unknown as { message: string }).message, /только для своей учётной записи/);

    const badKeys = await subscribe(world.server, world.patient.token, device, { keys: { p256dh: 'A'.repeat(87), auth: 'B'.repeat(22) } });
    assert.equal(badKeys.status, 400);
    assert.equal((badKeys.body as unknown as { code: string }).code, 'push_keys_invalid');

    const malformed = await subscribe(world.server, world.patient.token, device, { endpoint: 'мусор' });
    assert.equal(malformed.status, 400);
    const extraField = await subscribe(world.server, world.patient.token, device, { admin: true });
    assert.equal(extraField.status, 400);
    assert.equal((await devicesOf(world.server, world.patient.token)).body.length, 0);
  });

  it('a private endpoint is refused in production (no stand-in allowance)', async () => {
    const server = await startTestServer({ vapidPublicKey: TEST_VAPID.publicKey, vapidPrivateKey: TEST_VAPID.privateKey, vapidSubject: 'mailto:ops@oblako.test' });
    try {
      const patient = await signedIn(server, 'patient');
      const device = world.push.device(`prod-${randomUUID()}`);
      const answer = await subscribe(server, patient.token, device);
      assert.equal(answer.status, 400);
      assert.equal((answer.body as unknown as { code: string }).code, 'push_endpoint_not_https');
      const loopback = await subscribe(server, patient.token, { ...device, subscription: { ...device.subscription, endpoint: 'https://127.0.0.1:9/push/x' } });
      assert.equal((loopback.body as unknown as { code: string }).code, 'push_endpoint_private');
    } finally {
      await server.close();
    }
  });

  it('scheduling reaches the patient’s phone: decrypted text in the patient zone, no reason, tap opens the consultation', async () => {
    const phone = world.push.device(`patient-phone-${randomUUID()}`);
    const subscribed = await subscribe(world.server, world.patient.token, phone);
    assert.equal(subscribed.status, 201);
    await setProfile(world.server, world.patient.id, { timeZone: 'Asia/Vladivostok' });
    const before = world.push.received.length;
    const consultation = await scheduledBy(world, world.doctor, nextSlot());

    await world.push.waitForCount(before + 1);
    const push = world.push.to(phone.name).at(-1)!;
    const { notification } = push.payload;
    assert.equal(notification.title, 'Облако здоровья');
    assert.match(notification.body, /^Консультация назначена на .*\(Владивосток, UTC\+10\)\.$/);
    assert.doesNotMatch(notification.body, /cardiology|кардиолог/i);
    assert.equal(notification.data.consultationId, consultation.id);
    assert.equal(notification.data.onActionClick.default.operation, 'navigateLastFocusedOrOpen');
    assert.ok(notification.data.onActionClick.default.url.startsWith(`/consultations?c=${encodeURIComponent(consultation.id)}&notice=`));
    // RFC 8030/8292 headers: a lifetime, an urgency, a topic; VAPID signed by our key for this origin.
    assert.ok(Number(push.headers['ttl']) > 3600);
    assert.equal(push.headers['urgency'], 'normal');
    assert.equal(push.headers['topic'], notification.tag);
    assert.equal(push.vapid.publicKey, TEST_VAPID.publicKey);
    assert.equal(push.vapid.aud, world.push.baseUrl);
    assert.equal(push.vapid.sub, 'mailto:ops@oblako.test');

    // The job says what happened (the manager's delivery log).
    // Recorded once the push service answered (and the stand-in SMS was cancelled).
    const { log, scheduled } = await waitFor('the delivery recorded', async () => {
      const answer = await requestJson<{ kind: string; state: string; channel: string; devices: { delivered: number } }[]>(
        `${world.server.baseUrl}/api/push/deliveries/${world.patient.id}`, { headers: bearer(world.manager.token) });
      const entry = answer.body.find((line) => line.kind === 'scheduled');
      return entry && entry.state !== 'sending' ? { log: answer, scheduled: entry } : null;
    }, 15_000);
    assert.equal(log.status, 200);
    assert.deepEqual({ state: scheduled?.state, channel: scheduled?.channel, delivered: scheduled?.devices.delivered }, { state: 'sent', channel: 'push', delivered: 1 });
    // Only managers read the log.
    assert.equal((await requestJson(`${world.server.baseUrl}/api/push/deliveries/${world.patient.id}`, { headers: bearer(world.patient.token) })).status, 403);
  });

  it('a device of another person: the patient lists and removes only their own devices', async () => {
    const mine = world.push.device(`own-${randomUUID()}`);
    await subscribe(world.server, world.doctor.token, mine);
    const doctorDevices = (await devicesOf(world.server, world.doctor.token)).body;
    assert.equal(doctorDevices.length, 1);
    const removeForeign = await requestJson(`${world.server.baseUrl}/api/push/subscriptions/${doctorDevices[0]!.id}`, { method: 'DELETE', headers: bearer(world.patient.token) });
    assert.equal(removeForeign.status, 404);
    const removeOwn = await requestJson(`${world.server.baseUrl}/api/push/subscriptions/${doctorDevices[0]!.id}`, { method: 'DELETE', headers: bearer(world.doctor.token) });
    assert.equal(removeOwn.status, 204);
    assert.equal((await devicesOf(world.server, world.doctor.token)).body.length, 0);
  });

  it('a shared phone: when another person subscribes it, the previous one stops getting pushes there', async () => {
    const other = await signedIn(world.server, 'patient');
    const shared = world.push.device(`shared-${randomUUID()}`);
    await subscribe(world.server, other.token, shared);
    await subscribe(world.server, world.manager.token, shared);
    assert.equal((await devicesOf(world.server, other.token)).body.length, 0);
    assert.equal((await devicesOf(world.server, world.manager.token)).body.length, 1);
  });

  it('410 from the push service removes the subscription; the other device still gets it', async () => {
    const patient = await signedIn(world.server, 'patient');
    const [gone, alive] = [world.push.device(`gone-${randomUUID()}`), world.push.device(`alive-${randomUUID()}`)];
    await subscribe(world.server, patient.token, gone);
    await subscribe(world.server, patient.token, alive);
    world.push.answer(gone.name, 410);
    const notificationId = await writeNotification(world, patient.id, 'conclusion_issued');
    await waitFor('the push to the live device', async () => world.push.to(alive.name).length === 1, 15_000);
    const job = await waitFor('the job to finish', async () => {
      const found = await jobOf(world.server, `notice:${notificationId}`);
      return found?.state === 'sent' ? found : null;
    }, 15_000);
    assert.deepEqual(job.devices, { delivered: 1, removed: 1, failed: 0 });
    assert.equal(world.push.to(alive.name)[0]!.payload.notification.body, 'Заключение врача готово.');
    const devices = (await devicesOf(world.server, patient.token)).body;
    assert.deepEqual(devices.map((device) => device.deviceName), [alive.name]);
  });

  it('5xx: retried with backoff, delivered on the third attempt', async () => {
    const patient = await signedIn(world.server, 'patient');
    const flaky = world.push.device(`flaky-${randomUUID()}`);
    await subscribe(world.server, patient.token, flaky);
    world.push.answer(flaky.name, 503, 500);
    const notificationId = await writeNotification(world, patient.id, 'documents_requested');
    const job = await waitFor('the job to be sent', async () => {
      const found = await jobOf(world.server, `notice:${notificationId}`);
      return found?.state === 'sent' ? found : null;
    }, 15_000);
    assert.equal(job.attempts, 3);
    assert.equal(world.push.to(flaky.name).length, 1);
  });

  it('5xx until the attempts run out: the 24 h reminder falls back to an SMS (time in the zone, named)', async () => {
    const patient = await signedIn(world.server, 'patient');
    const broken = world.push.device(`broken-${randomUUID()}`);
    await subscribe(world.server, patient.token, broken);
    world.push.answer(broken.name, 503, 503, 503, 503);
    // A zone where it is daytime now, so the SMS is not held for the morning. Between about
    // 19:00 and 21:00 UTC it is evening or night in every Russian zone: then it must wait for 08:00.
    const zone = daytimeZone() ?? 'Europe/Moscow';
    const quietNow = hourIn(zone) >= 22 || hourIn(zone) < 8;
    await setProfile(world.server, patient.id, { timeZone: zone, contactPhone: '+79001112233' });
    const jobId = await storeDueReminder(world, patient.id);
    const job = await waitFor('the fallback', async () => {
      const found = await jobOf(world.server, jobId);
      return found?.state === 'fell_back' ? found : null;
    }, 15_000);
    assert.equal(job.attempts, 3);
    const sms = await world.server.app.sms.get(job.smsId!);
    assert.equal(sms?.to, '+79001112233');
    assert.match(sms?.text ?? '', /^Облако здоровья: Напоминание: консультация .*UTC/);
    if (quietNow) assert.equal(localTime(sms!.nextAttemptAt!, zone), '08:00', 'quiet hours: held for the morning there');
    else assert.ok(Date.parse(sms!.nextAttemptAt ?? sms!.queuedAt) <= Date.now() + 1000, 'daytime: not held');
    const log = await requestJson<{ kind: string; state: string; channel: string; smsId?: string }[]>(`${world.server.baseUrl}/api/push/deliveries/${patient.id}`, { headers: bearer(world.manager.token) });
    // Newest due first: the start and 1 h reminders the scheduler planned wait; the 24 h one went by SMS.
    assert.deepEqual(log.body.map((entry) => `${entry.kind}:${entry.state}:${entry.channel}`), ['reminder_start:queued:none', 'reminder_1h:queued:none', 'reminder_24h:fell_back:sms']);
    assert.equal(log.body[2]!.smsId, job.smsId);
  });

  it('no device at all: the 24 h reminder goes by SMS; at night in the patient zone it waits for 08:00 there', async () => {
    const patient = await signedIn(world.server, 'patient');
    const zone = nightZone();
    if (!zone) return; // every Russian zone is in daytime right now (cannot happen: 14 h of day over an 11 h span)
    await setProfile(world.server, patient.id, { timeZone: zone, contactPhone: '+79001112244' });
    const jobId = await storeDueReminder(world, patient.id, 30);
    const job = await waitFor('the fallback', async () => {
      const found = await jobOf(world.server, jobId);
      return found && found.state !== 'queued' && found.state !== 'sending' ? found : null;
    }, 15_000);
    assert.equal(job.state, 'fell_back', JSON.stringify(job));
    const sms = await world.server.app.sms.get(job.smsId!);
    assert.equal(localTime(sms!.nextAttemptAt!, zone), '08:00');
  });

  it('a notification already read, or older than a day (a restart after long downtime), is not pushed', async () => {
    const patient = await signedIn(world.server, 'patient');
    const phone = world.push.device(`quiet-${randomUUID()}`);
    await subscribe(world.server, patient.token, phone);
    const db = world.server.app.store.db('notifications');
    const base = { recipientId: patient.id, kind: 'conclusion_issued', consultationId: docId(patient.id, 'consultation-y'), patientId: patient.id };
    const read = docId(patient.id, `notice-${randomUUID()}`);
    const old = docId(patient.id, `notice-${randomUUID()}`);
    await db.bulkDocs([
      { _id: read, ...base, createdAt: new Date().toISOString(), readAt: new Date().toISOString() },
      { _id: old, ...base, createdAt: new Date(Date.now() - 25 * 3600_000).toISOString() },
    ]);
    // A fresh one after them: when it has arrived, the two before it were handled too (one feed, in order).
    const fresh = await writeNotification(world, patient.id, 'documents_requested');
    await waitFor('the fresh push', async () => world.push.to(phone.name).length >= 1, 15_000);
    assert.deepEqual(world.push.to(phone.name).map((push) => push.payload.notification.data.notificationId), [fresh]);
    assert.equal(await jobOf(world.server, `notice:${read}`), null);
    assert.equal(await jobOf(world.server, `notice:${old}`), null);
  });

  it('«Добавить в календарь»: the patient’s own consultation as .ics in her zone; another patient gets 404; no time yet → 409', async () => {
    const patient = await signedIn(world.server, 'patient');
    await setProfile(world.server, patient.id, { timeZone: 'Europe/Kaliningrad' });
    const id = docId(patient.id, `consultation-${randomUUID()}`);
    const start = new Date(Math.ceil((Date.now() + 48 * 3600_000) / 60_000) * 60_000);
    const slot = { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
    const at = new Date().toISOString();
    await storeConsultation(world.server, { id, patientId: patient.id, status: 'scheduled', specialty: 'oncology', slot, history: [{}, {}], createdAt: at, updatedAt: at } as never);
    const url = `${world.server.baseUrl}/api/push/calendar/${encodeURIComponent(id)}`;
    const response = await fetch(url, { headers: bearer(patient.token) });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/calendar/);
    const ics = await response.text();
    const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Kaliningrad', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .format(start).replace(/[-:]/g, '').replace(' ', 'T');
    assert.match(ics, new RegExp(`DTSTART;TZID=Europe/Kaliningrad:${wall}`));
    assert.match(ics, /TZOFFSETTO:\+0200/);
    assert.doesNotMatch(ics, /oncology|онколог/i);

    const stranger = await signedIn(world.server, 'patient');
    assert.equal((await fetch(url, { headers: bearer(stranger.token) })).status, 404);
    assert.equal((await fetch(url, { headers: bearer(world.otherDoctor.token) })).status, 404);
    assert.equal((await fetch(url, { headers: bearer(world.manager.token) })).status, 200);

    await storeConsultation(world.server, { id, patientId: patient.id, status: 'cancelled', specialty: 'oncology', history: [], createdAt: at, updatedAt: at } as never);
    const cancelled = await requestJson<{ code: string; message: string }>(url, { headers: bearer(patient.token) });
    assert.equal(cancelled.status, 409);
    assert.equal(cancelled.body.code, 'calendar_no_time');
    assert.match(cancelled.body.message, /нет назначенного времени/);
  });
});

async function writeNotification(world: World, recipientId: string, kind: string): Promise<string> {
  const id = docId(recipientId, `notice-${randomUUID()}`);
  await world.server.app.store.db('notifications').put({
    _id: id, recipientId, kind, consultationId: docId(recipientId, 'consultation-x'), patientId: recipientId, createdAt: new Date().toISOString(),
  });
  return id;
}

/** A scheduled consultation ~2 days ahead (hours: how far) and its 24 h reminder due now, as the scheduler left it. */
async function storeDueReminder(world: World, patientId: string, hoursAhead = 25): Promise<string> {
  const id = docId(patientId, `consultation-${randomUUID()}`);
  const start = new Date(Math.ceil((Date.now() + hoursAhead * 3600_000) / 60_000) * 60_000);
  const slot = { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
  await storeConsultation(world.server, { id, patientId, status: 'scheduled', specialty: 'cardiology', slot, history: [], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() } as never);
  const jobId = `reminder:${id}:${start.getTime()}:reminder_24h:${patientId}`;
  const now = new Date().toISOString();
  await world.server.app.store.db('push_jobs').put({
    _id: jobId, type: 'push_job', source: 'reminder', accountId: patientId, role: 'patient', kind: 'reminder_24h', consultationId: id, patientId, slot,
    dueAt: now, expiresAt: new Date(start.getTime() - 3600_000).toISOString(), state: 'queued', attempts: 0, createdAt: now, updatedAt: now,
  });
  return jobId;
}

const ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka'];
const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
/** HH:MM of an instant on the wall clock of `zone`, independently of the app (Intl). */
const localTime = (instant: string, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
function daytimeZone(): string | undefined {
  return ZONES.find((zone) => hourIn(zone) >= 9 && hourIn(zone) < 21);
}
function nightZone(): string | undefined {
  return ZONES.find((zone) => hourIn(zone) >= 23 || hourIn(zone) < 7);
}
