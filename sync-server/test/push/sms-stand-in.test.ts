import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docId } from '@oblako/domain';
import { MODULES } from '../../../modules/registry';
import { bearer, requestJson } from '../helpers/http';
import { signedIn } from '../helpers/documents';
import { PushServiceStandIn } from '../helpers/push-service-stand-in';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { ALWAYS_OPEN, nextSlot, scheduledBy, setCalendar, waitFor } from '../consultations/kit';
import { jobOf, pushConfig, pushWorldForSuite, setProfile, subscribe } from './kit';

/**
 * The patient's SMS about a consultation scheduled / moved / cancelled is the fallback of the
 * push: held in the store while the push is tried, cancelled when a device got it, sent when
 * none did (no device, or every attempt failed) — also across a restart in between. Without
 * the push module the SMS goes at once, as before.
 */
describe('SMS only where the push did not reach', () => {
  const worldOf = pushWorldForSuite();

  it('push delivered → no SMS: the held SMS is cancelled, the delivery log says push', async () => {
    const world = worldOf();
    const patient = await signedIn(world.server, 'patient');
    await setProfile(world.server, patient.id, { timeZone: 'Asia/Kamchatka', contactPhone: '+79001230001' });
    const phone = world.push.device(`reached-${randomUUID()}`);
    await subscribe(world.server, patient.token, phone);
    const consultation = await scheduledBy(world, world.doctor, nextSlot(), patient);
    const job = await finishedNotice(world.server, patient.id, 'scheduled');
    assert.equal(job.state, 'sent');
    assert.equal(world.push.to(phone.name).length, 1);
    const [sms] = await consultationSms(world.server, patient.id);
    assert.equal(sms?.state, 'cancelled', 'the SMS standing in for the push is not sent');
    const log = await deliveryLog(world.server, world.manager.token, patient.id);
    const entry = log.find((line) => line.kind === 'scheduled' && line.consultationId === consultation.id);
    assert.deepEqual({ state: entry?.state, channel: entry?.channel, smsId: entry?.smsId }, { state: 'sent', channel: 'push', smsId: undefined });
  });

  it('no subscription → the SMS goes, in the patient zone with the zone named; the log says sms', async () => {
    const world = worldOf();
    const patient = await signedIn(world.server, 'patient');
    const zone = 'Asia/Vladivostok';
    await setProfile(world.server, patient.id, { timeZone: zone, contactPhone: '+79001230002' });
    const slot = nextSlot();
    await scheduledBy(world, world.doctor, slot, patient);
    const job = await finishedNotice(world.server, patient.id, 'scheduled');
    assert.equal(job.state, 'fell_back', JSON.stringify(job));
    const sms = await outOrHeld(world.server, job.smsId!);
    assert.equal(sms?.to, '+79001230002');
    assert.match(sms?.text ?? '', /^Облако здоровья: .*назначена.*Владивосток/);
    assertSentOrHeldForMorning(sms!, zone, slot.start);
    const log = await deliveryLog(world.server, world.manager.token, patient.id);
    const entry = log.find((line) => line.id === job._id);
    assert.deepEqual({ state: entry?.state, channel: entry?.channel, smsId: entry?.smsId }, { state: 'fell_back', channel: 'sms', smsId: job.smsId });
  });

  it('push 5xx until the attempts run out → the SMS goes (after the retries, not before)', async () => {
    const world = worldOf();
    const patient = await signedIn(world.server, 'patient');
    await setProfile(world.server, patient.id, { timeZone: 'Europe/Kaliningrad', contactPhone: '+79001230003' });
    const broken = world.push.device(`broken-${randomUUID()}`);
    await subscribe(world.server, patient.token, broken);
    world.push.answer(broken.name, 503, 503, 503);
    await scheduledBy(world, world.doctor, nextSlot(), patient);
    const job = await finishedNotice(world.server, patient.id, 'scheduled');
    assert.equal(job.state, 'fell_back', JSON.stringify(job));
    assert.equal(job.attempts, 3);
    assert.deepEqual(job.devices, { delivered: 0, removed: 0, failed: 1 });
    const [sms] = await consultationSms(world.server, patient.id);
    assert.equal(sms?.id, job.smsId);
    assert.notEqual(sms?.state, 'cancelled');
  });

  it('read in the cabinet before the push decided: the held SMS is not needed', async () => {
    const world = worldOf();
    const patient = await signedIn(world.server, 'patient');
    const notificationId = docId(patient.id, `notice-${randomUUID()}`);
    const smsId = await world.server.app.sms.enqueue({ key: 'unused', to: '+79001230006', purpose: 'consultation', accountId: patient.id, text: 'Облако: Консультация перенесена.', standsInFor: notificationId });
    const at = new Date().toISOString();
    await world.server.app.store.db('notifications').put({
      _id: notificationId, recipientId: patient.id, kind: 'rescheduled', consultationId: docId(patient.id, 'consultation-r'), patientId: patient.id, createdAt: at, readAt: at,
    });
    const sms = await waitFor('the SMS to be settled', async () => {
      const view = await world.server.app.sms.get(smsId);
      return view?.state === 'cancelled' ? view : null;
    }, 15_000);
    assert.match(sms.lastError ?? '', /reached/);
  });

  it('a restart between «push failed» and «SMS queued»: the dead sender’s claim is taken again and the held SMS goes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-stand-in-'));
    const push = await new PushServiceStandIn().start();
    const config = pushConfig({ dataDir, pushLeaseSeconds: 1 });
    let server: TestServer | null = await startTestServer(config);
    try {
      const patient = await signedIn(server, 'patient');
      await setProfile(server, patient.id, { timeZone: 'Europe/Moscow', contactPhone: '+79001230004' });
      const device = push.device(`restart-${randomUUID()}`);
      await subscribe(server, patient.token, device);
      // What a sender killed right after its last failed attempt leaves in the store: the
      // consultations' SMS held for the verdict, the notice claimed (attempts used up, lease running).
      const notificationId = docId(patient.id, `notice-${randomUUID()}`);
      const smsId = await server.app.sms.enqueue({ key: 'unused', to: '+79001230004', purpose: 'consultation', accountId: patient.id, text: 'Облако: Консультация отменена.', standsInFor: notificationId });
      const held = await rawSms(server, smsId);
      assert.ok(Date.parse(held.nextAttemptAt) > Date.now() + 60_000, 'held for the push verdict');
      const now = new Date().toISOString();
      await server.app.store.db('push_jobs').put({
        _id: `notice:${notificationId}`, type: 'push_job', source: 'notice', accountId: patient.id, kind: 'cancelled_by_doctor',
        consultationId: docId(patient.id, 'consultation-z'), patientId: patient.id, notificationId, dueAt: now,
        expiresAt: new Date(Date.now() + 3600_000).toISOString(), state: 'sending', attempts: 3, leaseOwner: 'a-dead-sender',
        leaseUntil: new Date(Date.now() + 1500).toISOString(), lastError: 'push service answered 503', createdAt: now, updatedAt: now,
      });
      await server.close();
      server = null;

      push.answer(device.name, 503);
      server = await startTestServer(config);
      const job = await waitFor('the claim taken again after its lease', async () => {
        const found = await jobOf(server!, `notice:${notificationId}`);
        return found && found.state !== 'sending' && found.state !== 'queued' ? found : null;
      }, 20_000);
      assert.equal(job.state, 'fell_back', JSON.stringify(job));
      assert.equal(job.smsId, smsId);
      const released = await rawSms(server, smsId);
      assert.equal(released.standsInFor, undefined, 'no longer held');
      assert.ok(released.state === 'sent' || Date.parse(released.nextAttemptAt) < Date.parse(held.nextAttemptAt), `released: ${JSON.stringify(released)}`);
    } finally {
      await server?.close();
      await push.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('without the push module the SMS goes at once, as before (no hold)', async () => {
    const server = await startTestServer(pushConfig(), { modules: MODULES.filter((module) => module.id !== 'push') });
    try {
      const [patient, doctor, otherDoctor, manager] = [
        await signedIn(server, 'patient'), await signedIn(server, 'doctor'), await signedIn(server, 'doctor'), await signedIn(server, 'manager'),
      ];
      await setCalendar(server, doctor, ALWAYS_OPEN, ['cardiology']);
      const zone = 'Europe/Moscow';
      await setProfile(server, patient.id, { timeZone: zone, contactPhone: '+79001230005' });
      const slot = nextSlot();
      await scheduledBy({ server, patient, doctor, otherDoctor, manager }, doctor, slot, patient);
      const [found] = await waitFor('the SMS', async () => {
        const list = await consultationSms(server, patient.id);
        return list.length > 0 ? list : null;
      }, 15_000);
      const sms = await outOrHeld(server, found!.id);
      assert.equal(sms?.to, '+79001230005');
      assert.equal((await rawSms(server, sms!.id)).standsInFor, undefined);
      assertSentOrHeldForMorning(sms!, zone, slot.start);
    } finally {
      await server.close();
    }
  });
});

async function finishedNotice(server: TestServer, patientId: string, kind: string) {
  return waitFor(`the ${kind} notice to be decided`, async () => {
    const rows = await server.app.store.db('push_jobs').allDocs({ include_docs: true, startkey: 'notice:', endkey: 'notice:\ufff0' });
    const job = rows.rows.map((row) => row.doc as unknown as Awaited<ReturnType<typeof jobOf>>).find((doc) => doc?.accountId === patientId && doc.kind === kind);
    return job && job.state !== 'queued' && job.state !== 'sending' ? job : null;
  }, 20_000);
}

/** The SMS once the outbox sent it, or once it is seen waiting for a later moment (the morning). */
function outOrHeld(server: TestServer, id: string) {
  return waitFor('the SMS to go out or wait for the morning', async () => {
    const view = await server.app.sms.get(id);
    if (!view) return null;
    return view.state === 'sent' || (view.state === 'queued' && Date.parse(view.nextAttemptAt ?? '') > Date.now() + 60_000) ? view : null;
  }, 15_000);
}

function consultationSms(server: TestServer, patientId: string) {
  return server.app.sms.find({ purpose: 'consultation', accountId: patientId });
}

async function rawSms(server: TestServer, id: string): Promise<{ state: string; nextAttemptAt: string; standsInFor?: string }> {
  return (await server.app.store.db('sms_messages').get(`sms:${id}`)) as never;
}

async function deliveryLog(server: TestServer, token: string, patientId: string) {
  const answer = await requestJson<{ id: string; kind: string; consultationId: string; state: string; channel: string; smsId?: string }[]>(
    `${server.baseUrl}/api/push/deliveries/${patientId}`, { headers: bearer(token) });
  assert.equal(answer.status, 200);
  return answer.body;
}

/**
 * Daytime in the zone: out at once (the outbox marks it sent). Night: held until 08:00 there,
 * unless the consultation starts before 10:00 that morning — then out at once too.
 */
function assertSentOrHeldForMorning(sms: { state: string; nextAttemptAt?: string }, zone: string, start: string): void {
  if (sms.state === 'sent') return;
  assert.equal(sms.state, 'queued');
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  assert.ok(hour >= 22 || hour < 8, `held at ${hour}:00 in ${zone}, which is not night`);
  const at = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(sms.nextAttemptAt!));
  assert.equal(at, '08:00');
  assert.ok(Date.parse(start) >= Date.parse(sms.nextAttemptAt!) + 2 * 3600_000, 'a consultation starting before 10:00 would not be held');
}
