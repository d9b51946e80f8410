import type { FastifyBaseLogger } from 'fastify';
import { toDocumentData, type CollectionPolicy, type StoredDoc } from '@oblako/domain';
import { readStates } from '../store/bulk';
import { revisionOfReplayedWrite } from './replayed-write';
import type { GuardedWrite, GuardResult, GuardVerdict, GuardWriter, ReplicationGuard } from './guards';

export type BulkDocsRow =
  | { ok: true; id: string; rev: string }
  | { id?: unknown; error: string; reason: string; code?: string; field?: string };

const CONFLICT = { error: 'conflict', reason: 'Document update conflict.' } as const;

/** The stored state of one document before the write: absent, live, or deleted (rev only). */
type Current = { kind: 'absent' } | { kind: 'live'; doc: StoredDoc } | { kind: 'deleted'; rev: string };

/** A collection's replication guard with who is writing (see guards.ts). */
export interface GuardedBy {
  guard: ReplicationGuard;
  writer: GuardWriter;
  /** Runs the check and the write under the collection's lock. */
  withLock<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * `_bulk_docs` with normal edits: every document is checked by the authorisation core against
 * its current stored state, then by the collection's guard when it has one (under its lock,
 * so check and write are atomic in this process); the accepted ones are written exactly as sent
 * (only `_rev` may be dropped), because RxDB compares what it pushed with what it later pulls and
 * would see any server-side change as a conflict forever. Rows come back in input order.
 */
export async function writeDocs(
  db: PouchDB.Database,
  policy: CollectionPolicy,
  docs: readonly unknown[],
  log: FastifyBaseLogger,
  guarded?: GuardedBy,
): Promise<BulkDocsRow[]> {
  if (!guarded) return (await checkAndWrite(db, policy, docs, log)).rows;
  const { rows, results } = await guarded.withLock(() => checkAndWrite(db, policy, docs, log, guarded));
  if (guarded.guard.afterCommit && results.length > 0) {
    try {
      await guarded.guard.afterCommit(results, guarded.writer);
    } catch (error) {
      log.error({ err: error, collection: policy.collection.name }, 'a replication guard failed after the commit');
    }
  }
  return rows;
}

async function checkAndWrite(
  db: PouchDB.Database,
  policy: CollectionPolicy,
  docs: readonly unknown[],
  log: FastifyBaseLogger,
  guarded?: GuardedBy,
): Promise<{ rows: BulkDocsRow[]; results: GuardResult[] }> {
  const current = await readCurrent(db, docs);
  const rows: (BulkDocsRow | null)[] = [];
  const toWrite: { index: number; doc: StoredDoc; result?: GuardResult }[] = [];
  const seen = new Set<string>();
  const pending: { index: number; doc: StoredDoc; prepared: StoredDoc; write: GuardedWrite }[] = [];

  for (const [index, candidate] of docs.entries()) {
    const id = idOf(candidate);
    const state = typeof id === 'string' ? (current.get(id) ?? { kind: 'absent' }) : { kind: 'absent' as const };
    // A write sent again after its answer was lost is answered as the first time, not as a conflict.
    if (state.kind === 'live' && (candidate as StoredDoc)._rev !== state.doc._rev && policy.canRead(state.doc) && !seen.has(state.doc._id)) {
      const rev = await revisionOfReplayedWrite(db, candidate as StoredDoc);
      if (rev) {
        seen.add(state.doc._id);
        rows.push({ ok: true, id: state.doc._id, rev });
        continue;
      }
    }
    const refusal = policy.checkWrite(state.kind === 'live' ? state.doc : null, candidate);
    if (refusal) {
      rows.push({ id, error: refusal.error, reason: refusal.reason, code: refusal.code, ...(refusal.field ? { field: refusal.field } : {}) });
      continue;
    }
    const doc = candidate as StoredDoc;
    // The same id twice in one request: CouchDB lets the first win and the second conflict.
    if (seen.has(doc._id)) {
      rows.push({ id: doc._id, ...CONFLICT });
      continue;
    }
    seen.add(doc._id);
    const prepared = withRevisionFor(state, doc);
    if (!prepared) {
      rows.push({ id: doc._id, ...CONFLICT });
      continue;
    }
    rows.push(null);
    if (!guarded) {
      toWrite.push({ index, doc: prepared });
      continue;
    }
    const primaryKey = policy.collection.schema.primaryKey;
    pending.push({
      index,
      doc,
      prepared,
      write: {
        id: doc._id,
        before: state.kind === 'live' ? toDocumentData(state.doc, primaryKey) : null,
        after: doc._deleted === true ? null : toDocumentData(doc, primaryKey),
      },
    });
  }

  const results: GuardResult[] = [];
  if (guarded && pending.length > 0) {
    const verdicts: GuardVerdict[] = await guarded.guard.check(pending.map((entry) => entry.write), guarded.writer);
    pending.forEach((entry, position) => {
      const verdict = verdicts[position] ?? { ok: false, code: 'context_missing', reason: 'The write could not be checked.' };
      const result: GuardResult = { write: entry.write, committed: false, ...(verdict.note !== undefined ? { note: verdict.note } : {}) };
      results.push(result);
      if (verdict.ok) {
        toWrite.push({ index: entry.index, doc: entry.prepared, result });
        return;
      }
      if (verdict.conflict) {
        rows[entry.index] = { id: entry.doc._id, ...CONFLICT };
        return;
      }
      const refused = { code: verdict.code, reason: verdict.reason, ...(verdict.field ? { field: verdict.field } : {}) };
      result.refused = refused;
      rows[entry.index] = { id: entry.doc._id, error: 'forbidden', ...refused };
    });
  }

  if (toWrite.length > 0) {
    const results = await db.bulkDocs(toWrite.map(({ doc }) => doc));
    results.forEach((result, position) => {
      const { index, doc, result: guardResult } = toWrite[position]!;
      if ('ok' in result && result.ok) {
        rows[index] = { ok: true, id: doc._id, rev: result.rev };
        if (guardResult) guardResult.committed = true;
        return;
      }
      const error = result as PouchDB.Core.Error;
      if (error.status === 409) {
        rows[index] = { id: doc._id, ...CONFLICT };
      } else {
        log.error({ id: doc._id, status: error.status, name: error.name, message: error.message }, 'bulk_docs write failed');
        rows[index] = { id: doc._id, error: error.name ?? 'unknown_error', reason: error.message ?? 'The document could not be written.' };
      }
    });
  }
  return { rows: rows.map((row) => row!), results };
}

function idOf(doc: unknown): unknown {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>)['_id'] : undefined;
}

/**
 * The revision rules, stricter than PouchDB's own: an update must name the revision it was
 * checked against. Rights were checked against `state`; requiring the same `_rev` lets the
 * store's optimistic lock guarantee that what gets overwritten is exactly what was checked.
 */
function withRevisionFor(state: Current, doc: StoredDoc): StoredDoc | null {
  switch (state.kind) {
    case 'absent': {
      // Nothing to overwrite: a stale `_rev` (say, from a wiped server) would only make
      // PouchDB answer "conflict" forever, so the document is created instead.
      if (doc._rev === undefined) return doc;
      const { _rev: _dropped, ...created } = doc;
      return created as StoredDoc;
    }
    case 'live':
      return doc._rev === state.doc._rev ? doc : null;
    case 'deleted':
      // Recreating a deleted document is allowed without a revision, as in CouchDB.
      return doc._rev === undefined || doc._rev === state.rev ? doc : null;
  }
}

async function readCurrent(db: PouchDB.Database, docs: readonly unknown[]): Promise<Map<string, Current>> {
  const ids = [...new Set(docs.map(idOf).filter((id): id is string => typeof id === 'string' && id.length > 0 && !id.startsWith('_')))];
  if (ids.length === 0) return new Map();
  // What allDocs({keys, include_docs}) would say, read with parallel gets on the embedded store.
  return (await readStates<StoredDoc>(db, ids)) as Map<string, Current>;
}
