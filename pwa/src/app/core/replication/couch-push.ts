import type { RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { deepEqual } from '@oblako/domain';
import { BOOKKEEPING_FIELDS, EDIT_TIME_FIELDS, sameContent } from '../db/document-state';
import type { KnownRevisions } from '../db/known-revisions';
import type { UnansweredWrites } from '../db/unanswered-writes';
import type { EditBases } from '../db/edit-bases';
import type { RejectionRegistry } from '../db/rejections';
import type { NoticeField } from '../db/sync-notice';
import { fromCouch, serverVersion, toCouch, type Doc } from './couch-docs';
import type { AllDocsRow, BulkDocsRow, CouchDoc } from './couch-types';

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A write the server refused, with what this device tried to write. */
export interface RejectedWrite {
  collection: string;
  docId: string;
  reason: string;
  fields: NoticeField[];
}

export interface CouchPushOptions {
  collection: string;
  /** The collection's database URL, ending in `/` (`…/sync/<collection>/`). */
  url: string;
  primaryPath: string;
  /** The authorised fetch (bearer token, refresh on 401). */
  fetch: Fetch;
  rejections: RejectionRegistry;
  knownRevisions: KnownRevisions;
  unansweredWrites: UnansweredWrites;
  /** The version an edit was made on when RxDB lost what it assumed the server held. */
  editBases?: EditBases;
  onRejected: (rejection: RejectedWrite) => Promise<unknown>;
}

/** HTTP statuses with which the server refuses a whole `_bulk_docs` request for its content. */
const REFUSAL_STATUSES = new Set([400, 403, 404, 409, 413, 415, 422]);

type Row = RxReplicationWriteToMasterRow<Doc>;
/** A row to send on top of `baseRev` (none: a new document). */
interface Attempt {
  row: Row;
  baseRev: string | undefined;
  /** The version the edit was made on (what a refusal notice compares against), if known. */
  base?: Readonly<Doc>;
}


/**
 * RxDB's push handler for one collection of our server (CouchDB protocol). Returns the server
 * versions of the documents that could not be written as they were (RxDB's conflicts).
 *
 * Each edit is sent on top of the revision it was made on: the one RxDB remembers with what it
 * assumes the server holds (pulled documents keep `_rev`), or the revision this device's own
 * write of exactly that content got (KnownRevisions). Only when neither is known (the first push after a
 * reload, or a document with no assumed server state at all) is the server asked first, as RxDB's
 * own CouchDB plugin always does; what the server already holds exactly is not sent. The server
 * accepts nothing but the exact current revision, so a stale base comes back as a conflict and
 * is merged by the collection's conflict handler; it can never overwrite a newer version.
 *
 * - A write the server refuses (`{id, error: 'forbidden', reason}` or a whole request refused)
 *   becomes a conflict with the server's version; the refusal is marked (the conflict handler
 *   then settles on the server version) and reported with the attempted values, as a notice.
 * - Writes that would not change the server (the server version written back after a
 *   conflict, a deletion of a document the server never had) are answered here, never sent.
 * - A write whose answer was lost (the link dropped after the server stored it) is sent again
 *   as it was by RxDB's retry; the server answers it as the first time (replayed-write.ts).
 */
export function createCouchPush(options: CouchPushOptions): (rows: Row[]) => Promise<WithDeleted<Doc>[]> {
  const { collection, primaryPath, knownRevisions } = options;
  const idOf = (doc: Readonly<Doc>) => String(doc[primaryPath]);

  return async (rows) => {
    const conflicts: WithDeleted<Doc>[] = [];
    const toSend: Attempt[] = [];
    const toAsk: { row: Row; base: Readonly<Doc> | undefined }[] = [];
    await resendLeftovers(rows);
    // What RxDB does not know it assumed: the version the edits started from (see EditBases).
    const unassumed = rows.filter((row) => !row.assumedMasterState).map((row) => idOf(row.newDocumentState));
    const startedFrom = options.editBases && unassumed.length > 0 ? await options.editBases.find(collection, unassumed) : new Map<string, Doc>();

    for (const row of rows) {
      const id = idOf(row.newDocumentState);
      const assumed = row.assumedMasterState;
      const newer = knownRevisions.newerWrite(collection, id, assumed);
      const started = assumed ? undefined : startedFrom.get(id);
      if (!assumed && !newer && !started) {
        // Created here — or pulled by a first sync the app was closed in the middle of, whose
        // bookkeeping (RxDB's assumed server state) was never written: asked first, so such a
        // device does not send a thousand unchanged records back ahead of the person's edits.
        // Deleted before it ever left: the server never had it.
        if (!row.newDocumentState._deleted) toAsk.push({ row, base: undefined });
        continue;
      }
      const base = newer?.content ?? assumed ?? started!;
      const baseRev = newer?.rev ?? (assumed?.['_rev'] as string | undefined);
      if (!baseRev) toAsk.push({ row, base });
      else if (sameContent(row.newDocumentState, base)) {
        knownRevisions.learn(collection, id, baseRev);
        await options.editBases?.forget(collection, [id]);
      } else toSend.push({ row, baseRev, base });
    }

    if (toAsk.length > 0) {
      const servers = await readServerVersions(toAsk.map(({ row }) => idOf(row.newDocumentState)));
      for (const { row, base } of toAsk) {
        const id = idOf(row.newDocumentState);
        const server = servers.get(id) ?? null;
        const wanted = row.newDocumentState;
        if (!server || server._deleted) {
          if (wanted._deleted) {
            knownRevisions.learn(collection, id, server?._rev);
            await options.editBases?.forget(collection, [id]);
          } else if (!server) toSend.push({ row, baseRev: undefined });
          else conflicts.push(fromCouch(primaryPath, server));
        } else if (sameContent(wanted, fromCouch(primaryPath, server))) {
          // The server already holds exactly this: nothing to send.
          knownRevisions.learn(collection, id, server._rev);
          await options.editBases?.forget(collection, [id]);
        } else if (!base || !sameContent(fromCouch(primaryPath, server), base)) {
          conflicts.push(fromCouch(primaryPath, server));
        } else {
          toSend.push({ row, baseRev: server._rev, base: fromCouch(primaryPath, server) });
        }
      }
    }

    if (toSend.length > 0) conflicts.push(...(await send(toSend)));
    return conflicts;
  };

  /**
   * Writes sent before the app was closed whose answer never came (UnansweredWrites) go first,
   * as they were: the server answers with the revision they got (or stores them now). The newer
   * edit then builds on that revision (KnownRevisions.newerWrite). One that met another writer
   * or was refused is dropped: the newer edit carries what the person wants now.
   */
  async function resendLeftovers(rows: Row[]): Promise<void> {
    const leftovers = await options.unansweredWrites.find(collection, rows.map((row) => idOf(row.newDocumentState)));
    if (leftovers.size === 0) return;
    const replays = rows.flatMap((row) => {
      const id = idOf(row.newDocumentState);
      const leftover = leftovers.get(id);
      // The same content is what RxDB is sending again anyway.
      return leftover && !sameContent(leftover.content, row.newDocumentState) ? [{ id, ...leftover }] : [];
    });
    if (replays.length > 0) {
      const answers = await post(replays.map(({ content, baseRev }) => toCouch(primaryPath, content, baseRev)));
      if (Array.isArray(answers)) {
        for (const { id, content } of replays) {
          const answer = answers.find((candidate) => candidate.id === id);
          if (answer?.ok && answer.rev) knownRevisions.acknowledge(collection, id, answer.rev, content);
        }
      }
    }
    await options.unansweredWrites.forget(collection, replays.map(({ id }) => id));
  }

  async function post(docs: CouchDoc[]): Promise<BulkDocsRow[] | Response> {
    const response = await options.fetch(`${options.url}_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (!response.ok) return response;
    return (await response.json()) as BulkDocsRow[];
  }

  /** Sends one `_bulk_docs`; returns the server versions of what could not be written as sent. */
  async function send(batch: Attempt[]): Promise<WithDeleted<Doc>[]> {
    const docs = batch.map(({ row, baseRev }) => toCouch(primaryPath, row.newDocumentState, baseRev));
    await options.unansweredWrites.remember(
      collection,
      batch.map(({ row, baseRev }) => ({ id: idOf(row.newDocumentState), ...(baseRev ? { baseRev } : {}), content: row.newDocumentState })),
    );
    const response = await post(docs);
    let answers: BulkDocsRow[];
    if (Array.isArray(response)) {
      answers = response;
    } else if (REFUSAL_STATUSES.has(response.status)) {
      const refusal = (await response.json().catch(() => ({}))) as { error?: string; reason?: string };
      const reason = refusal.reason ?? refusal.error ?? `HTTP ${response.status}`;
      answers = docs.map((doc) => ({ id: doc._id, error: refusal.error ?? 'forbidden', reason }));
    } else {
      // 5xx, or 401 after a refresh: RxDB reports the error and sends the same rows again later
      // (the server recognises a write it already stored, should this one have gone through).
      throw new Error(`POST ${options.url}_bulk_docs answered HTTP ${response.status}`);
    }
    const answerById = new Map(answers.map((answer) => [answer.id, answer]));
    await options.unansweredWrites.forget(collection, docs.map((doc) => doc._id));
    const reRead: string[] = [];
    const acknowledged: string[] = [];
    for (const [index, { row, base }] of batch.entries()) {
      const id = docs[index]!._id;
      const answer = answerById.get(id);
      if (answer?.ok && answer.rev) {
        knownRevisions.acknowledge(collection, id, answer.rev, row.newDocumentState);
        acknowledged.push(id);
        continue;
      }
      reRead.push(id);
      if (!answer || answer.error === 'conflict') continue;
      const reason = answer.reason ?? answer.error ?? 'refused';
      options.rejections.mark(collection, id, reason);
      await options.onRejected({ collection, docId: id, reason, fields: attemptedChanges(row.newDocumentState, base ?? row.assumedMasterState, primaryPath) });
    }
    // The server has these edits now: the versions they were made on are needed no more.
    await options.editBases?.forget(collection, acknowledged);
    if (reRead.length === 0) return [];
    const servers = await readServerVersions(reRead);
    // A document the server does not have (a refused creation) comes back as a tombstone with
    // no revision: there is no server version it could be older or newer than.
    return reRead.map((id) => {
      const server = servers.get(id);
      return server ? fromCouch(primaryPath, server) : ({ [primaryPath]: id, _deleted: true } as WithDeleted<Doc>);
    });
  }

  async function readServerVersions(ids: string[]): Promise<Map<string, CouchDoc>> {
    const response = await options.fetch(`${options.url}_all_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keys: ids, include_docs: true }),
    });
    if (!response.ok) throw new Error(`POST ${options.url}_all_docs answered HTTP ${response.status}`);
    const body = (await response.json()) as { rows?: AllDocsRow[] };
    const found = new Map<string, CouchDoc>();
    for (const row of body.rows ?? []) {
      const version = serverVersion(row);
      if (version) found.set(version._id, version);
    }
    return found;
  }
}

/** The fields a refused write tried to change (every field, for a new document). */
function attemptedChanges(attempted: Readonly<Doc>, server: Readonly<Doc> | undefined, primaryPath: string): NoticeField[] {
  const skip = new Set<string>([...BOOKKEEPING_FIELDS, ...EDIT_TIME_FIELDS, '_deleted', primaryPath]);
  const fields = new Set([...Object.keys(attempted), ...Object.keys(server ?? {})]);
  return [...fields]
    .filter((field) => !skip.has(field) && !deepEqual(attempted[field], server?.[field]))
    .map((field) => ({ field, local: attempted[field] ?? null, remote: server?.[field] ?? null }));
}
