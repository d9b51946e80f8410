import type { RxDatabase } from 'rxdb';

/** RxDB's Dexie storage position (`_meta.lwt`, then the primary key): where RxDB's push reads on from. */
export interface StoragePosition {
  id: string;
  lwt: number;
}

/**
 * How far a collection's first sync (first-sync.ts) got, kept on the device (an RxDB local
 * document) so a first sync cut by a closed tab or a lost network goes on from the last page it
 * stored, and RxDB's replication, once it takes over, starts where the first sync ended.
 */
export interface FirstSyncProgress {
  /** `running`: pages are still to come; `done`: RxDB's replication has taken over. */
  state: 'running' | 'done';
  /** The server's `last_seq` after the last page stored on the device. */
  sequence?: string;
  /** The storage position of the last page stored that no edit on this device came before. */
  upstream?: StoragePosition;
  /** An edit on this device came between the pages: `upstream` moves no further. */
  upstreamFrozen?: boolean;
}

export async function readFirstSyncProgress(db: RxDatabase, identifier: string): Promise<FirstSyncProgress | undefined> {
  const doc = await db.getLocal<FirstSyncProgress>(progressId(identifier));
  return doc ? ({ ...doc.toJSON().data } as FirstSyncProgress) : undefined;
}

/** Only the leader tab runs a first sync (RxDB starts the replication on leadership): no merge needed. */
export async function storeFirstSyncProgress(db: RxDatabase, identifier: string, progress: FirstSyncProgress): Promise<void> {
  await db.upsertLocal<FirstSyncProgress>(progressId(identifier), progress);
}

function progressId(identifier: string): string {
  return `first-sync-${identifier}`;
}
