import { toDocumentData, type Consultation, type StoredDoc } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { CONSULTATIONS_COLLECTION, DOCTOR_SETTINGS_COLLECTION, DOCTOR_SETTINGS_LOCAL_ID, NOTIFICATIONS_COLLECTION, type DoctorSettings } from '../schema';
import { getOrNull } from '@oblako/server-kit';


/** Store databases this module reads (the replication serves the same ones under /sync/<name>/). */
export const DB = {
  consultations: CONSULTATIONS_COLLECTION,
  notifications: NOTIFICATIONS_COLLECTION,
  doctorSettings: DOCTOR_SETTINGS_COLLECTION,
  documents: 'documents',
  documentFiles: 'document_files',
  profiles: 'profiles',
  referrals: 'referrals',
} as const;

/** Views of the consultations database: by doctor (calendar, access) and by status (the queue). */
export const consultationsDesignDoc = {
  _id: '_design/consultations',
  language: 'javascript',
  views: {
    by_doctor: { map: 'function (doc) { if (typeof doc.doctorId === "string") { emit(doc.doctorId, doc.status); } }' },
    by_status: { map: 'function (doc) { if (typeof doc.status === "string") { emit(doc.status, null); } }' },
  },
} as const;

export type StoredConsultation = StoredDoc & { _rev: string };

/** A stored document as RxDB sees it (primary key `id`, no `_` fields). */
export function viewOf<T>(doc: StoredDoc): T {
  return toDocumentData(doc, 'id') as unknown as T;
}

/** The document as the store keeps it: the primary key in `_id` only (RxDB maps it back). */
export function storedOf(consultation: Consultation, rev?: string): StoredDoc {
  const { id, ...rest } = consultation;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...rest };
}

/** Every live document of one partition (`<owner>:…`). */
export async function partitionDocs<T>(db: PouchDB.Database, owner: string): Promise<T[]> {
  const result = await db.allDocs({ include_docs: true, startkey: `${owner}:`, endkey: `${owner}:\ufff0` });
  return result.rows.flatMap((row) => (row.doc ? [viewOf<T>(row.doc as unknown as StoredDoc)] : []));
}

/** Every live document of a database (overviews); design and local documents left out. */
export async function allDocs<T>(db: PouchDB.Database): Promise<T[]> {
  const result = await db.allDocs({ include_docs: true });
  return result.rows.flatMap((row) => (row.doc && !row.id.startsWith('_') ? [viewOf<T>(row.doc as unknown as StoredDoc)] : []));
}

export async function consultationsOfDoctor(app: FastifyInstance, doctorId: string): Promise<Consultation[]> {
  const result = await app.store.db(DB.consultations).query('consultations/by_doctor', { key: doctorId, include_docs: true });
  return result.rows.flatMap((row) => (row.doc ? [viewOf<Consultation>(row.doc as unknown as StoredDoc)] : []));
}

export async function consultationsWithStatus(app: FastifyInstance, status: string): Promise<Consultation[]> {
  const result = await app.store.db(DB.consultations).query('consultations/by_status', { key: status, include_docs: true });
  return result.rows.flatMap((row) => (row.doc ? [viewOf<Consultation>(row.doc as unknown as StoredDoc)] : []));
}

export async function doctorSettingsOf(app: FastifyInstance, doctorId: string): Promise<DoctorSettings | null> {
  const doc = await getOrNull<StoredDoc>(app.store.db(DB.doctorSettings), `${doctorId}:${DOCTOR_SETTINGS_LOCAL_ID}`);
  return doc ? viewOf<DoctorSettings>(doc) : null;
}
