import { getOrNull, type FastifyInstance } from '@oblako/server-kit';

export interface Follower {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every change seen so far is handled (tests, the bench). */
  idle(): Promise<void>;
}

const BATCH = 200;

/**
 * Follows another database's change feed from a checkpoint kept in `checkpointDb`, handing
 * changes over in batches (a 5,000-patient day is a few hundred writes, not 5,000). Changes
 * made while the server was down are handled at start; the checkpoint moves only after a batch
 * is handled, so a crash replays it — handlers are idempotent (fixed ids).
 */
export function followFeed(
  app: FastifyInstance,
  sourceDb: string,
  checkpointDb: PouchDB.Database,
  checkpointId: string,
  handle: (ids: string[]) => Promise<void>,
): Follower {
  const db = app.store.db(sourceDb);
  let feed: PouchDB.Core.Changes<object> | null = null;
  let stopped = false;
  const pending = new Map<string, number | string>();
  let draining: Promise<void> | null = null;
  let broken = false;

  const saveCheckpoint = async (seq: number | string): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await getOrNull<{ _rev: string }>(checkpointDb, checkpointId);
      try {
        await checkpointDb.put({ _id: checkpointId, ...(existing ? { _rev: existing._rev } : {}), seq } as PouchDB.Core.PutDocument<object>);
        return;
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
  };

  const drain = async (): Promise<void> => {
    while (pending.size > 0 && !stopped) {
      const batch = [...pending.entries()].slice(0, BATCH);
      for (const [id] of batch) pending.delete(id);
      try {
        await handle(batch.map(([id]) => id));
        if (!stopped) await saveCheckpoint(batch[batch.length - 1]![1]);
      } catch (error) {
        // Not advancing: the next start replays from the last checkpoint.
        app.log.error({ err: error, db: sourceDb }, 'handling changes for push failed; retried on restart');
        broken = true;
        return;
      }
    }
  };

  const kick = (): void => {
    draining ??= drain().finally(() => {
      draining = null;
      // A change that arrived as the pass was ending.
      if (pending.size > 0 && !stopped && !broken) kick();
    });
  };

  return {
    async start() {
      const checkpoint = await getOrNull<{ seq: number | string }>(checkpointDb, checkpointId);
      if (stopped) return;
      feed = db.changes({ since: checkpoint?.seq ?? 0, live: true });
      feed.on('change', (change) => {
        if (change.id.startsWith('_')) return;
        pending.delete(change.id);
        pending.set(change.id, change.seq);
        kick();
      });
      feed.on('error', (error) => app.log.error({ err: error, db: sourceDb }, 'a change feed for push stopped'));
    },
    async stop() {
      stopped = true;
      feed?.cancel();
      await draining;
    },
    async idle() {
      while (draining) await draining;
    },
  };
}
