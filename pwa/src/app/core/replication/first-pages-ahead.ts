import { LOG_END_HEADER, NEXT_PAGE_SINCE_HEADER, type CollectionDefinition, type Role, type SessionResponse } from '@oblako/domain';
import { SW_BYPASS_HEADER } from '../auth/auth-api';
import { INITIAL_PULL_BATCH_SIZE } from './initial-page-size';
import { changesPageUrl } from './couch-pull';
import type { Fetch } from './couch-push';
import { readableBy } from './reach';
// Names and sizes only (no imports of their own): this runs on the sign-in page, before the data layer's code.
import { dexieDatabasePrefix, pagedDatabaseName } from '../db/paged-storage/names';
import { databaseName } from '../db/database-name';

/** Pages asked for ahead per collection (of INITIAL_PULL_BATCH_SIZE documents): a doctor's thousands of records, not without bound. */
export const MAX_PAGES_AHEAD = 10;

/** A device flag (localStorage) that leaves the first pages to the replication, as before: for bench:browser's before/after only. */
export const FIRST_PAGES_AHEAD_OFF_KEY = 'oblako:start:no-first-pages-ahead';

/**
 * The pages of each collection the person can read, asked for the moment the sign-in is
 * answered, while the app's code arrives and their database opens (which needs no network):
 * when the first sync starts, the server's answers are here or on their way (bench/README.md,
 * bench:browser, sessions 8 and 9). The first page of each collection at once; the next as soon
 * as the previous one's headers say it was full (NEXT_PAGE_SINCE_HEADER), without reading its
 * body, up to MAX_PAGES_AHEAD a collection. The first sync's fetch takes each page once
 * (`through`), exactly the request it would have sent (the same address: couch-pull.ts
 * changesPageUrl, and the person's own token); a page that failed or was refused is asked again
 * the ordinary way, and so are the pages after it. Made only for a device holding nothing of
 * this person, whose first sync starts at `0`; pages nobody took are dropped with the replication.
 */
export class FirstPagesAhead {
  private readonly pages = new Map<string, { response: Promise<Response>; abort: AbortController }>();
  private dropped = false;

  constructor(
    definitions: readonly CollectionDefinition[],
    role: Role,
    private readonly accessToken: string,
    origin: string = location.origin,
  ) {
    for (const definition of definitions) {
      if (readableBy(definition, role)) this.ask(new URL(`/sync/${definition.name}/`, origin).href, '0', 1);
    }
  }

  private ask(collectionUrl: string, since: string, page: number): void {
    const url = changesPageUrl(collectionUrl, since, INITIAL_PULL_BATCH_SIZE);
    const abort = new AbortController();
    const response = fetch(url, { headers: { authorization: `Bearer ${this.accessToken}`, [SW_BYPASS_HEADER]: '1' }, credentials: 'same-origin', signal: abort.signal });
    this.pages.set(url, { response, abort });
    response.then(
      (answer) => {
        const next = answer.ok ? answer.headers.get(NEXT_PAGE_SINCE_HEADER) : null;
        // Also when this page was taken already (its headers came after the first sync asked for it).
        if (!next || this.dropped) return;
        if (answer.headers.get(LOG_END_HEADER) === '1') this.answerEmpty(collectionUrl, next);
        else if (page < MAX_PAGES_AHEAD) this.ask(collectionUrl, next, page + 1);
      },
      () => undefined, // taken and awaited by the replication, or dropped
    );
  }

  /**
   * The page after the last one, when the server said nothing followed it (LOG_END_HEADER):
   * empty, as the server would have answered it then; a change since is the live pull's, which
   * starts from this position.
   */
  private answerEmpty(collectionUrl: string, since: string): void {
    const url = changesPageUrl(collectionUrl, since, INITIAL_PULL_BATCH_SIZE);
    const body = JSON.stringify({ results: [], last_seq: since });
    this.pages.set(url, { response: Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })), abort: new AbortController() });
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
    this.dropped = true;
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

/**
 * The pages ahead a sign-in asks for the moment the server accepts the password — before the
 * data layer's code (RxDB, ~260 kB) has arrived on a slow network — for a device holding nothing
 * of this person (checked before their database is created: were the two to cross, the pages
 * would only be dropped); null otherwise, or with the bench flag FIRST_PAGES_AHEAD_OFF_KEY.
 */
export function askFirstPagesAhead(session: SessionResponse, definitions: readonly CollectionDefinition[]): Promise<FirstPagesAhead | null> {
  if (globalThis.localStorage?.getItem(FIRST_PAGES_AHEAD_OFF_KEY) === 'yes') return Promise.resolve(null);
  const holds = deviceHoldsDatabase(databaseName(session.user.id)).catch(() => true);
  const pages = new FirstPagesAhead(definitions, session.user.role, session.accessToken);
  return holds.then((yes) => {
    if (!yes) return pages;
    pages.drop();
    return null;
  });
}
