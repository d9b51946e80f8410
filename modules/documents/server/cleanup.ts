import { partitionOf } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { followStoreChanges, getOrNull, type ChangeFollower } from '@oblako/server-kit';
import { DOCUMENTS_DB, type FileRecords } from './file-records';

/** The follower's lease and checkpoint: `_local/documents-file-cleanup` in the documents database. */
const FOLLOWER_NAME = 'documents-file-cleanup';

/**
 * When a patient deletes a document, its files go too: the bytes, the verdict records (their
 * tombstones make every device drop the file) and uploads still on their way. Follows the store's
 * change feed from a checkpoint kept in the store, so deletions made while the server was down,
 * or by another instance, are cleaned up as well — by one instance at a time (a leased follower).
 */
export function followDocumentDeletions(app: FastifyInstance, records: FileRecords): ChangeFollower {
  const db = app.store.db(DOCUMENTS_DB);

  const cleanUp = async (documentId: string): Promise<void> => {
    const patientId = partitionOf(documentId);
    if (!patientId) return;
    // A document deleted and then recreated under the same id keeps its files.
    if (await getOrNull(db, documentId)) return;
    for (const record of await records.recordsOfDocument(documentId, patientId)) {
      await app.blobs.delete(`${patientId}/${record.fileId}`);
      await records.remove(record);
    }
    for (const reservation of await records.reservationsOf(documentId, patientId)) {
      await app.blobs.discardUpload(reservation.uploadId);
      await records.release(patientId, reservation.uploadId);
    }
  };

  return followStoreChanges(app, {
    db,
    name: FOLLOWER_NAME,
    skip: (change) => !change.deleted,
    handle: (change) => cleanUp(change.id),
  });
}
