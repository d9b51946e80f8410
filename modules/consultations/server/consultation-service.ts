import {
  applyTransition,
  draftTransition,
  isRefused,
  SYSTEM_ACTOR_ID,
  type Consultation,
  type ConsultationActor,
  type ConsultationErrorCode,
  type ConsultationStatus,
  type Notice,
  type TransitionRequest,
} from '@oblako/domain';
import { HttpError, type FastifyInstance, getOrNull } from '@oblako/server-kit';
import { loadContext, patientDocuments } from './context';
import { sendSms, syncAccess, writeNotifications } from './effects';
import { CONSULTATIONS_COLLECTION } from '../schema';
import { SlotClaims, type TakenClaim } from './slot-claims';
import { DB, partitionDocs, storedOf, viewOf, type StoredConsultation } from './store';

export const SYSTEM: ConsultationActor = { id: SYSTEM_ACTOR_ID, role: 'system' };

const MAX_ATTEMPTS = 3;
/** The statuses a patient's documents move (syncReadiness): into the queue and back out of it. */
const READINESS_STATUSES: ReadonlySet<ConsultationStatus> = new Set(['awaiting_documents', 'ready']);

/** Codes that mean «the values sent are wrong» (400); the others are about the state or the party. */
const BAD_INPUT: ReadonlySet<ConsultationErrorCode> = new Set([
  'invalid_value', 'reason_required', 'comment_required', 'invalid_slot', 'in_past', 'outside_working_hours',
  'not_slot_aligned', 'not_a_doctor', 'conclusion_required', 'field_not_allowed', 'immutable_field',
]);
const NOT_YOURS: ReadonlySet<ConsultationErrorCode> = new Set(['role_not_allowed', 'not_your_consultation', 'not_your_specialty']);

/** A refusal of the state machine as an API error (message from the domain's texts, in the caller's language). */
export function refusalError(code: ConsultationErrorCode, field?: string): HttpError {
  const status = NOT_YOURS.has(code) ? 403 : BAD_INPUT.has(code) ? 400 : 409;
  return new HttpError(status, code, { ...(field ? { field } : {}), reason: code });
}

export interface AcceptedChange {
  before: Consultation | null;
  after: Consultation;
  notices: readonly Notice[];
  actorId: string;
}

/**
 * Consultations changed by the server itself (API paths: take, reassign, the conclusion;
 * automatic readiness; consultations opened from referrals; a booking displaced by the
 * conflict rule). Each change is applyTransition with the full context, written with the
 * revision it was checked against (under the same lock as replicated writes), followed by the
 * same after-commit path as a replicated write: notifications, SMS, access.
 */
export class ConsultationService {
  /** The claims of booked slots (cross-instance exclusivity), shared with the write guard. */
  readonly slots: SlotClaims;

  constructor(private readonly app: FastifyInstance) {
    this.slots = new SlotClaims(app);
  }

  private get db(): PouchDB.Database {
    return this.app.store.db(DB.consultations);
  }

  async get(id: string): Promise<Consultation | null> {
    const stored = await getOrNull<StoredConsultation>(this.db, id);
    return stored ? viewOf<Consultation>(stored) : null;
  }

  async ofPatient(patientId: string): Promise<Consultation[]> {
    return partitionDocs<Consultation>(this.db, patientId);
  }

  /**
   * Performs one transition; throws an HttpError (404, or the state machine's code) when it is
   * not allowed. Resolves with the consultation as stored, after notifications and access.
   */
  async transition(id: string, actor: ConsultationActor, request: TransitionRequest): Promise<Consultation> {
    const change = await this.app.replicationGuards.withLock(CONSULTATIONS_COLLECTION, async () => {
      for (let attempt = 1; ; attempt++) {
        const stored = await getOrNull<StoredConsultation>(this.db, id);
        const before = stored ? viewOf<Consultation>(stored) : null;
        if (!before && request.transition !== 'open') throw new HttpError(404, 'not_found');
        // First come, first served: a take after another doctor's take is told so plainly.
        if (request.transition === 'take' && before?.doctorId !== undefined && before.doctorId !== actor.id) {
          throw refusalError('already_taken', 'doctorId');
        }
        const context = await loadContext(this.app, before, draftTransition(before, request, actor, new Date()));
        const applied = applyTransition(before, request, actor, context);
        if (isRefused(applied)) throw refusalError(applied.error, applied.field);
        // A slot newly held is claimed in the store before the write (another instance may be booking it).
        const claimed = await this.slots.claim(before, applied.consultation, stored?._rev ?? null);
        if (!claimed.ok) throw refusalError('overlaps_booking', 'slot');
        try {
          await this.db.put(storedOf(applied.consultation, stored?._rev) as PouchDB.Core.PutDocument<object>);
        } catch (error) {
          await this.rollbackClaims(claimed.taken ? [claimed.taken] : []);
          // Written meanwhile by another instance: check again against what is there now.
          if ((error as { status?: number }).status !== 409 || attempt >= MAX_ATTEMPTS) throw error;
          continue;
        }
        await this.releaseSlotLeft(before, applied.consultation);
        return { before, after: applied.consultation, notices: applied.notices, actorId: actor.id };
      }
    });
    await this.afterCommit(change);
    return change.after;
  }

  /**
   * The claim of a slot the change gave up (cancel, reschedule away, release, reassign, held) is
   * removed. Call under the collection's lock; a failure is logged (a leftover claim is taken over
   * as stale by the next booking of that slot).
   */
  async releaseSlotLeft(before: Consultation | null, after: Consultation): Promise<void> {
    try {
      await this.slots.releaseLeft(before, after);
    } catch (error) {
      this.app.log.warn({ err: error, consultationId: after.id }, 'releasing a slot claim failed');
    }
  }

  /** Undoes the claims of a write that was not stored; a failure is logged (the claim goes stale). */
  async rollbackClaims(taken: readonly TakenClaim[]): Promise<void> {
    if (taken.length === 0) return;
    try {
      await this.slots.rollback(taken);
    } catch (error) {
      this.app.log.warn({ err: error, claims: taken.map((entry) => entry.key) }, 'undoing slot claims failed');
    }
  }

  /** What follows every accepted change, replicated or made here. Never undoes the change. */
  async afterCommit(change: AcceptedChange): Promise<void> {
    const { app } = this;
    const { before, after, notices, actorId } = change;
    try {
      // An SMS that cannot be queued must not cost the cabinet its notification.
      await writeNotifications(app, after, notices, (planned) => sendSms(app, planned).catch((error: unknown) => {
        app.log.error({ err: error, consultationId: after.id }, 'queuing the SMS about a consultation change failed');
      }));
    } catch (error) {
      app.log.error({ err: error, consultationId: after.id }, 'notifying about a consultation change failed');
    }
    try {
      await syncAccess(app, before, after, actorId);
    } catch (error) {
      app.log.error({ err: error, consultationId: after.id }, 'moving access with a consultation failed');
    }
    // Opened while the documents are already complete: straight into the queue.
    if (before === null && after.status === 'awaiting_documents') await this.syncReadiness(after.patientId);
  }

  /**
   * Applies `documents_ready` / `documents_withdrawn` as the server to the patient's
   * consultations waiting for documents or in the queue, when their documents say so.
   */
  async syncReadiness(patientId: string): Promise<void> {
    const waiting = (await this.ofPatient(patientId)).filter((consultation) => READINESS_STATUSES.has(consultation.status));
    // Most document changes are of patients with no consultation that their documents move
    // (scheduled, finished, none yet): their documents, all of them, are not read at all.
    if (waiting.length === 0) return;
    const { readiness } = await patientDocuments(this.app, patientId);
    for (const consultation of waiting) {
      const transition =
        consultation.status === 'awaiting_documents' && readiness.ready ? 'documents_ready'
          : consultation.status === 'ready' && !readiness.ready ? 'documents_withdrawn'
            : null;
      if (!transition) continue;
      try {
        await this.transition(consultation.id, SYSTEM, { transition });
      } catch (error) {
        // Changed meanwhile (taken, cancelled): nothing to do any more.
        this.app.log.debug({ err: error, consultationId: consultation.id, transition }, 'automatic readiness not applied');
      }
    }
  }
}
