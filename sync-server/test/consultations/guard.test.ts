import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Consultation } from '@oblako/domain';
import { actorOf, draft, nextSlot, newPatient, openAsPatient, push, readyConsultation, scheduledBy, setCalendar, startWorld, step, stored, takenBy, type World } from './kit';

/** Every forbidden transition through /sync/consultations/_bulk_docs is refused with its code. */
describe('the consultations write guard', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.server.close());

  const refusedWith = async (who: World['patient'], consultation: Consultation, rev: string | undefined, code: string) => {
    const row = await push(world.server, who, consultation, rev);
    assert.equal(row.error, 'forbidden', JSON.stringify(row));
    assert.equal(row.code, code, JSON.stringify(row));
    assert.ok(row.reason && row.reason.length > 0);
    return row;
  };

  it('refuses scheduling in the past, outside working hours and over another booking', async () => {
    const patient = await newPatient(world.server);
    const taken = await takenBy(world, world.doctor, patient);
    const { rev } = (await stored(world.server, taken.id))!;
    const doctor = actorOf(world.doctor, 'doctor');
    const hour = 3_600_000;
    const pastStart = new Date(Math.floor((Date.now() - 2 * hour) / (30 * 60_000)) * 30 * 60_000);
    const past = { start: pastStart.toISOString(), end: new Date(pastStart.getTime() + 30 * 60_000).toISOString() };
    // Built with a device clock before the slot, as an offline device that synced late.
    await refusedWith(world.doctor, step(taken, { transition: 'schedule', slot: past }, doctor, new Date(pastStart.getTime() - hour)), rev, 'in_past');

    const slot = nextSlot();
    await setCalendar(world.server, world.doctor, {
      timeZone: 'UTC', slotMinutes: 30, week: { mon: [{ start: '03:00', end: '03:30' }] }, daysOff: [],
    }, ['cardiology']);
    try {
      const outside = { start: slot!.start, end: slot!.end };
      const dayOfWeek = new Date(outside.start).getUTCDay();
      const at0300Monday = dayOfWeek === 1 && outside.start.includes('T03:00');
      if (!at0300Monday) await refusedWith(world.doctor, step(taken, { transition: 'schedule', slot: outside }, doctor), rev, 'outside_working_hours');
    } finally {
      await setCalendar(world.server, world.doctor, { timeZone: 'UTC', slotMinutes: 30, week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) }, ['cardiology']);
    }

    // Another patient holds a slot; this booking came later (later bookedAt): refused.
    const held = nextSlot();
    const other = await newPatient(world.server);
    await scheduledBy(world, world.doctor, held!, other);
    await refusedWith(world.doctor, step(taken, { transition: 'schedule', slot: held! }, doctor), rev, 'overlaps_booking');
  });

  it('refuses scheduling for a patient who is not ready, and by a doctor who did not take the patient', async () => {
    const patient = await newPatient(world.server);
    const opened = await openAsPatient(world, patient);
    const { rev } = (await stored(world.server, opened.id))!;
    // The patient cannot claim readiness without documents.
    await refusedWith(patient, step(opened, { transition: 'documents_ready' }, actorOf(patient, 'patient')), rev, 'patient_not_ready');

    const taken = await takenBy(world, world.doctor);
    const current = (await stored(world.server, taken.id))!;
    const slot = nextSlot();
    // The other doctor is not assigned to this patient: the policy stops them before the state machine.
    const row = await push(world.server, world.otherDoctor, draft(taken, { transition: 'schedule', slot: slot! }, { id: world.otherDoctor.id, role: 'doctor' }), current.rev);
    assert.equal(row.error, 'forbidden');
    assert.equal(row.code, 'outside_scope');
    // A manager writing a doctor's step in the doctor's name: managers write no consultation by
    // replication at all (they act through the API), so the policy refuses it before the history.
    const forged = step(taken, { transition: 'schedule', slot: slot! }, actorOf(world.doctor, 'doctor'));
    const byManager = await push(world.server, world.manager, forged, current.rev);
    assert.equal(byManager.error, 'forbidden');
    assert.equal(byManager.code, 'role_cannot_write');
  });

  it('refuses a doctor acting on a consultation another doctor took (both assigned to the patient)', async () => {
    const patient = await newPatient(world.server);
    const taken = await takenBy(world, world.doctor, patient);
    await world.server.app.access.assign(world.otherDoctor.id, patient.id);
    const current = (await stored(world.server, taken.id))!;
    const slot = nextSlot();
    const theirs = draft(taken, { transition: 'schedule', slot: slot! }, { id: world.otherDoctor.id, role: 'doctor' });
    await refusedWith(world.otherDoctor, theirs, current.rev, 'not_your_consultation');
  });

  it('refuses a cancel of a finished consultation and a conclusion-less issue', async () => {
    const patient = await newPatient(world.server);
    const slot = nextSlot();
    const taken = await takenBy(world, world.doctor, patient);
    // Held: written straight into the store (the slot must have passed for `complete`).
    const start = new Date(Date.now() - 3_600_000);
    const held: Consultation = {
      ...taken,
      status: 'held',
      slot: { start: new Date(Math.floor(start.getTime() / 1_800_000) * 1_800_000).toISOString(), end: new Date(Math.floor(start.getTime() / 1_800_000) * 1_800_000 + 1_800_000).toISOString() },
      bookedAt: start.toISOString(),
      firstScheduledAt: start.toISOString(),
      heldAt: new Date().toISOString(),
      history: [
        ...taken.history,
        { transition: 'schedule', actorId: world.doctor.id, role: 'doctor', at: start.toISOString() },
        { transition: 'complete', actorId: world.doctor.id, role: 'doctor', at: new Date().toISOString() },
      ],
    };
    void slot;
    const current = (await stored(world.server, taken.id))!;
    const { id, ...rest } = held;
    const put = await world.server.app.store.db('consultations').put({ _id: id, _rev: current.rev, ...rest });
    const issue = step(held, { transition: 'issue_conclusion', conclusionId: 'x' }, actorOf(world.doctor, 'doctor'));
    await refusedWith(world.doctor, { ...issue, conclusionId: '' }, put.rev, 'conclusion_required');
    const cancelled = {
      ...held,
      status: 'cancelled' as const,
      cancellation: { by: 'patient' as const, actorId: patient.id, reason: '', at: new Date().toISOString() },
      history: [...held.history, { transition: 'cancel_by_patient' as const, actorId: patient.id, role: 'patient' as const, at: new Date().toISOString() }],
    };
    await refusedWith(patient, cancelled, put.rev, 'invalid_transition');
  });

  it('refuses a patient forging the doctor\'s fields', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    const { rev } = (await stored(world.server, ready.id))!;
    // The doctor's id written in without any step.
    await refusedWith(patient, { ...ready, doctorId: world.doctor.id, updatedAt: new Date().toISOString() }, rev, 'no_transition');
    // A take in the patient's own name.
    const forgedTake = { ...ready, status: 'taken' as const, doctorId: patient.id, takenAt: new Date().toISOString(), history: [...ready.history, { transition: 'take' as const, actorId: patient.id, role: 'patient' as const, at: new Date().toISOString() }] };
    await refusedWith(patient, forgedTake, rev, 'role_not_allowed');
    // A take in the doctor's name: the history names someone else.
    const inDoctorsName = step(ready, { transition: 'take' }, actorOf(world.doctor, 'doctor'));
    await refusedWith(patient, inDoctorsName, rev, 'history_actor_mismatch');
  });

  it('refuses a doctor name that is not the doctor\'s', async () => {
    const patient = await newPatient(world.server);
    const ready = await readyConsultation(world, patient);
    await world.server.app.access.assign(world.doctor.id, patient.id);
    const { rev } = (await stored(world.server, ready.id))!;
    const named = step(ready, { transition: 'take', doctorName: 'Главный врач' }, actorOf(world.doctor, 'doctor'));
    await refusedWith(world.doctor, named, rev, 'invalid_value');
  });
});
