/**
 * Server cost alone, no client storage: the exact requests RxDB's CouchDB replication sends,
 * made with plain fetch, bodies read but not stored. Separates "the server is slow" from
 * "the client is slow" in the headline figures. JSON parsing of the responses is excluded.
 */
import { authorizedFetch, withTimeout, type Endpoint } from './endpoint';
import type { StoredRecord } from '../records';
import type { RunOptions } from './rxdb-client';

export interface ServerOnlyResult {
  /** Milliseconds waiting for the server (requests sent, bodies received). */
  ms: number;
  /** Slowest single response (first byte to last), milliseconds. */
  slowestMs: number;
  requests: number;
}

/** Pages through `_changes` with `include_docs` like RxDB's pull handler. */
export async function serverOnlyPull(endpoint: Endpoint, expectedDocs: number, options: RunOptions): Promise<ServerOnlyResult> {
  const request = authorizedFetch(endpoint);
  const work = async (): Promise<ServerOnlyResult> => {
    let since: unknown = 0;
    let received = 0;
    let ms = 0;
    let slowestMs = 0;
    let requests = 0;
    for (;;) {
      const url = `${endpoint.url}_changes?style=all_docs&feed=normal&include_docs=true&since=${since}&heartbeat=60000&limit=${options.batchSize}&seq_interval=${options.batchSize}`;
      const started = performance.now();
      const response = await request(url);
      const text = await response.text();
      const took = performance.now() - started;
      ms += took;
      slowestMs = Math.max(slowestMs, took);
      requests++;
      if (!response.ok) throw new Error(`_changes answered ${response.status}: ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as { results: unknown[]; last_seq: unknown };
      if (body.results.length === 0) break;
      received += body.results.length;
      since = body.last_seq;
    }
    if (received !== expectedDocs) throw new Error(`server-only pull received ${received} changes, expected ${expectedDocs}`);
    return { ms, slowestMs, requests };
  };
  return withTimeout(work(), options.timeoutMs, 'server-only pull');
}

/** Per batch: `POST _all_docs {keys}` then `POST _bulk_docs`, like RxDB's push handler. */
export async function serverOnlyPush(endpoint: Endpoint, docs: readonly StoredRecord[], options: RunOptions): Promise<ServerOnlyResult> {
  const request = authorizedFetch(endpoint);
  const post = async (path: string, body: unknown): Promise<{ took: number; text: string }> => {
    const payload = JSON.stringify(body);
    const started = performance.now();
    const response = await request(`${endpoint.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const text = await response.text();
    const took = performance.now() - started;
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return { took, text };
  };
  const work = async (): Promise<ServerOnlyResult> => {
    let ms = 0;
    let slowestMs = 0;
    let requests = 0;
    for (let start = 0; start < docs.length; start += options.batchSize) {
      const batch = docs.slice(start, start + options.batchSize);
      const lookup = await post('_all_docs', { keys: batch.map((doc) => doc._id), include_docs: true, deleted: 'ok' });
      const write = await post('_bulk_docs', { docs: batch });
      const results = JSON.parse(write.text) as { ok?: boolean; error?: string }[];
      const refused = results.filter((result) => !result.ok);
      if (refused.length > 0) throw new Error(`server-only push: ${refused.length} refused, e.g. ${JSON.stringify(refused[0])}`);
      ms += lookup.took + write.took;
      slowestMs = Math.max(slowestMs, lookup.took, write.took);
      requests += 2;
    }
    return { ms, slowestMs, requests };
  };
  return withTimeout(work(), options.timeoutMs, 'server-only push');
}
