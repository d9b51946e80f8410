import { canReadPartition, reachOf, type SessionUser, type StoredDoc, type Viewer } from '@oblako/domain';
import { getOrNull, type FastifyInstance } from '@oblako/server-kit';
import { DOCUMENT_FILES_COLLECTION } from '../index';
import { DOCUMENTS_DB, type FileRecords, type StoredFileRecord } from './file-records';

/**
 * The verified file `fileId` of the patient, with its document, if `user` may read it: the same
 * pure rules as replication (a patient their own, a doctor their assigned patients', a manager
 * all), and only while it is a verified file listed by a live document. Null otherwise.
 * Used by downloads and by the views a device reports of its offline copies.
 */
export async function readableFile(
  app: FastifyInstance,
  records: FileRecords,
  user: Pick<SessionUser, 'id' | 'role'>,
  patientId: string,
  fileId: string,
): Promise<{ record: StoredFileRecord; document: StoredDoc } | null> {
  const viewer: Viewer = { id: user.id, role: user.role };
  if (reachOf(DOCUMENT_FILES_COLLECTION.access.read, viewer) === 'assigned') {
    viewer.assignedPatients = new Set(await app.access.assignedPatients(user.id));
  }
  if (!canReadPartition(DOCUMENT_FILES_COLLECTION, viewer, patientId)) return null;

  const record = await records.get(patientId, fileId);
  if (!record || record.status !== 'uploaded' || !record.sha256 || !record.mime) return null;
  // A file is shown only as part of its document: one the patient deleted, or that no longer
  // lists the file, no longer shows it to anyone.
  const document = await getOrNull<StoredDoc>(app.store.db(DOCUMENTS_DB), record.documentId);
  const listed = Array.isArray(document?.['files']) && (document['files'] as { fileId?: unknown }[]).some((f) => f?.fileId === fileId);
  if (!document || !listed) return null;
  return { record, document };
}
