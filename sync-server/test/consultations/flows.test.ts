import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docId, resolveConsultationConflict, type Consultation } from '@oblako/domain';
import { SyncClient } from '../helpers/sync-client';
import { bearer, postJson } from '../helpers/http';
import type { QueueEntry, StagesPage } from '../../../modules/consultations/index';
import {
  actorOf, get, giveDocuments, newPatient, nextSlot, notificationsOf, openAsPatient, push, readyConsultation, scheduledBy, startWorld, step,
  stored, take, takenBy, uploadDocuments, waitFor, type World,
} from './kit';

describe('consultation conflicts', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.server.close());

  it('two doctors take one patient at once: one 200, one 409 already_taken', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    const answers = await Promise.all([take(world, world.doctor, ready.id), take(world, world.otherDoctor, ready.id)]);
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    assert.equal(loser.body['code'], 'already_taken');
    assert.match(String(loser.body['message']), /уже взял другой врач/);
    const winner = answers[0]!.status === 200 ? world.doctor : world.otherDoctor;
    const now = (await stored(world.server, ready.id))!.consultation;
    assert.equal(now.doctorId, winner.id);
    assert.equal(now.doctorName, winner.name);
  });

  for (const order of ['cancel first', 'reschedule first'] as const) {
    it(`patient cancels while the doctor reschedules (${order}): the cancellation wins`, async () => {
      const patient = await newPatient(world.server);
      const scheduled = await scheduledBy(world, world.doctor, nextSlot(), patient);
      const base = (await stored(world.server, scheduled.id))!;
      const cancel = step(base.consultation, { transition: 'cancel_by_patient', reason: 'Заболела' }, actorOf(patient, 'patient'));
      const move = step(base.consultation, { transition: 'reschedule', slot: nextSlot() }, actorOf(world.doctor, 'doctor'));
      const [first, firstWho, second, secondWho] = order === 'cancel first' ? [cancel, patient, move, world.doctor] : [move, world.doctor, cancel, patient];
      assert.ok((await push(world.server, firstWho, first, base.rev)).ok);
      // The second device pushes on the old revision: a conflict; its handler resolves, then pushes the result.
      assert.equal((await push(world.server, secondWho, second, base.rev)).error, 'conflict');
      const remote = (await stored(world.server, scheduled.id))!;
      const outcome = resolveConsultationConflict(base.consultation, second, remote.consultation);
      assert.equal(outcome.rule, 'cancel_wins');
      if (outcome.merged !== remote.consultation) {
        const row = await push(world.server, secondWho, outcome.merged, remote.rev);
        assert.ok(row.ok, JSON.stringify(row));
      }
      const final = (await stored(world.server, scheduled.id))!.consultation;
      assert.equal(final.status, 'cancelled');
      // The doctor hears of the cancellation, and reads whom it is about (not the doctor's own name).
      const told = await waitFor('the doctor to be told of the cancel', async () =>
        (await notificationsOf(world, world.doctor)).find((n) => n['consultationId'] === scheduled.id && n['kind'] === 'cancelled_by_patient'));
      assert.equal(told['patientName'], patient.name);
      const patientsOwn = (await notificationsOf(world, patient)).filter((n) => n['consultationId'] === scheduled.id);
      assert.ok(patientsOwn.length > 0 && patientsOwn.every((n) => n['patientName'] === undefined), 'the patient is not told their own name');
    });
  }

  it('two bookings of one slot from two offline devices: the earlier bookedAt wins, the other is released; the doctor is told', async () => {
    const [patientA, patientB] = [await newPatient(world.server), await newPatient(world.server)];
    const a = await takenBy(world, world.doctor, patientA);
    const b = await takenBy(world, world.doctor, patientB);
    const slot = nextSlot();
    const earlier = new Date(Date.now() - 60_000);
    // Device 1 picked the slot later but syncs first; device 2 picked it earlier and syncs second.
    const bookingA = step(a, { transition: 'schedule', slot }, actorOf(world.doctor, 'doctor'));
    const bookingB = step(b, { transition: 'schedule', slot }, actorOf(world.doctor, 'doctor'), earlier);
    assert.ok((await push(world.server, world.doctor, bookingA, (await stored(world.server, a.id))!.rev)).ok);
    const rowB = await push(world.server, world.doctor, bookingB, (await stored(world.server, b.id))!.rev);
    assert.ok(rowB.ok, JSON.stringify(rowB));
    const released = await waitFor('A to be released', async () => {
      const now = (await stored(world.server, a.id))!.consultation;
      return now.status === 'taken' ? now : null;
    });
    assert.equal(released.history.at(-1)?.transition, 'release_slot');
    assert.equal(released.history.at(-1)?.role, 'system');
    assert.equal((await stored(world.server, b.id))!.consultation.status, 'scheduled');
    const notices = await waitFor('slot_conflict for the doctor', async () =>
      (await notificationsOf(world, world.doctor)).find((n) => n['kind'] === 'slot_conflict' && n['consultationId'] === a.id));
    assert.equal(notices['otherConsultationId'] ?? b.id, b.id);
    // A third booking of the same slot, picked later than B's: refused.
    const patientC = await newPatient(world.server);
    const c = await takenBy(world, world.doctor, patientC);
    const rowC = await push(world.server, world.doctor, step(c, { transition: 'schedule', slot }, actorOf(world.doctor, 'doctor')), (await stored(world.server, c.id))!.rev);
    assert.equal(rowC.code, 'overlaps_booking');
  });
});

describe('consultation flows', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.server.close());

  it('readiness is automatic: uploaded and verified documents put the patient into the doctor\'s queue', async () => {
    const opened = await openAsPatient(world);
    assert.equal(opened.status, 'awaiting_documents');
    await uploadDocuments(world.server, world.patient);
    const ready = await waitFor('ready', async () => {
      const now = (await stored(world.server, opened.id))!.consultation;
      return now.status === 'ready' ? now : null;
    });
    assert.equal(ready.history.at(-1)?.role, 'system');
    const queue = await get<QueueEntry[]>(world, world.doctor, '/api/consultations/queue');
    assert.equal(queue.status, 200);
    const entry = queue.body.find((row) => row.consultationId === opened.id);
    assert.ok(entry, 'the patient is in the queue');
    assert.equal(entry.specialty, 'cardiology');
    assert.deepEqual(entry.documentCounts, { conclusion: 1, mri: 1 });
    assert.equal(entry.promise, 'on_time');
    // The listing is audited.
    const views = await world.server.app.audit.viewsOf(world.patient.id);
    assert.ok(views.entries.some((view) => view.action === 'queue.read' && view.actor.id === world.doctor.id));
    // A patient cannot see the queue.
    assert.equal((await get(world, world.patient, '/api/consultations/queue')).status, 403);
  });

  it('a take gives the doctor the patient\'s documents; a reassignment moves them', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    const documents = (who: typeof world.doctor) => new SyncClient(world.server.baseUrl, 'documents', who.token).pullAll();
    assert.equal((await documents(world.doctor)).rows.filter((row) => row.id.startsWith(patient.id)).length, 0);
    assert.equal((await take(world, world.doctor, ready.id)).status, 200);
    assert.equal((await documents(world.doctor)).rows.filter((row) => row.id.startsWith(patient.id)).length, 2);

    const badReason = await postJson(`${world.server.baseUrl}/api/consultations/${encodeURIComponent(ready.id)}/reassign`, { doctorId: world.otherDoctor.id, reason: '' }, bearer(world.manager.token));
    assert.equal(badReason.status, 400);
    const notDoctor = await postJson(`${world.server.baseUrl}/api/consultations/${encodeURIComponent(ready.id)}/reassign`, { doctorId: world.manager.id, reason: 'Отпуск' }, bearer(world.manager.token));
    assert.equal(notDoctor.status, 400);
    assert.equal((notDoctor.body as Record<string, unknown>)['code'], 'not_a_doctor');
    const moved = await postJson<Consultation>(`${world.server.baseUrl}/api/consultations/${encodeURIComponent(ready.id)}/reassign`, { doctorId: world.otherDoctor.id, reason: 'Отпуск врача' }, bearer(world.manager.token));
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.doctorId, world.otherDoctor.id);
    assert.equal(moved.body.doctorName, world.otherDoctor.name);
    assert.equal((await documents(world.otherDoctor)).rows.filter((row) => row.id.startsWith(patient.id) && !row.deleted).length, 2);
    assert.deepEqual(await world.server.app.access.doctorsOf(patient.id), [world.otherDoctor.id]);
    // Both doctors and the patient are told (the patient: their doctor changed).
    await waitFor('assigned', async () => (await notificationsOf(world, world.otherDoctor)).find((n) => n['kind'] === 'assigned'));
    await waitFor('unassigned', async () => (await notificationsOf(world, world.doctor)).find((n) => n['kind'] === 'unassigned'));
    await waitFor('doctor_changed', async () => (await notificationsOf(world, patient)).find((n) => n['kind'] === 'doctor_changed'));
  });

  it('scheduling notifies the patient (and nobody else), with an SMS in the patient\'s zone', async () => {
    const patient = await newPatient(world.server);
    const slot = nextSlot();
    const scheduled = await scheduledBy(world, world.doctor, slot, patient);
    const mine = await waitFor('the scheduled notice', async () =>
      (await notificationsOf(world, patient)).find((n) => n['kind'] === 'scheduled' && n['consultationId'] === scheduled.id));
    assert.deepEqual(mine['slot'], slot);
    assert.equal(mine['specialty'], 'cardiology');
    assert.equal(mine['doctorName'], world.doctor.name);
    assert.equal(mine['recipientId'], patient.id);
    // Nobody else sees it: another patient, the doctor who scheduled, the manager.
    for (const other of [world.patient, world.doctor, world.manager]) {
      assert.equal((await notificationsOf(world, other)).some((n) => n['consultationId'] === scheduled.id && n['kind'] === 'scheduled'), false);
    }
    const sms = await world.server.app.sms.find({ purpose: 'consultation', accountId: patient.id });
    assert.equal(sms.length, 1);
    // The patient may mark it read, and nothing else.
    const client = new SyncClient(world.server.baseUrl, 'notifications', patient.token);
    const raw = (await client.allDocs([mine['_id'] ?? docId(patient.id, 'x')])).body.rows[0]!;
    const rev = raw.value!.rev;
    const { rows } = await client.pullAll();
    const doc = rows.find((row) => row.id === raw.id)!.doc!;
    assert.ok((await client.bulkDocs([{ ...doc, _rev: rev, readAt: new Date().toISOString() }])).body[0]!.ok);
  });

  it('a referral with a consultation profile opens a consultation, once; the manager sees every patient\'s stage', async () => {
    const patient = await newPatient(world.server);
    const referralId = docId(patient.id, 'referral-row-7');
    await world.server.app.store.db('referrals').put({
      _id: referralId, patientId: patient.id, diagnosis: 'ИБС', icd10: 'I25.1', referringOrganization: 'ЦРБ', attendingDoctor: 'Иванов',
      consultationProfile: 'Кардиология', source: { fileName: 'a.xlsx', sheet: 'Лист1', rowNumber: 7 }, importId: 'imp-1', importedBy: world.manager.id,
      importedAt: new Date().toISOString(),
    });
    const id = docId(patient.id, 'consultation-referral-row-7');
    const opened = await waitFor('the referral\'s consultation', async () => (await stored(world.server, id))?.consultation);
    assert.equal(opened.specialty, 'cardiology');
    assert.equal(opened.referralId, referralId);
    await giveDocuments(world.server, patient.id);
    await waitFor('ready', async () => (await stored(world.server, id))?.consultation.status === 'ready');

    const lonely = await newPatient(world.server);
    const stages = await get<StagesPage>(world, world.manager, '/api/consultations/stages?limit=200');
    assert.equal(stages.status, 200);
    const row = stages.body.rows.find((entry) => entry.patientId === patient.id)!;
    assert.equal(row.stage, 'ready');
    assert.equal(row.promise, 'on_time');
    const none = stages.body.rows.find((entry) => entry.patientId === lonely.id)!;
    assert.equal(none.stage, 'registered');
    assert.deepEqual(none.missing, ['conclusion', 'examination']);
    const doctors = await get<{ id: string; specialties: string[] }[]>(world, world.manager, '/api/consultations/doctors');
    assert.equal(doctors.status, 200);
    assert.ok(doctors.body.some((doctor) => doctor.id === world.doctor.id && doctor.specialties.includes('cardiology')));
    assert.equal((await get(world, world.doctor, '/api/consultations/stages')).status, 403);
  });
});
