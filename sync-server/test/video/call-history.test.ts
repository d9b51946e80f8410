import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConsultationConflict, type Consultation, type ConsultationCallEvent } from '@oblako/domain';
import { appendConsultationCallEvents } from '../../../modules/consultations/server/plugin';
import { bearer, postJson } from '../helpers/http';
import { actorOf, draft, push, step, stored, waitFor, type World } from '../consultations/kit';
import { consultationAt, newDevice, SignalSocket, startVideoWorld, ticketOk } from './kit';

/** A scheduled consultation whose slot began 5 minutes ago, started by its doctor's device (a real step). */
async function startedCall(world: World): Promise<Consultation> {
  const scheduled = await consultationAt(world, -5);
  const current = (await stored(world.server, scheduled.id))!;
  const started = step(current.consultation, { transition: 'start' }, actorOf(world.doctor, 'doctor'));
  const row = await push(world.server, world.doctor, started, current.rev);
  assert.equal(row.ok, true, JSON.stringify(row));
  return started;
}

const described = (events: readonly ConsultationCallEvent[] | undefined) =>
  (events ?? []).map((event) => `${event.role}:${event.kind}${event.count !== undefined ? `×${event.count}` : ''}${event.seconds !== undefined ? ' s' : ''}`);

describe('the call\'s events in the consultation\'s history', () => {
  let world: World;
  before(async () => {
    world = await startVideoWorld();
  });
  after(async () => world.server.close());

  it('arrivals, one reconnection count, audio-only once, and at «Завершить» who left and how long — few writes', async () => {
    const consultation = await startedCall(world);
    const url = (path: string) => `${world.server.baseUrl}/api/video/${encodeURIComponent(consultation.id)}/${path}`;
    const device = newDevice();
    let patient = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.patient.token, consultation.id, device)).peer!);
    const doctor = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.doctor.token, consultation.id)).peer!);
    await waitFor('both arrivals in the history', async () => described((await stored(world.server, consultation.id))?.consultation.callEvents).length === 2);
    const revBefore = (await stored(world.server, consultation.id))!.rev;
    // A network switch twice: the same device drops and is back at once.
    for (let cut = 0; cut < 2; cut++) {
      patient.socket.terminate();
      await patient.closed;
      patient = await SignalSocket.connect(world.server, (await ticketOk(world.server, world.patient.token, consultation.id, device)).peer!);
    }
    for (let report = 0; report < 3; report++) {
      assert.equal((await postJson(url('events'), { kind: 'audio_only' }, bearer(world.patient.token))).status, 204);
    }
    const ended = await postJson<{ durationSeconds?: number }>(url('end'), {}, bearer(world.doctor.token));
    assert.equal(ended.status, 200);
    await Promise.all([patient.closed, doctor.closed]);

    const after = (await stored(world.server, consultation.id))!;
    assert.deepEqual(described(after.consultation.callEvents), [
      'patient:joined', 'doctor:joined', 'patient:audio_only', 'patient:left', 'doctor:left', 'patient:reconnected×2', 'doctor:ended s',
    ]);
    const end = after.consultation.callEvents!.at(-1)!;
    assert.equal(end.seconds, ended.body.durationSeconds);
    // The flaps wrote nothing: one write for audio-only, one at the end.
    assert.equal(Number(after.rev.split('-')[0]) - Number(revBefore.split('-')[0]), 2);
    // The state machine's history is untouched by them; the consultation is still in progress.
    assert.deepEqual(after.consultation.history.map((entry) => entry.transition), consultation.history.map((entry) => entry.transition));
    assert.equal(after.consultation.status, 'in_progress');
    // Disconnections after the end add nothing.
    assert.equal((await stored(world.server, consultation.id))!.rev, after.rev);
  });

  it('a device cannot forge or rewrite a call event; its own steps keep the server\'s events', async () => {
    const consultation = await startedCall(world);
    assert.equal(await appendConsultationCallEvents(world.server.app, consultation.id, [{ kind: 'joined', role: 'patient', at: new Date().toISOString() }]), true);
    const current = (await stored(world.server, consultation.id))!;
    const forged: ConsultationCallEvent = { kind: 'ended', role: 'doctor', at: new Date().toISOString(), seconds: 3600 };

    const byPatient = await push(world.server, world.patient, { ...current.consultation, callEvents: [...current.consultation.callEvents!, forged] }, current.rev);
    assert.equal(byPatient.error, 'forbidden');
    assert.equal(byPatient.code, 'history_actor_mismatch');
    // Within a real step of the doctor: still refused.
    const completed = step(current.consultation, { transition: 'complete' }, actorOf(world.doctor, 'doctor'));
    const byDoctor = await push(world.server, world.doctor, { ...completed, callEvents: [...completed.callEvents!, forged] }, current.rev);
    assert.equal(byDoctor.code, 'history_actor_mismatch');
    // Fewer events than stored looks like a copy from before the server's append: a conflict
    // (the device re-reads and replays its step on top), never stored.
    const erased = await push(world.server, world.doctor, { ...completed, callEvents: [] }, current.rev);
    assert.equal(erased.error, 'conflict');
    const changed = await push(world.server, world.doctor, { ...completed, callEvents: [{ ...completed.callEvents![0]!, role: 'doctor' }] }, current.rev);
    assert.equal(changed.code, 'history_actor_mismatch');
    // A doctor's device signing an event as the server: the writer is who signed in, not what the entry says.
    const asSystem = draft(current.consultation, { transition: 'complete' }, { id: 'system', role: 'system' });
    const bySystemName = await push(world.server, world.doctor, { ...asSystem, callEvents: [...asSystem.callEvents!, forged] }, current.rev);
    assert.equal(bySystemName.error, 'forbidden');

    const honest = await push(world.server, world.doctor, completed, current.rev);
    assert.equal(honest.ok, true, JSON.stringify(honest));
    const now = (await stored(world.server, consultation.id))!.consultation;
    assert.equal(now.status, 'held');
    assert.deepEqual(described(now.callEvents), ['patient:joined']);
  });

  it('a device write that lands between the server\'s read and its write: the append is made again on top, neither is lost', async () => {
    const consultation = await startedCall(world);
    const db = world.server.app.store.db('consultations');
    const read = db.get.bind(db);
    let interfered = false;
    // Another instance stores the doctor's «complete» right after this process read the document.
    (db as { get: unknown }).get = async (...args: Parameters<typeof db.get>) => {
      const doc = await read(...args);
      if (!interfered && args[0] === consultation.id) {
        interfered = true;
        const current = (await stored(world.server, consultation.id))!;
        const completed = step(current.consultation, { transition: 'complete' }, actorOf(world.doctor, 'doctor'));
        const { id, ...rest } = completed;
        await db.put({ _id: id, _rev: current.rev, ...rest });
      }
      return doc;
    };
    try {
      assert.equal(await appendConsultationCallEvents(world.server.app, consultation.id, [{ kind: 'ended', role: 'doctor', at: new Date().toISOString(), seconds: 61 }]), true);
    } finally {
      (db as { get: unknown }).get = read;
    }
    assert.ok(interfered);
    const now = (await stored(world.server, consultation.id))!.consultation;
    assert.equal(now.status, 'held');
    assert.ok(now.heldAt);
    assert.deepEqual(described(now.callEvents), ['doctor:ended s']);

    // And the other way round: a device's step built on the version before the append is not
    // stored over it — neither with the old revision nor, as RxDB sends it when the new version
    // was pulled between the read and the save, with the current one: a conflict both times,
    // which the device's conflict handler (resolveConsultationConflict) replays on the new version.
    const fresh = await startedCall(world);
    const seen = (await stored(world.server, fresh.id))!;
    await appendConsultationCallEvents(world.server.app, fresh.id, [{ kind: 'joined', role: 'doctor', at: new Date().toISOString() }]);
    const staleComplete = step(seen.consultation, { transition: 'complete' }, actorOf(world.doctor, 'doctor'));
    assert.equal((await push(world.server, world.doctor, staleComplete, seen.rev)).error, 'conflict');
    const now2 = (await stored(world.server, fresh.id))!;
    assert.equal((await push(world.server, world.doctor, staleComplete, now2.rev)).error, 'conflict');
    const replayed = resolveConsultationConflict(seen.consultation, staleComplete, now2.consultation).merged;
    const accepted = await push(world.server, world.doctor, replayed, now2.rev);
    assert.equal(accepted.ok, true, JSON.stringify(accepted));
    const final = (await stored(world.server, fresh.id))!.consultation;
    assert.equal(final.status, 'held');
    assert.deepEqual(described(final.callEvents), ['doctor:joined']);
  });
});
