import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT_API, CONSENT_VERSION, type ConsentStatus } from '@oblako/domain';
import { CONSENT_WITHDRAWN_REASON } from '../../../modules/consultations/server/consent-withdrawal';
import { SLOT_CLAIMS_DB } from '../../../modules/consultations/server/slot-claims';
import { bearer, postJson } from '../helpers/http';
import { jobsOf, setProfile, startPushWorld } from '../push/kit';
import type { PushServiceStandIn } from '../helpers/push-service-stand-in';
import {
  newPatient, nextSlot, notificationsOf, openAsPatient, readyConsultation, scheduledBy, stored, takenBy, waitFor, type World,
} from './kit';

/**
 * Withdrawing consent (POST /api/consent/withdrawal) cancels the patient's open consultations:
 * in the patient's name with the reason, the booked slot freed for others, the doctor told
 * (naming the patient), no reminder left; a held consultation stays (it is part of the record).
 */
describe('consent withdrawal cancels the open consultations', () => {
  let world: World & { push: PushServiceStandIn };
  before(async () => {
    world = await startPushWorld();
  });
  after(async () => {
    await world.server.close();
    await world.push.stop();
  });

  const withdraw = (token: string) => postJson<ConsentStatus>(`${world.server.baseUrl}${CONSENT_API.withdrawal}`, { version: CONSENT_VERSION }, bearer(token));

  it('scheduled, taken and in the queue: all cancelled; the slot is free again; the doctor is told who; no reminder goes out', async () => {
    const patient = await newPatient(world.server);
    await setProfile(world.server, patient.id, { timeZone: 'Asia/Vladivostok' });
    await world.server.app.store.db('profiles').get(`${patient.id}:profile`).then((doc) =>
      world.server.app.store.db('profiles').put({ ...doc, fullName: 'Соколова Мария Ивановна' }));
    const slot = nextSlot();
    const scheduled = await scheduledBy(world, world.doctor, slot, patient);
    const taken = await takenBy(world, world.otherDoctor, patient);
    const queued = await readyConsultation(world, patient);
    const bystander = await newPatient(world.server);
    const othersScheduled = await scheduledBy(world, world.doctor, nextSlot(), bystander);
    const reminders = `reminder:${scheduled.id}:`;
    await waitFor('the reminders of the scheduled consultation', async () => (await jobsOf(world.server, reminders)).some((job) => job.state === 'queued'));

    const answer = await withdraw(patient.token);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accepted, false);

    for (const consultation of [scheduled, taken, queued]) {
      const now = (await stored(world.server, consultation.id))!.consultation;
      assert.equal(now.status, 'cancelled', `${consultation.id} cancelled`);
      assert.equal(now.cancellation?.by, 'patient');
      assert.equal(now.cancellation?.actorId, patient.id);
      assert.equal(now.cancellation?.reason, CONSENT_WITHDRAWN_REASON);
      const last = now.history[now.history.length - 1]!;
      assert.equal(last.transition, 'cancel_by_patient');
      assert.equal(last.actorId, patient.id);
    }
    // Another patient of the same doctor keeps their consultation.
    assert.equal((await stored(world.server, othersScheduled.id))!.consultation.status, 'scheduled');

    // The slot is no longer claimed: the doctor can give it to someone else.
    const claims = await world.server.app.store.db(SLOT_CLAIMS_DB).allDocs({ keys: [`${world.doctor.id}:${slot.start}`] });
    assert.ok(claims.rows.every((row) => !('value' in row) || row.value.deleted), 'the claim of the slot is released');
    const next = await newPatient(world.server);
    const rebooked = await scheduledBy(world, world.doctor, slot, next);
    assert.equal(rebooked.status, 'scheduled');
    assert.deepEqual(rebooked.slot, slot);

    // Each doctor is told, and the notice names the patient and says why.
    for (const [doctor, consultation] of [[world.doctor, scheduled], [world.otherDoctor, taken]] as const) {
      const notices = (await notificationsOf(world, doctor)).filter((n) => n['consultationId'] === consultation.id && n['kind'] === 'cancelled_by_patient');
      assert.equal(notices.length, 1, 'one cancellation notice for the doctor');
      assert.equal(notices[0]!['patientName'], 'Соколова Мария Ивановна');
      assert.equal(notices[0]!['text'], CONSENT_WITHDRAWN_REASON);
    }

    // No reminder of the cancelled consultation is left to go out (SMS/push).
    await waitFor('every reminder cancelled', async () => {
      const jobs = await jobsOf(world.server, reminders);
      return jobs.length > 0 && jobs.every((job) => job.state === 'cancelled');
    });
  });

  it('a consultation waiting for documents is cancelled too', async () => {
    const patient = await newPatient(world.server);
    const waiting = await openAsPatient(world, patient);
    assert.equal(waiting.status, 'awaiting_documents');
    assert.equal((await withdraw(patient.token)).status, 200);
    const now = (await stored(world.server, waiting.id))!;
    assert.equal(now.consultation.status, 'cancelled');
    assert.equal(now.consultation.cancellation?.reason, CONSENT_WITHDRAWN_REASON);
  });

  it('a refused withdrawal (outdated text) cancels nothing', async () => {
    const patient = await newPatient(world.server);
    const waiting = await openAsPatient(world, patient);
    const refused = await postJson(`${world.server.baseUrl}${CONSENT_API.withdrawal}`, { version: '2000-01-01' }, bearer(patient.token));
    assert.equal(refused.status, 409);
    assert.equal((await stored(world.server, waiting.id))!.consultation.status, 'awaiting_documents');
  });
});
