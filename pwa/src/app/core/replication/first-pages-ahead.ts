import type { CollectionDefinition, Role } from '@oblako/domain';
import { SW_BYPASS_HEADER } from '../auth/auth-api';
import { INITIAL_PULL_BATCH_SIZE } from './collection-replication';
import { changesPageUrl } from './couch-pull';
import type { Fetch } from './couch-push';
import { readableBy } from './reach';
// The names only (no imports of their own): this runs on the sign-in page, before the data layer's code.
import { dexieDatabasePrefix, pagedDatabaseName } from '../db/paged-storage/names';

/** A device flag (localStorage) that leaves the first pages to the replication, as before: for bench:browser's before/after only. */
export const FIRST_PAGES_AHEAD_OFF_KEY = 'oblako:start:no-first-pages-ahead';

/**
 * The first page of each collection the person can read, asked for the moment the sign-in is
 * answered, while their database opens (which needs no network): when the replication starts,
 * the server's answer is here or on its way (bench/README.md, bench:browser, session 8). The
 * replication's fetch takes each page once (`through`), exactly the request it would have sent
 * (the same address: couch-pull.ts changesPageUrl, and the person's own token); a page that
 * failed or was refused is asked again the ordinary way. Made only for a device holding nothing
 * of this person, whose first sync starts at `0`; pages nobody took are dropped with the replication.
 */
export class FirstPagesAhead {
  private readonly pages = new Map<string, { response: Promise<Response>; abort: AbortController }>();

  constructor(definitions: readonly CollectionDefinition[], role: Role, accessToken: string, origin: string = location.origin) {
    for (const definition of definitions) {
      if (!readableBy(definition, role)) continue;
      const url = changesPageUrl(new URL(`/sync/${definition.name}/`, origin).href, '0', INITIAL_PULL_BATCH_SIZE);
      const abort = new AbortController();
      const response = fetch(url, { headers: { authorization: `Bearer ${accessToken}`, [SW_BYPASS_HEADER]: '1' }, credentials: 'same-origin', signal: abort.signal });
      response.catch(() => undefined); // taken and awaited by the replication, or dropped
      this.pages.set(url, { response, abort });
    }
  }

  /** `fetch`, but a page asked for ahead is answered from here, once. */
  through(fetch: Fetch): Fetch {
    return async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const ahead = (init?.method ?? 'GET') === 'GET' ? this.pages.get(url) : undefined;
      if (!ahead) return fetch(input, init);
      this.pages.delete(url);
      const response = await ahead.response.catch(() => null);
      return response?.ok ? response : fetch(input, init);
    };
  }

  /** The pages nobody took (the replication stopped, or never started for this person): no longer fetched. */
  drop(): void {
    for (const { abort } of this.pages.values()) abort.abort();
    this.pages.clear();
  }
}

/** Whether this device holds a database of `name` (the paged storage's, or one the Dexie storage left before it). */
export async function deviceHoldsDatabase(name: string): Promise<boolean> {
  const paged = pagedDatabaseName(name);
  const dexie = dexieDatabasePrefix(name);
  return (await indexedDB.databases()).some((database) => database.name === paged || database.name?.startsWith(dexie));
}
