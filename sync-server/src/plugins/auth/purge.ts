/** A batch per query keeps memory flat however much has piled up. */
const BATCH = 200;

/**
 * Deletes the records of a database whose `expiresAt` has passed (couch-design/expiry.ts):
 * used refresh tokens, old revocations, stale sign-in counters. Several instances may purge at
 * once; a conflict just means another one got there first. Returns how many were deleted.
 */
export async function purgeExpired(db: PouchDB.Database, now = new Date()): Promise<number> {
  let purged = 0;
  for (;;) {
    const expired = await db.query('expiry/by_time', { endkey: now.toISOString(), limit: BATCH, include_docs: true });
    const deletions = expired.rows.flatMap((row) => (row.doc ? [{ _id: row.doc._id, _rev: row.doc._rev, _deleted: true }] : []));
    if (deletions.length === 0) return purged;
    const results = await db.bulkDocs(deletions);
    const done = results.filter((result) => 'ok' in result && result.ok).length;
    purged += done;
    if (expired.rows.length < BATCH || done === 0) return purged;
  }
}

export interface PurgeSchedule {
  stop(): void;
}

/** Runs the purge now and then; errors are logged and retried at the next turn. */
export function schedulePurge(run: () => Promise<void>, intervalMs: number): PurgeSchedule {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run().finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
