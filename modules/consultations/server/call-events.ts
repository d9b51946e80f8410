import {
  appendCallEvents,
  classifyWrite,
  isRefused,
  type Consultation,
  type ConsultationCallEvent,
} from '@oblako/domain';
import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import { CONSULTATIONS_COLLECTION } from '../schema';
import { SYSTEM } from './consultation-service';
import { DB, storedOf, viewOf, type StoredConsultation } from './store';

const MAX_ATTEMPTS = 5;

/**
 * Appends events of the video call to a consultation's history (`callEvents`), as the server.
 * For other modules' server code (the video module); consultations knows nothing of calls.
 * Written on the store's current revision, under the same lock as replicated writes: a device
 * write that lands meanwhile (another instance) makes the put fail with 409, and the append is
 * made again on top of it, so neither is lost. The write is checked like any other (the
 * state machine accepts an append by `system`, and only that). Resolves false when there is no
 * such consultation or the events no longer fit.
 */
export async function appendConsultationCallEvents(app: FastifyInstance, consultationId: string, events: readonly ConsultationCallEvent[]): Promise<boolean> {
  if (events.length === 0) return true;
  const db = app.store.db(DB.consultations);
  return app.replicationGuards.withLock(CONSULTATIONS_COLLECTION, async () => {
    for (let attempt = 1; ; attempt++) {
      const stored = await getOrNull<StoredConsultation>(db, consultationId);
      if (!stored) return false;
      const before = viewOf<Consultation>(stored);
      const callEvents = appendCallEvents(before.callEvents, events);
      if (callEvents.length === (before.callEvents?.length ?? 0)) return false;
      const after: Consultation = { ...before, callEvents };
      const checked = classifyWrite(before, after, SYSTEM, { now: new Date() });
      if (isRefused(checked)) {
        app.log.warn({ consultationId, refusal: checked }, 'call events not recorded in the history');
        return false;
      }
      try {
        await db.put(storedOf(after, stored._rev) as PouchDB.Core.PutDocument<object>);
        return true;
      } catch (error) {
        if ((error as { status?: number }).status !== 409 || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  });
}
