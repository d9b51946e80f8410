import type { CollectionDefinition } from '@oblako/domain';
import type { CouchDoc } from '../couch-types';

/**
 * A small in-memory stand-in for one `/sync/<collection>/` database of our server, speaking
 * the CouchDB subset RxDB's replication uses, including the server's way of refusing a write:
 * a `_bulk_docs` row `{id, error: 'forbidden', reason}`. For unit tests of the client side only.
 */
export class FakeCouch {
  readonly docs = new Map<string, CouchDoc>();
  private readonly log: { seq: number; id: string }[] = [];
  private seq = 0;
  /** Reason to refuse a write, or null to accept it. */
  refuse: (doc: CouchDoc, existing: CouchDoc | undefined) => string | null = () => null;
  readonly requests: string[] = [];

  /** Writes as another device would (through the server). */
  put(doc: CouchDoc): CouchDoc {
    const existing = this.docs.get(doc._id);
    const generation = existing ? Number(existing._rev!.split('-')[0]) + 1 : 1;
    const stored = { ...doc, _rev: `${generation}-${Math.random().toString(16).slice(2, 10)}` };
    this.docs.set(doc._id, stored);
    this.log.push({ seq: ++this.seq, id: doc._id });
    return stored;
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init.method ?? 'GET').toUpperCase();
    const endpoint = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
    this.requests.push(`${method} ${endpoint}`);
    if (endpoint === '_changes') return this.changes(url);
    if (endpoint === '_all_docs') {
      const keys: string[] = method === 'POST' ? JSON.parse(String(init.body)).keys : JSON.parse(url.searchParams.get('keys') ?? '[]');
      return json({ rows: keys.map((key) => this.row(key)) });
    }
    if (endpoint === '_bulk_docs') return json(this.bulk(JSON.parse(String(init.body)).docs as CouchDoc[]), 201);
    return json({ db_name: 'fake', update_seq: String(this.seq) });
  };

  private changes(url: URL): Response {
    const sinceParam = url.searchParams.get('since') ?? '0';
    const since = sinceParam === 'now' ? this.seq : Number(sinceParam);
    // As our server: a position beyond the end of the log was never issued by it.
    if (!(since <= this.seq)) return json({ error: 'bad_request', reason: '"since" is not a position of this database.' }, 400);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const latest = new Map<string, number>();
    for (const entry of this.log) if (entry.seq > since) latest.set(entry.id, entry.seq);
    const results = [...latest.entries()]
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id, seq]) => {
        const doc = this.docs.get(id)!;
        return { seq: String(seq), id, changes: [{ rev: doc._rev }], doc, ...(doc._deleted ? { deleted: true } : {}) };
      });
    return json({ results, last_seq: String(results.at(-1)?.seq ?? since) });
  }

  private row(key: string) {
    const doc = this.docs.get(key);
    if (!doc) return { key, error: 'not_found' };
    if (doc._deleted) return { id: key, key, value: { rev: doc._rev, deleted: true }, doc: null };
    return { id: key, key, value: { rev: doc._rev }, doc };
  }

  private bulk(docs: CouchDoc[]) {
    return docs.map((doc) => {
      const existing = this.docs.get(doc._id);
      const reason = this.refuse(doc, existing);
      if (reason) return { id: doc._id, error: 'forbidden', reason };
      if (existing && !existing._deleted && doc._rev !== existing._rev) return { id: doc._id, error: 'conflict', reason: 'Document update conflict.' };
      const stored = this.put(doc);
      return { id: doc._id, ok: true, rev: stored._rev };
    });
  }
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A collection definition like the profile module's, for tests that must not depend on it. */
export const TEST_PROFILES: CollectionDefinition = {
  name: 'profiles',
  partitionField: 'patientId',
  access: { read: { patient: 'own' }, write: { patient: 'own' } },
  schema: {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: { type: 'string', maxLength: 120 },
      patientId: { type: 'string', maxLength: 64 },
      fullName: { type: 'string' },
      region: { type: 'string' },
      updatedAt: { type: 'string' },
    },
    required: ['id', 'patientId', 'fullName', 'region', 'updatedAt'],
  },
};
