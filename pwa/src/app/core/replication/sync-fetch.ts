import { deepEqual } from '@oblako/domain';
import { BOOKKEEPING_FIELDS, EDIT_TIME_FIELDS, withoutBookkeeping } from '../db/document-state';
import type { RejectionRegistry } from '../db/rejections';
import type { NoticeField } from '../db/sync-notice';
import type { AllDocsRow, BulkDocsRow, CouchDoc } from './couch-types';
import type { LongpollFeed, LongpollHub } from './longpoll-hub';

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A write the server refused, with what this device tried to write. */
export interface RejectedWrite {
  collection: string;
  docId: string;
  reason: string;
  fields: NoticeField[];
}

export interface SyncFetchOptions {
  collection: string;
  /** The authorised fetch (bearer token, refresh on 401). */
  fetch: Fetch;
  rejections: RejectionRegistry;
  onRejected: (rejection: RejectedWrite) => Promise<unknown>;
  /** Carries the live longpoll (`_changes?feed=longpoll`) over the device's one shared request. */
  hub?: LongpollHub;
}

/** The revision given to a synthesized tombstone of a new document the server refused. */
export const REJECTED_REVISION = '1-rejected';

/** HTTP statuses with which the server refuses a whole `_bulk_docs` request for its content. */
const REFUSAL_STATUSES = new Set([400, 403, 404, 409, 413, 415, 422]);

/**
 * The fetch given to RxDB's CouchDB replication, adapting our authorised server to it:
 *
 * - The server answers refused writes in `_bulk_docs` as `{id, error: 'forbidden', reason}`.
 *   RxDB throws on any row error other than `conflict` and would retry the same write forever,
 *   so such rows become conflicts; the refusal is marked (the conflict handler then settles on
 *   the server version) and reported, with the attempted values, as a "rejected" notice.
 * - When RxDB re-reads those ids (`GET _all_docs?keys=`) and the server has no document (a new
 *   document was refused) or only a deleted one, a tombstone is synthesized: CouchDB answers
 *   `doc: null` there, which RxDB cannot read.
 * - Writes that would not change the server (the server version written back after a
 *   conflict, a deletion of a document the server never had) are answered locally, never sent.
 * - With a hub, the live pull's `_changes?feed=longpoll` is not sent: it waits in the hub's one
 *   shared `POST /sync/_changes` and is answered with this collection's page from it.
 */
export function createSyncFetch(options: SyncFetchOptions): Fetch {
  /** Server state per id as last seen by the push pre-check (`null`: the server has none). */
  const serverState = new Map<string, CouchDoc | null>();

  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, globalThis.location?.href);
    const method = (init.method ?? 'GET').toUpperCase();
    if (url.pathname.endsWith('/_all_docs') && method === 'POST') return preCheck(input, init);
    if (url.pathname.endsWith('/_bulk_docs') && method === 'POST') return bulkDocs(input, init);
    if (url.pathname.endsWith('/_all_docs') && method === 'GET' && url.searchParams.has('keys')) return reRead(input, init);
    if (options.hub && url.pathname.endsWith('/_changes') && method === 'GET' && url.searchParams.get('feed') === 'longpoll') {
      return options.hub.register(longpollFeed(options.collection, url.searchParams));
    }
    return options.fetch(input, init);
  };

  async function preCheck(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
    const response = await options.fetch(input, init);
    if (!response.ok) return response;
    const body = (await response.json()) as { rows: AllDocsRow[] };
    for (const row of body.rows ?? []) {
      const id = row.id ?? row.key;
      if (!id) continue;
      if (row.doc) serverState.set(id, row.doc);
      else if (row.value?.deleted) serverState.set(id, { _id: id, _rev: row.value.rev, _deleted: true });
      else serverState.set(id, null);
    }
    return json(body, response.status);
  }

  async function bulkDocs(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
    const request = JSON.parse(String(init.body)) as { docs: CouchDoc[]; [option: string]: unknown };
    const answers = new Map<string, BulkDocsRow>();
    const toSend: CouchDoc[] = [];
    const knownById = new Map<string, CouchDoc | null>();
    for (const doc of request.docs) {
      const known = serverState.get(doc._id);
      serverState.delete(doc._id);
      knownById.set(doc._id, known ?? null);
      if (changesNothing(doc, known)) answers.set(doc._id, { id: doc._id, ok: true, rev: known?._rev ?? doc._rev ?? '0-unchanged' });
      else toSend.push(doc);
    }
    if (toSend.length > 0) {
      const response = await options.fetch(input, { ...init, body: JSON.stringify({ ...request, docs: toSend }) });
      let rows: BulkDocsRow[];
      if (response.ok) {
        rows = (await response.json()) as BulkDocsRow[];
      } else if (REFUSAL_STATUSES.has(response.status)) {
        const refusal = (await response.json().catch(() => ({}))) as { error?: string; reason?: string };
        const reason = refusal.reason ?? refusal.error ?? `HTTP ${response.status}`;
        rows = toSend.map((doc) => ({ id: doc._id, error: refusal.error ?? 'forbidden', reason }));
      } else {
        return response; // 5xx, 401 after refresh: RxDB reports the error and retries later.
      }
      const sentById = new Map(toSend.map((doc) => [doc._id, doc]));
      for (const row of rows) {
        if (row.error && row.error !== 'conflict') {
          const attempted = sentById.get(row.id);
          const reason = row.reason ?? row.error;
          options.rejections.mark(options.collection, row.id, reason);
          await options.onRejected({
            collection: options.collection,
            docId: row.id,
            reason,
            fields: attempted ? attemptedChanges(attempted, knownById.get(row.id) ?? null) : [],
          });
          answers.set(row.id, { id: row.id, error: 'conflict', reason });
        } else {
          answers.set(row.id, row);
        }
      }
    }
    return json(
      request.docs.map((doc) => answers.get(doc._id) ?? { id: doc._id, error: 'conflict', reason: 'no answer from the server' }),
      201,
    );
  }

  async function reRead(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
    const response = await options.fetch(input, init);
    if (!response.ok) return response;
    const body = (await response.json()) as { rows: AllDocsRow[] };
    body.rows = (body.rows ?? []).map((row) => {
      if (row.doc) return row;
      const id = String(row.id ?? row.key);
      const rev = row.value?.rev ?? REJECTED_REVISION;
      return { id, key: id, value: { rev, deleted: true }, doc: { _id: id, _rev: rev, _deleted: true } };
    });
    return json(body, response.status);
  }
}

function longpollFeed(collection: string, params: URLSearchParams): LongpollFeed {
  const number = (name: string) => {
    const value = Number(params.get(name));
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  };
  const limit = number('limit');
  const heartbeat = number('heartbeat');
  return { collection, since: params.get('since') ?? '0', ...(limit ? { limit } : {}), ...(heartbeat ? { heartbeat } : {}) };
}

/** True when writing `doc` would leave the server as it is. */
function changesNothing(doc: CouchDoc, server: CouchDoc | null | undefined): boolean {
  if (server === undefined) return false;
  if (server === null || server._deleted) return doc._deleted === true;
  return doc._rev === server._rev && deepEqual(withoutBookkeeping(doc), withoutBookkeeping(server));
}

/** The fields a refused write tried to change (every field, for a new document). */
function attemptedChanges(attempted: CouchDoc, server: CouchDoc | null): NoticeField[] {
  const skip = new Set<string>([...BOOKKEEPING_FIELDS, ...EDIT_TIME_FIELDS, '_deleted']);
  const fields = new Set([...Object.keys(attempted), ...Object.keys(server ?? {})]);
  return [...fields]
    .filter((field) => !skip.has(field) && !deepEqual(attempted[field], server?.[field]))
    .map((field) => ({ field, local: attempted[field] ?? null, remote: server?.[field] ?? null }));
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
