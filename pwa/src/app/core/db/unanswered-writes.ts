import type { RxDatabase } from 'rxdb';
import { modifyLocal } from './local-state';

/** A write sent to the server whose answer this device has not seen yet. */
export interface UnansweredWrite {
  /** The revision it was sent on top of (none: a new document). */
  baseRev?: string;
  content: Record<string, unknown>;
}

interface StoredWrites {
  writes: Record<string, UnansweredWrite>;
}

/**
 * Writes in flight, kept on the device (an RxDB local document per collection) from just before
 * they are sent until their answer arrives. When the link drops after the server stored a write
 * and the app is then closed, RxDB forgets that it sent it: after the restart it would send the
 * person's newer edit on the old revision and merge it with their own earlier write as if it
 * were someone else's change (a false conflict, the newer value lost). Left over here, that
 * write is sent again first; the server recognises it (or stores it now), and the newer edit
 * then builds on it.
 */
export class UnansweredWrites {
  constructor(private readonly db: RxDatabase) {}

  remember(collection: string, writes: readonly ({ id: string } & UnansweredWrite)[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve();
    return modifyLocal<StoredWrites>(this.db, docId(collection), { writes: {} }, (data) => {
      const next = { ...data.writes };
      for (const { id, ...write } of writes) next[id] = write;
      return { writes: next };
    });
  }

  forget(collection: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return modifyLocal<StoredWrites>(this.db, docId(collection), { writes: {} }, (data) => {
      if (!ids.some((id) => id in data.writes)) return data;
      const next = { ...data.writes };
      for (const id of ids) delete next[id];
      return { writes: next };
    });
  }

  async find(collection: string, ids: readonly string[]): Promise<Map<string, UnansweredWrite>> {
    const doc = await this.db.getLocal<StoredWrites>(docId(collection));
    const writes = (doc?.get('writes') as StoredWrites['writes'] | undefined) ?? {};
    return new Map(ids.flatMap((id) => (writes[id] ? [[id, writes[id]] as const] : [])));
  }
}

function docId(collection: string): string {
  return `unanswered-writes-${collection}`;
}
