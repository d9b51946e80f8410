import type { StoredDoc } from '@oblako/domain';
import { requestJson, type JsonResponse } from './http';

/** Shapes of the CouchDB-style replication responses, as tests read them. */
export interface ChangesBody {
  results: { seq: string; id: string; changes: { rev: string }[]; deleted?: boolean; doc?: StoredDoc }[];
  last_seq: string;
  error?: string;
  reason?: string;
}
export interface AllDocsBody {
  rows: { id?: string; key: string; value?: { rev: string; deleted?: boolean }; doc?: StoredDoc | null; error?: string }[];
  error?: string;
  reason?: string;
}
export type BulkDocsRow = { ok?: true; id?: string; rev?: string; error?: string; reason?: string; code?: string; field?: string };
export type CouchError = { error: string; reason: string };

/**
 * Talks to one virtual database `/sync/<collection>/` as one signed-in user, the way RxDB's
 * CouchDB replication does (same endpoints, same parameters).
 */
export class SyncClient {
  constructor(
    readonly baseUrl: string,
    readonly collection: string,
    readonly accessToken: string,
  ) {}

  get dbUrl(): string {
    return `${this.baseUrl}/sync/${this.collection}/`;
  }

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.accessToken}` };
  }

  changes(params: Record<string, string | number | boolean> = {}, init: RequestInit = {}): Promise<JsonResponse<ChangesBody>> {
    const query = new URLSearchParams(Object.entries({ style: 'all_docs', include_docs: true, ...params }).map(([k, v]) => [k, String(v)]));
    return requestJson<ChangesBody>(`${this.dbUrl}_changes?${query}`, { headers: this.headers, ...init });
  }

  /** Pulls pages until a short one, as RxDB does; returns every row in order and the last checkpoint. */
  async pullAll(since = '0', limit = 100): Promise<{ rows: ChangesBody['results']; lastSeq: string; pages: number }> {
    const rows: ChangesBody['results'] = [];
    let pages = 0;
    for (;;) {
      const { status, body } = await this.changes({ since, limit });
      if (status !== 200) throw new Error(`_changes answered ${status}: ${JSON.stringify(body)}`);
      pages++;
      rows.push(...body.results);
      since = body.last_seq;
      if (body.results.length < limit) return { rows, lastSeq: since, pages };
    }
  }

  allDocs(keys: unknown, extra: Record<string, unknown> = { include_docs: true }): Promise<JsonResponse<AllDocsBody>> {
    return this.post<AllDocsBody>('_all_docs', { keys, ...extra });
  }

  allDocsGet(keys: string, includeDocs = true): Promise<JsonResponse<AllDocsBody>> {
    return requestJson<AllDocsBody>(`${this.dbUrl}_all_docs?include_docs=${includeDocs}&keys=${encodeURIComponent(keys)}`, { headers: this.headers });
  }

  bulkDocs(docs: unknown[], extra: Record<string, unknown> = {}): Promise<JsonResponse<BulkDocsRow[] & CouchError>> {
    return this.post<BulkDocsRow[] & CouchError>('_bulk_docs', { docs, ...extra });
  }

  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return requestJson<T>(`${this.dbUrl}${path}`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** The live document (no `_rev`) as this user can read it, or null. */
  async read(id: string): Promise<StoredDoc | null> {
    const { body } = await this.allDocs([id]);
    return body.rows[0]?.doc ?? null;
  }
}

/** What RxDB would push for a document it pulled: the body without `_rev` and without its primary key. */
export function editOf(doc: StoredDoc, changes: Record<string, unknown> = {}): StoredDoc {
  const { id: _primaryKey, ...rest } = doc;
  return { ...rest, ...changes };
}
