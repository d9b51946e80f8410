import { randomUUID } from 'node:crypto';

const EPOCH_DOC = '_local/replication-epoch';

/**
 * The identity of this store's history, carried in every `last_seq` the server hands out. A
 * store restored from a backup (or replaced) starts a new history whose positions mean nothing
 * for the old ones: a device's checkpoint may point past its end (refused forever) or into it
 * (skipping what was restored). `_local` documents are neither backed up nor replicated, so a
 * restored or replicated store has no epoch and gets a new one at start; a device that comes
 * with another epoch's checkpoint is served from the beginning instead. Several instances on
 * one CouchDB agree on the one document (a 409 means another wrote it first).
 */
export async function storeEpoch(db: PouchDB.Database): Promise<string> {
  for (;;) {
    try {
      return ((await db.get(EPOCH_DOC)) as unknown as { epoch: string }).epoch;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    try {
      await db.put({ _id: EPOCH_DOC, epoch: randomUUID() });
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
}
