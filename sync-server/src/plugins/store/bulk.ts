/**
 * Reading and writing thousands of documents at once (a 5,000-row import). Measured on the
 * embedded LevelDB store: concurrent `get`s are ~5× faster than one `allDocs({keys})`, and
 * `bulkDocs` in batches of a few hundred ~5× faster than one huge batch. Over HTTP (CouchDB)
 * one request per batch is what counts, so `allDocs({keys})` is used there.
 */
const READ_BATCH = 500;
const WRITE_BATCH = 250;
const WRITES_IN_FLIGHT = 4;
const CONCURRENT_GETS = 64;

export type StoredDocument = { _id: string; _rev: string; [field: string]: unknown };

function isRemote(db: PouchDB.Database): boolean {
  return (db as unknown as { adapter?: string }).adapter === 'http';
}

/** The documents with these ids that exist (deleted ones are absent), by id. */
export async function readMany<T extends object = Record<string, unknown>>(db: PouchDB.Database, ids: readonly string[]): Promise<Map<string, T & StoredDocument>> {
  const found = new Map<string, T & StoredDocument>();
  const unique = [...new Set(ids)];
  if (isRemote(db)) {
    for (let start = 0; start < unique.length; start += READ_BATCH) {
      const result = await db.allDocs({ keys: unique.slice(start, start + READ_BATCH), include_docs: true });
      for (const row of result.rows) {
        if ('doc' in row && row.doc) found.set(row.id, row.doc as unknown as T & StoredDocument);
      }
    }
    return found;
  }
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const id = unique[next++]!;
      try {
        found.set(id, (await db.get(id)) as unknown as T & StoredDocument);
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_GETS, unique.length) }, worker));
  return found;
}

/** What the store holds under one id: a live document with its body, or a deletion (its winning rev). */
export type StoredState<T extends object = Record<string, unknown>> =
  | { kind: 'live'; doc: T & StoredDocument }
  | { kind: 'deleted'; rev: string };

/**
 * The stored state of these ids, exactly as `allDocs({keys, include_docs: true})` reports it
 * (absent ids are missing from the map), for replication's per-batch reads.
 *
 * On the embedded store PouchDB answers `allDocs({keys})` with one LevelDB range query (an
 * iterator) per key; here every plain id gets one `db.get` instead, all issued at once so
 * they run as one batch of reads in PouchDB's queue, as the keys of one `allDocs` do (no
 * write in between). Only ids whose `get` says "deleted" are asked again with `allDocs` to
 * learn their rev. Reserved (`_design/`, `_local/`) and empty ids keep `allDocs`, whose answer
 * for them `get` would not repeat. Over HTTP (CouchDB) it stays one `allDocs` per batch.
 */
export async function readStates<T extends object = Record<string, unknown>>(
  db: PouchDB.Database,
  ids: readonly string[],
): Promise<Map<string, StoredState<T>>> {
  const states = new Map<string, StoredState<T>>();
  const unique = [...new Set(ids)];
  const viaAllDocs = async (keys: readonly string[]) => {
    for (let start = 0; start < keys.length; start += READ_BATCH) {
      const result = await db.allDocs({ keys: keys.slice(start, start + READ_BATCH), include_docs: true });
      for (const row of result.rows) {
        if ('error' in row || !row.value) continue;
        if (row.value.deleted) states.set(row.id, { kind: 'deleted', rev: row.value.rev });
        else if (row.doc) states.set(row.id, { kind: 'live', doc: row.doc as unknown as T & StoredDocument });
      }
    }
  };
  if (isRemote(db)) {
    await viaAllDocs(unique);
    return states;
  }
  const plain = unique.filter((id) => id.length > 0 && !id.startsWith('_'));
  const again = unique.filter((id) => id.length === 0 || id.startsWith('_'));
  const outcomes = await Promise.all(
    plain.map((id) =>
      db.get(id).then(
        (doc) => ({ id, doc: doc as unknown as T & StoredDocument }),
        (error: unknown) => {
          const failure = error as { status?: number; reason?: string; message?: string };
          if (failure.status !== 404) throw error;
          return { id, doc: null, deleted: failure.reason === 'deleted' || failure.message === 'deleted' };
        },
      ),
    ),
  );
  for (const outcome of outcomes) {
    if (outcome.doc) states.set(outcome.id, { kind: 'live', doc: outcome.doc });
    else if ('deleted' in outcome && outcome.deleted) again.push(outcome.id);
  }
  if (again.length > 0) await viaAllDocs(again);
  return states;
}

export interface WriteOutcome {
  id: string;
  ok: boolean;
  /** 409: the id is taken (or the _rev is stale). */
  conflict: boolean;
  rev?: string;
  error?: string;
}

/**
 * bulkDocs in batches, a few batches in flight at once (the store overlaps their disk work);
 * every document's outcome, in order. Conflicts are outcomes, not exceptions. Ids must be
 * distinct (two versions of one document in flight at once would race).
 */
export async function writeMany(db: PouchDB.Database, docs: readonly { _id: string }[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array(docs.length);
  const starts: number[] = [];
  for (let start = 0; start < docs.length; start += WRITE_BATCH) starts.push(start);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const start = starts[next++]!;
      const batch = docs.slice(start, start + WRITE_BATCH);
      const results = await db.bulkDocs(batch as PouchDB.Core.PutDocument<object>[]);
      results.forEach((result, index) => {
        const id = batch[index]!._id;
        if ('ok' in result && result.ok) outcomes[start + index] = { id, ok: true, conflict: false, rev: result.rev };
        else {
          const failure = result as PouchDB.Core.Error;
          outcomes[start + index] = { id, ok: false, conflict: failure.status === 409, error: failure.message ?? failure.name };
        }
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, starts.length) }, worker));
  return outcomes;
}

/** Throws when any write failed for a reason other than a conflict (disk full, store down). */
export function assertWritten(outcomes: readonly WriteOutcome[], what: string): void {
  const failed = outcomes.find((outcome) => !outcome.ok && !outcome.conflict);
  if (failed) throw new Error(`Writing ${what} failed for ${failed.id}: ${failed.error ?? 'unknown error'}`);
}

/**
 * Puts issued in the same moment go to the store as one bulkDocs: a listener run for each of
 * 5,000 imported accounts then costs a few bulk writes instead of 5,000 single writes (each of
 * which wakes the live change feeds of a replicated collection). Each caller still learns its
 * own document's outcome.
 */
export interface WriteBatcher {
  put(doc: { _id: string; _rev?: string }): Promise<WriteOutcome>;
}

export function createWriteBatcher(db: PouchDB.Database, maxBatch = WRITE_BATCH): WriteBatcher {
  let pending: { doc: { _id: string }; resolve: (outcome: WriteOutcome) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0) schedule();
    try {
      const outcomes = await writeMany(db, batch.map((entry) => entry.doc));
      batch.forEach((entry, index) => entry.resolve(outcomes[index]!));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };
  return {
    put(doc) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        pending.push({ doc, resolve, reject });
        schedule();
      });
    },
  };
}
