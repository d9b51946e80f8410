import { partitionOf } from '@oblako/domain';
import type { FastifyInstance } from '@oblako/server-kit';
import { getOrNull } from '@oblako/server-kit';
import { DOCUMENTS_DB, type FileRecords } from './file-records';

const CHECKPOINT_ID = '_local/documents-file-cleanup';

/**
 * When a patient deletes a document, its files go too: the bytes, the verdict records (their
 * tombstones make every device drop the file) and uploads still on their way. Follows the store's
 * change feed from a checkpoint kept in the store, so deletions made while the server was down,
 * or by another instance, are cleaned up as well.
 */
export function followDocumentDeletions(app: FastifyInstance, records: FileRecords): { start(): Promise<void>; stop(): Promise<void> } {
  const db = app.store.db(DOCUMENTS_DB);
  let feed: PouchDB.Core.Changes<object> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;
  // After a failure the checkpoint stays before it, so the next start tries that deletion again.
  let advancing = true;

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

  const saveCheckpoint = async (seq: number | string): Promise<void> => {
    const existing = await getOrNull<{ _rev: string }>(db, CHECKPOINT_ID);
    await db.put({ _id: CHECKPOINT_ID, ...(existing ? { _rev: existing._rev } : {}), seq } as PouchDB.Core.PutDocument<object>);
  };

  return {
    async start() {
      const checkpoint = await getOrNull<{ seq: number | string }>(db, CHECKPOINT_ID);
      if (stopped) return;
      feed = db.changes({ since: checkpoint?.seq ?? 0, live: true });
      feed.on('change', (change) => {
        if (!change.deleted) return;
        queue = queue
          .then(() => (stopped ? undefined : cleanUp(change.id)))
          .then(() => (stopped || !advancing ? undefined : saveCheckpoint(change.seq)))
          .catch((error) => {
            advancing = false;
            app.log.error({ err: error, documentId: change.id }, 'cleaning up the files of a deleted document failed; retried on restart');
          });
      });
      feed.on('error', (error) => app.log.error({ err: error }, 'the documents change feed stopped'));
    },
    async stop() {
      stopped = true;
      feed?.cancel();
      await queue;
    },
  };
}
