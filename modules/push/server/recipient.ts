import { docId, isValidTimeZone, type Consultation, type StoredDoc } from '@oblako/domain';
import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import { READ_DB } from './jobs';

const FALLBACK_ZONE = 'Europe/Moscow';

export interface Recipient {
  role: 'patient' | 'doctor' | 'manager';
  /** The zone the person reads times in: the patient's profile, the doctor's calendar. */
  timeZone: string;
  /** Where an SMS would go (patients: the profile's contact phone, else the sign-in phone). */
  phone?: string;
}

/** Who a job is for, read when it is sent (a zone changed since the booking counts). */
export async function recipientOf(app: FastifyInstance, accountId: string, role?: Recipient['role']): Promise<Recipient | null> {
  const account = await app.accounts.get(accountId);
  if (!account || account.disabled) return null;
  const actualRole = (role ?? account.role) as Recipient['role'];
  if (actualRole === 'patient') {
    const profile = await getOrNull<{ timeZone?: string; contactPhone?: string }>(app.store.db(READ_DB.profiles), docId(accountId, 'profile'));
    return { role: 'patient', timeZone: validZone(profile?.timeZone), phone: profile?.contactPhone || account.phone };
  }
  if (actualRole === 'doctor') {
    const settings = await getOrNull<{ timeZone?: string }>(app.store.db(READ_DB.doctorSettings), `${accountId}:settings`);
    return { role: 'doctor', timeZone: validZone(settings?.timeZone), phone: account.phone };
  }
  return { role: 'manager', timeZone: FALLBACK_ZONE, phone: account.phone };
}

function validZone(zone: string | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : FALLBACK_ZONE;
}

export async function consultationOf(app: FastifyInstance, id: string): Promise<Consultation | null> {
  const doc = await getOrNull<StoredDoc>(app.store.db(READ_DB.consultations), id);
  if (!doc) return null;
  const { _id, _rev: _ignored, ...rest } = doc as StoredDoc & { _rev?: string };
  return { id: _id, ...rest } as unknown as Consultation;
}
