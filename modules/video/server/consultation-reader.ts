import { docId, toDocumentData, type Consultation, type StoredDoc } from '@oblako/domain';
import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION } from '../../consultations/index';

/** Reads what the call needs from the consultations module's data (never writes it). */
export async function readConsultation(app: FastifyInstance, id: string): Promise<Consultation | null> {
  const stored = await getOrNull<StoredDoc>(app.store.db(CONSULTATIONS_COLLECTION), id);
  return stored ? (toDocumentData(stored, 'id') as unknown as Consultation) : null;
}

/** The zone a person reads times in: the patient's profile, the doctor's calendar. */
export async function zoneOf(app: FastifyInstance, user: { id: string; role: string }): Promise<string | undefined> {
  const [db, local] = user.role === 'doctor' ? [DOCTOR_SETTINGS_COLLECTION, 'settings'] : ['profiles', 'profile'];
  const doc = await getOrNull<{ timeZone?: string }>(app.store.db(db), docId(user.id, local));
  return typeof doc?.timeZone === 'string' ? doc.timeZone : undefined;
}
