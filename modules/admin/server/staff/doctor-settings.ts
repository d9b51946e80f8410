import { getOrNull, putUnlessConflict, type FastifyInstance } from '@oblako/server-kit';

/**
 * A doctor's settings document (the consultations module's replicated `doctor_settings`
 * collection, id `<doctorId>:settings`): the manager sets the specialties and the zone, the
 * doctor adjusts the calendar in «Календарь». Written only when that collection is served.
 */
const DOCTOR_SETTINGS_DB = 'doctor_settings';
const MAX_ATTEMPTS = 10;

interface StoredSettings {
  _id: string;
  _rev?: string;
  doctorId: string;
  timeZone: string;
  specialties: string[];
  [field: string]: unknown;
}

export function hasDoctorSettings(app: FastifyInstance): boolean {
  return app.modules.some((module) => module.collections?.some((collection) => collection.name === DOCTOR_SETTINGS_DB));
}

export async function readDoctorSettings(app: FastifyInstance, doctorIds: readonly string[]): Promise<Map<string, { specialties: string[]; timeZone: string }>> {
  const found = new Map<string, { specialties: string[]; timeZone: string }>();
  if (!hasDoctorSettings(app) || doctorIds.length === 0) return found;
  const result = await app.store.db(DOCTOR_SETTINGS_DB).allDocs({ keys: doctorIds.map((id) => `${id}:settings`), include_docs: true });
  for (const row of result.rows) {
    const doc = 'doc' in row ? (row.doc as unknown as StoredSettings | null) : null;
    if (doc) found.set(doc.doctorId, { specialties: doc.specialties ?? [], timeZone: doc.timeZone ?? '' });
  }
  return found;
}

/** A new doctor's calendar: their zone, Mon–Fri 09:00–13:00 and 14:00–18:00, 30-minute slots. */
export async function createDoctorSettings(app: FastifyInstance, doctorId: string, specialties: string[], timeZone: string): Promise<void> {
  if (!hasDoctorSettings(app)) return;
  const day = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }];
  const doc: StoredSettings = {
    _id: `${doctorId}:settings`, doctorId, timeZone, slotMinutes: 30,
    week: { mon: day, tue: day, wed: day, thu: day, fri: day }, daysOff: [], specialties, updatedAt: new Date().toISOString(),
  };
  // A document already there (a retried request) is the doctor's; it is left as it is.
  await putUnlessConflict(app.store.db(DOCTOR_SETTINGS_DB), doc);
}

/** Replaces the specialties, keeping whatever the doctor set meanwhile (the revision is the lock). */
export async function setDoctorSpecialties(app: FastifyInstance, doctorId: string, specialties: string[], fallbackZone: string): Promise<string[]> {
  const db = app.store.db(DOCTOR_SETTINGS_DB);
  for (let attempt = 1; ; attempt++) {
    const current = await getOrNull<StoredSettings>(db, `${doctorId}:settings`);
    if (!current) {
      await createDoctorSettings(app, doctorId, specialties, fallbackZone);
      return [];
    }
    const before = current.specialties ?? [];
    if (await putUnlessConflict(db, { ...current, specialties, updatedAt: new Date().toISOString() })) return before;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`Doctor settings ${doctorId} keep changing concurrently`);
  }
}
