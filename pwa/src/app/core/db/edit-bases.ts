import type { RxDatabase } from 'rxdb';
import { modifyLocal } from './local-state';

type Doc = Record<string, unknown>;

interface StoredBases {
  bases: Record<string, Doc>;
}

/**
 * The version of each document this device's unconfirmed edits started from, kept on the device
 * (an RxDB local document per collection) from the first such edit until the server has the
 * edit or it has been merged.
 *
 * Why: RxDB keeps what it assumes the server holds (its "assumed master state", the base of the
 * next push and of the merge) in an IndexedDB database of its own, written just after the pulled
 * document itself. An app closed in between (a reload, `page.goto`, a killed tab) keeps the
 * document but not the assumption, and a document RxDB inserted carries no mark of having come
 * from the server. When the person then edits it before the pull is made again, RxDB pushes the
 * edit as if this device had created the document; the merge had no base and gave every field
 * the edit changed to the server's value (the edit lost, with a false conflict notice). The
 * version kept here stands in for the missing assumption (couch-push.ts, conflict-handler.ts);
 * where RxDB has its assumption, that one is used.
 */
export class EditBases {
  constructor(private readonly db: RxDatabase) {}

  /** Before an edit of `previous`: kept unless an earlier unconfirmed edit's base is already. */
  async before(collection: string, id: string, previous: Readonly<Doc>): Promise<void> {
    if ((await this.find(collection, [id])).has(id)) return;
    const { _meta: _m, _rev: _r, _attachments: _a, ...content } = previous;
    await modifyLocal<StoredBases>(this.db, docId(collection), { bases: {} }, (data) => (id in data.bases ? data : { bases: { ...data.bases, [id]: content } }));
  }

  forget(collection: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return modifyLocal<StoredBases>(this.db, docId(collection), { bases: {} }, (data) => {
      if (!ids.some((id) => id in data.bases)) return data;
      const next = { ...data.bases };
      for (const id of ids) delete next[id];
      return { bases: next };
    });
  }

  async find(collection: string, ids: readonly string[]): Promise<Map<string, Doc>> {
    if (ids.length === 0) return new Map();
    const doc = await this.db.getLocal<StoredBases>(docId(collection));
    const bases = (doc?.get('bases') as StoredBases['bases'] | undefined) ?? {};
    return new Map(ids.flatMap((id) => (bases[id] ? [[id, bases[id]] as const] : [])));
  }
}

function docId(collection: string): string {
  return `edit-bases-${collection}`;
}
