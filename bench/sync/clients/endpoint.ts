/** A replication endpoint as a client sees it: a CouchDB-style database URL and its credentials. */
export interface Endpoint {
  /** Database URL ending in `/`. */
  url: string;
  /** `Authorization` header value, when the server wants one. */
  authorization?: string;
}

/** A fetch that adds the endpoint's credentials, as the PWA's replication fetch does. */
export function authorizedFetch(endpoint: Endpoint): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (endpoint.authorization) headers.set('Authorization', endpoint.authorization);
    return fetch(input, { ...init, headers });
  };
}

/** One measured run: its time, and a check of its outcome that runs after the measurement. */
export interface Measured {
  ms: number;
  verify?: () => Promise<void>;
}

/** Checks, after a push, that every pushed document is on the server. */
export function verifyPushed(endpoint: Endpoint, ids: readonly string[], what: string): () => Promise<void> {
  return async () => {
    const onServer = await countOnServer(endpoint, ids);
    if (onServer !== ids.length) throw new Error(`${what} left ${onServer} of ${ids.length} documents on the server`);
  };
}

/** Rejects with a clear message when `work` takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many of `ids` the server holds as live documents (checked after a push, not timed). */
export async function countOnServer(endpoint: Endpoint, ids: readonly string[]): Promise<number> {
  const response = await authorizedFetch(endpoint)(`${endpoint.url}_all_docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keys: ids }),
  });
  if (!response.ok) throw new Error(`_all_docs answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { rows: { id?: string; error?: string; value?: { deleted?: boolean } }[] };
  return body.rows.filter((row) => row.id && !row.error && !row.value?.deleted).length;
}
