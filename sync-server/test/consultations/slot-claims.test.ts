import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Consultation, Slot } from '@oblako/domain';
import type { GuardResult, GuardWriter } from '@oblako/server-kit';
import { ConsultationService } from '../../../modules/consultations/server/consultation-service';
import { CLAIM_PENDING_MS, SLOT_CLAIMS_DB, heldSlotKey, type SlotClaimDoc } from '../../../modules/consultations/server/slot-claims';
import { storedOf } from '../../../modules/consultations/server/store';
import { consultationsGuard, type GuardNote } from '../../../modules/consultations/server/write-guard';
import { bearer, postJson } from '../helpers/http';
import { actorOf, newPatient, nextSlot, push, scheduledBy, startWorld, step, stored, takenBy, type World } from './kit';

/**
 * Slot claims: the cross-instance exclusivity of bookings. Two server instances cannot share one
 * embedded store, so «another instance» is a second guard (its own service) over the same store,
 * called directly: the per-process lock of /sync is bypassed, only the claims decide.
 */
describe('slot claims (several instances, one store)', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.server.close());

  const claims = () => world.server.app.store.db(SLOT_CLAIMS_DB);
  const claimOf = async (doctorId: string, slot: Slot): Promise<SlotClaimDoc | null> => {
    try {
      return (await claims().get(`${doctorId}:${slot.start}`)) as unknown as SlotClaimDoc;
    } catch {
      return null;
    }
  };
  const writer = (): GuardWriter => ({ id: world.doctor.id, role: 'doctor', name: world.doctor.name, language: 'ru' });
  const instance = () => {
    const service = new ConsultationService(world.server.app);
    return { service, guard: consultationsGuard(world.server.app, service) };
  };
  const write = (before: Consultation, after: Consultation) => ({
    id: after.id,
    before: before as unknown as Record<string, unknown>,
    after: after as unknown as Record<string, unknown>,
  });
  const schedule = (consultation: Consultation, slot: Slot, at = new Date()) =>
    step(consultation, { transition: 'schedule', slot }, actorOf(world.doctor, 'doctor'), at);

  it('two instances check bookings of one slot at the same moment: exactly one is accepted', async () => {
    const a = await takenBy(world, world.doctor, await newPatient(world.server));
    const b = await takenBy(world, world.doctor, await newPatient(world.server));
    const slot = nextSlot();
    const [one, two] = [instance(), instance()];
    const writes = [write(a, schedule(a, slot)), write(b, schedule(b, slot))];
    const [verdictsA, verdictsB] = await Promise.all([one.guard.check([writes[0]!], writer()), two.guard.check([writes[1]!], writer())]);
    const verdicts = [verdictsA[0]!, verdictsB[0]!];
    assert.equal(verdicts.filter((verdict) => verdict.ok).length, 1, JSON.stringify(verdicts));
    const loser = verdicts.find((verdict) => !verdict.ok)!;
    assert.equal(!loser.ok && loser.code, 'overlaps_booking');
    const winner = verdicts[0]!.ok ? a : b;
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, winner.id);

    // The winner's instance stores its write; the loser's device pushes again: refused by the booking check.
    const winnerWrite = writes[verdicts[0]!.ok ? 0 : 1]!;
    const winnerInstance = verdicts[0]!.ok ? one : two;
    const { rev } = (await stored(world.server, winner.id))!;
    await world.server.app.store.db('consultations').put(storedOf(winnerWrite.after as unknown as Consultation, rev) as PouchDB.Core.PutDocument<object>);
    const winnerVerdict = verdicts.find((verdict) => verdict.ok)!;
    await winnerInstance.guard.afterCommit!([{ write: winnerWrite, committed: true, note: winnerVerdict.note as GuardNote }], writer());
    const loserConsultation = winner === a ? b : a;
    const row = await push(world.server, world.doctor, schedule(loserConsultation, slot), (await stored(world.server, loserConsultation.id))!.rev);
    assert.equal(row.code, 'overlaps_booking', JSON.stringify(row));
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, winner.id);
  });

  it('the claim function itself: of five concurrent claims of one slot exactly one wins', async () => {
    const contenders = [];
    for (let index = 0; index < 5; index++) contenders.push(await takenBy(world, world.doctor, await newPatient(world.server)));
    const slot = nextSlot();
    const revs = await Promise.all(contenders.map(async (consultation) => (await stored(world.server, consultation.id))!.rev));
    const outcomes = await Promise.all(
      contenders.map((consultation, index) => instance().service.slots.claim(consultation, schedule(consultation, slot), revs[index]!)),
    );
    assert.equal(outcomes.filter((outcome) => outcome.ok).length, 1, JSON.stringify(outcomes));
    const winner = contenders[outcomes.findIndex((outcome) => outcome.ok)]!;
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, winner.id);
    for (const outcome of outcomes) if (!outcome.ok) assert.equal(outcome.holder, winner.id);
  });

  it('a claim whose write is still on its way blocks the slot; a stale one is taken over', async () => {
    const holder = await takenBy(world, world.doctor, await newPatient(world.server));
    const booker = await takenBy(world, world.doctor, await newPatient(world.server));
    const slot = nextSlot();
    const key = `${world.doctor.id}:${slot.start}`;
    // Another instance claimed the slot for `holder` and has not stored its write yet.
    const holderRev = (await stored(world.server, holder.id))!.rev;
    const pending = await claims().put({ _id: key, doctorId: world.doctor.id, consultationId: holder.id, ...slot, basedOnRev: holderRev, claimedAt: new Date().toISOString() });
    const refused = await push(world.server, world.doctor, schedule(booker, slot), (await stored(world.server, booker.id))!.rev);
    assert.equal(refused.code, 'overlaps_booking', JSON.stringify(refused));
    assert.equal((await stored(world.server, booker.id))!.consultation.status, 'taken');

    // That instance died before storing or undoing: after the pending window the claim is stale.
    const old = new Date(Date.now() - CLAIM_PENDING_MS - 1000).toISOString();
    await claims().put({ _id: key, _rev: pending.rev, doctorId: world.doctor.id, consultationId: holder.id, ...slot, basedOnRev: holderRev, claimedAt: old });
    const accepted = await push(world.server, world.doctor, schedule(booker, slot), (await stored(world.server, booker.id))!.rev);
    assert.ok(accepted.ok, JSON.stringify(accepted));
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, booker.id);

    // A fresh claim whose consultation changed since (its write lost a revision conflict) is stale at once.
    const other = nextSlot();
    await claims().put({ _id: `${world.doctor.id}:${other.start}`, doctorId: world.doctor.id, consultationId: holder.id, ...other, basedOnRev: '1-gone', claimedAt: new Date().toISOString() });
    const third = await takenBy(world, world.doctor, await newPatient(world.server));
    const row = await push(world.server, world.doctor, schedule(third, other), (await stored(world.server, third.id))!.rev);
    assert.ok(row.ok, JSON.stringify(row));
    assert.equal((await claimOf(world.doctor.id, other))?.consultationId, third.id);
  });

  it('a cancellation releases the claim, so the slot can be booked again', async () => {
    const patient = await newPatient(world.server);
    const slot = nextSlot();
    const scheduled = await scheduledBy(world, world.doctor, slot, patient);
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, scheduled.id);
    const current = (await stored(world.server, scheduled.id))!;
    const cancel = step(current.consultation, { transition: 'cancel_by_patient', reason: 'Заболела' }, actorOf(patient, 'patient'));
    assert.ok((await push(world.server, patient, cancel, current.rev)).ok);
    assert.equal(await claimOf(world.doctor.id, slot), null);
    const again = await scheduledBy(world, world.doctor, slot, await newPatient(world.server));
    assert.equal(again.status, 'scheduled');
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, again.id);
  });

  it('a reschedule moves the claim', async () => {
    const [first, second] = [nextSlot(), nextSlot()];
    const scheduled = await scheduledBy(world, world.doctor, first, await newPatient(world.server));
    const current = (await stored(world.server, scheduled.id))!;
    const moved = step(current.consultation, { transition: 'reschedule', slot: second }, actorOf(world.doctor, 'doctor'));
    assert.ok((await push(world.server, world.doctor, moved, current.rev)).ok);
    assert.equal(await claimOf(world.doctor.id, first), null);
    assert.equal((await claimOf(world.doctor.id, second))?.consultationId, scheduled.id);
    assert.equal(heldSlotKey(moved), `${world.doctor.id}:${second.start}`);
  });

  it('a refused write and a write that was not stored leave no claim', async () => {
    const taken = await takenBy(world, world.doctor, await newPatient(world.server));
    // Refused by the guard (the patient cannot schedule): no claim.
    const slot = nextSlot();
    const forged = schedule(taken, slot);
    const refused = await push(world.server, world.patient, forged, (await stored(world.server, taken.id))!.rev);
    assert.ok(!refused.ok);
    assert.equal(await claimOf(world.doctor.id, slot), null);

    // Accepted by the check, then the store answers «conflict» (changed meanwhile elsewhere): the claim is undone.
    const { guard } = instance();
    const booking = write(taken, schedule(taken, slot));
    const [verdict] = await guard.check([booking], writer());
    assert.ok(verdict!.ok, JSON.stringify(verdict));
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, taken.id);
    const current = (await stored(world.server, taken.id))!;
    await world.server.app.store.db('consultations').put(storedOf(current.consultation, current.rev) as PouchDB.Core.PutDocument<object>);
    const result: GuardResult<GuardNote> = { write: booking, committed: false, note: verdict!.note as GuardNote };
    await guard.afterCommit!([result], writer());
    assert.equal(await claimOf(world.doctor.id, slot), null);
    // And the slot is free for the next booking.
    const row = await push(world.server, world.doctor, schedule(taken, slot), (await stored(world.server, taken.id))!.rev);
    assert.ok(row.ok, JSON.stringify(row));
  });

  it('API paths keep claims in step: a claimed slot refuses the service\'s booking; a reassignment releases it', async () => {
    const scheduled = await scheduledBy(world, world.doctor, nextSlot(), await newPatient(world.server));
    const slot = scheduled.slot!;
    const rival = await takenBy(world, world.doctor, await newPatient(world.server));
    const service = new ConsultationService(world.server.app);
    // A committed holder: its claim refuses (as on an instance whose view does not show it yet).
    const outcome = await service.slots.claim(rival, schedule(rival, slot), null);
    assert.deepEqual(outcome, { ok: false, holder: scheduled.id });
    // A slot another instance is booking right now (claimed, not stored yet): the service refuses, nothing written.
    const busy = nextSlot();
    const holderRev = (await stored(world.server, scheduled.id))!.rev;
    await claims().put({ _id: `${world.doctor.id}:${busy.start}`, doctorId: world.doctor.id, consultationId: scheduled.id, ...busy, basedOnRev: holderRev, claimedAt: new Date().toISOString() });
    await assert.rejects(
      service.transition(rival.id, actorOf(world.doctor, 'doctor'), { transition: 'schedule', slot: busy }),
      (error: { code?: string; statusCode?: number }) => error.code === 'overlaps_booking',
    );
    assert.equal((await stored(world.server, rival.id))!.consultation.status, 'taken');
    // The service's own booking of a free slot claims it.
    const free = nextSlot();
    await service.transition(rival.id, actorOf(world.doctor, 'doctor'), { transition: 'schedule', slot: free });
    assert.equal((await claimOf(world.doctor.id, free))?.consultationId, rival.id);
    const booked = (await stored(world.server, rival.id))!;
    assert.ok((await push(world.server, world.doctor, step(booked.consultation, { transition: 'release_slot' }, actorOf(world.doctor, 'doctor')), booked.rev)).ok);
    assert.equal(await claimOf(world.doctor.id, free), null);

    const answer = await postJson(
      `${world.server.baseUrl}/api/consultations/${encodeURIComponent(scheduled.id)}/reassign`,
      { doctorId: world.otherDoctor.id, reason: 'Врач в отпуске' },
      bearer(world.manager.token),
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(await claimOf(world.doctor.id, slot), null);
    const now = (await stored(world.server, rival.id))!;
    const row = await push(world.server, world.doctor, schedule(now.consultation, slot), now.rev);
    assert.ok(row.ok, JSON.stringify(row));
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, rival.id);
  });

  it('the earlier booking displaces a committed one: the claim passes to it, the loser is released', async () => {
    const a = await takenBy(world, world.doctor, await newPatient(world.server));
    const b = await takenBy(world, world.doctor, await newPatient(world.server));
    const slot = nextSlot();
    assert.ok((await push(world.server, world.doctor, schedule(a, slot), (await stored(world.server, a.id))!.rev)).ok);
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, a.id);
    const earlier = schedule(b, slot, new Date(Date.now() - 60_000));
    const row = await push(world.server, world.doctor, earlier, (await stored(world.server, b.id))!.rev);
    assert.ok(row.ok, JSON.stringify(row));
    // The loser is released in the after-commit path, which /sync awaits before answering.
    assert.equal((await stored(world.server, a.id))!.consultation.status, 'taken');
    assert.equal((await claimOf(world.doctor.id, slot))?.consultationId, b.id);
  });
});
