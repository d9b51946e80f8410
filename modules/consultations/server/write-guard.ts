import {
  bookingClaimOf,
  callEventsBehind,
  classifyWrite,
  consultationErrorMessage,
  isRefused,
  partitionOf,
  resolveBookingClaims,
  type Booking,
  type BookingClaim,
  type Consultation,
  type ConsultationErrorCode,
  type Notice,
} from '@oblako/domain';
import type { FastifyInstance, GuardVerdict, GuardWriter, ReplicationGuard } from '@oblako/server-kit';
import { loadContext } from './context';
import { SYSTEM, type ConsultationService } from './consultation-service';
import { writeNotifications } from './effects';
import { heldSlotKey, type TakenClaim } from './slot-claims';
import { getOrNull } from '@oblako/server-kit';
import { DB, viewOf, type StoredConsultation } from './store';
import { CONSULTATIONS_COLLECTION } from '../schema';

/** What the guard hands from its check to the after-commit path. */
export interface GuardNote {
  notices: Notice[];
  /** Committed bookings that lost their slot to this write (moved back with `release_slot` as system). */
  release: string[];
  /** `slot_conflict` for the doctor: written whether this write was accepted or refused. */
  conflictNotices: Notice[];
  /** Slot claims taken for this write before it was stored (undone when it is not stored). */
  claimed: TakenClaim[];
}

function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

function sameSlot(a: Consultation['slot'], b: Consultation['slot']): boolean {
  return a?.start === b?.start && a?.end === b?.end;
}

/**
 * The consultations guard: every replicated write of `consultations` must be exactly the steps
 * of the state machine for the writer (role from the server), with the context loaded from the
 * store. Two bookings of one doctor's time are decided by resolveBookingClaims: the earlier
 * `bookedAt` keeps the slot; a committed loser is moved back with `release_slot` as the system
 * after this write is stored, an uncommitted loser (this write) is refused with `overlaps_booking`.
 *
 * The check runs under a per-process lock; against other instances sharing the store, a write
 * that makes its consultation hold a new slot first claims it (slot-claims.ts): a claim held by
 * another consultation refuses it with `overlaps_booking`. After the store answered, the claim
 * of a slot given up is removed, or, when the write was not stored, the claims it took are undone.
 */
export function consultationsGuard(app: FastifyInstance, service: ConsultationService): ReplicationGuard<GuardNote> {
  const refuse = (writer: GuardWriter, code: ConsultationErrorCode, field?: string, note?: GuardNote): GuardVerdict<GuardNote> => ({
    ok: false,
    code,
    reason: consultationErrorMessage(code, writer.language),
    ...(field ? { field } : {}),
    ...(note ? { note } : {}),
  });

  return {
    async check(writes, writer) {
      const actor = { id: writer.id, role: writer.role };
      // Bookings accepted earlier in this same request count as held.
      const acceptedHere: (Booking & { doctorId: string })[] = [];
      const verdicts: GuardVerdict<GuardNote>[] = [];
      const takenHere: TakenClaim[] = [];
      try {
        for (const write of writes) {
          if (write.after === null) {
            verdicts.push(refuse(writer, 'delete_not_allowed'));
            continue;
          }
          const before = write.before as unknown as Consultation | null;
          const after = write.after as unknown as Consultation;
          // Built before the server appended call events (a pull arrived meanwhile): a conflict,
          // which the device resolves by replaying its steps on the stored version.
          if (callEventsBehind(before?.callEvents, after.callEvents)) {
            verdicts.push({ ok: false, conflict: true, code: 'conflict', reason: 'Document update conflict.' });
            continue;
          }
          // The doctor's name on a consultation is always the one their account has.
          if (after.doctorName !== undefined && after.doctorName !== before?.doctorName) {
            const doctor = after.doctorId ? await app.accounts.get(after.doctorId) : null;
            if (!doctor || doctor.name !== after.doctorName) {
              verdicts.push(refuse(writer, 'invalid_value', 'doctorName'));
              continue;
            }
          }
          const context = await loadContext(app, before, after);
          const note: GuardNote = { notices: [], release: [], conflictNotices: [], claimed: [] };
          const claim = after.status === 'scheduled' && after.slot && !(before?.status === 'scheduled' && sameSlot(before.slot, after.slot))
            ? bookingClaimOf(after, false)
            : null;
          const doctorId = after.doctorId;
          if (claim && context.bookings && doctorId) {
            context.bookings = [...context.bookings, ...acceptedHere.filter((booking) => booking.doctorId === doctorId)]
              .filter((booking) => booking.consultationId !== after.id);
          }
          let result = classifyWrite(before, after, actor, context);
          // Over another booking: the earlier booking keeps the slot, whichever arrived first.
          if (isRefused(result) && result.error === 'overlaps_booking' && claim && context.bookings && doctorId) {
            const held = context.bookings;
            const clashing = held.filter((booking) => overlaps(booking, claim));
            const rivals = clashing.length > 0 ? await rivalClaims(clashing, doctorId, acceptedHere) : null;
            if (rivals) {
              const resolution = resolveBookingClaims([claim, ...rivals]);
              if (resolution.displaced.some((entry) => entry.claim.consultationId === after.id)) {
                // This booking lost: refused, and the doctor is told which time was already taken.
                note.conflictNotices = resolution.notices.filter((notice) => notice.consultationId === after.id);
              } else {
                note.release = resolution.release;
                note.conflictNotices = resolution.notices;
                result = classifyWrite(before, after, actor, { ...context, bookings: held.filter((booking) => !resolution.release.includes(booking.consultationId)) });
              }
            }
          }
          if (isRefused(result)) {
            const lost = note.release.length === 0 && note.conflictNotices.length > 0;
            verdicts.push(refuse(writer, result.error, result.field, lost ? note : undefined));
            continue;
          }
          // Accepted here; the slot's claim in the store decides against other instances.
          if (heldSlotKey(after) !== null && heldSlotKey(after) !== heldSlotKey(before)) {
            const stored = await getOrNull<StoredConsultation>(app.store.db(DB.consultations), after.id);
            const claimed = await service.slots.claim(before, after, stored?._rev ?? null, new Set(note.release));
            if (!claimed.ok) {
              verdicts.push(refuse(writer, 'overlaps_booking', 'slot'));
              continue;
            }
            if (claimed.taken) {
              note.claimed.push(claimed.taken);
              takenHere.push(claimed.taken);
            }
          }
          note.notices = result.notices;
          if (claim && after.doctorId && after.slot) acceptedHere.push({ consultationId: after.id, doctorId: after.doctorId, ...after.slot });
          verdicts.push({ ok: true, note });
        }
        return verdicts;
      } catch (error) {
        // Nothing of this request gets stored: its claims would only block the slots.
        await service.rollbackClaims(takenHere);
        throw error;
      }
    },

    async afterCommit(results, writer) {
      for (const result of results) {
        const note = result.note;
        if (!note) continue;
        if (!result.committed && note.claimed.length > 0) {
          await app.replicationGuards.withLock(CONSULTATIONS_COLLECTION, () => service.rollbackClaims(note.claimed));
        }
        if (result.committed && result.write.after) {
          const after = result.write.after as unknown as Consultation;
          const before = result.write.before as unknown as Consultation | null;
          await app.replicationGuards.withLock(CONSULTATIONS_COLLECTION, () => service.releaseSlotLeft(before, after));
          for (const loser of note.release) {
            try {
              await service.transition(loser, SYSTEM, { transition: 'release_slot' });
            } catch (error) {
              app.log.warn({ err: error, consultationId: loser }, 'releasing a displaced booking failed');
            }
          }
          await service.afterCommit({ before, after, notices: note.notices, actorId: writer.id });
        }
        if (note.conflictNotices.length > 0 && (result.committed || result.refused)) {
          const subject = (result.write.after ?? result.write.before) as unknown as Consultation;
          await writeNotifications(app, subject, note.conflictNotices).catch((error) =>
            app.log.error({ err: error }, 'writing slot conflict notifications failed'),
          );
        }
      }
    },
  };

  /**
   * The claims of the bookings this one clashes with, or null when one of them cannot be moved
   * (a call already running, or a booking accepted in this same request): then the plain
   * booking check refuses this write.
   */
  async function rivalClaims(clashing: readonly Booking[], doctorId: string, acceptedHere: readonly Booking[]): Promise<BookingClaim[] | null> {
    const claims: BookingClaim[] = [];
    for (const booking of clashing) {
      if (acceptedHere.some((entry) => entry.consultationId === booking.consultationId)) return null;
      const stored = await getOrNull<StoredConsultation>(app.store.db(DB.consultations), booking.consultationId);
      const consultation = stored ? viewOf<Consultation>(stored) : null;
      if (!consultation || consultation.status !== 'scheduled') return null;
      const claim = bookingClaimOf(consultation, true);
      if (!claim) return null;
      claims.push({ ...claim, doctorId, patientId: partitionOf(consultation.id) ?? consultation.patientId });
    }
    return claims;
  }
}
