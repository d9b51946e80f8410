import type { Fetch } from './couch-push';

/** What RxDB's live pull of one collection waits for: its next `_changes?feed=longpoll`. */
export interface LongpollFeed {
  collection: string;
  /** `now`, `0` or a `last_seq` the server returned. */
  since: string;
  limit?: number;
  /** Milliseconds between the server's keep-alive newlines. */
  heartbeat?: number;
}

export interface LongpollHubOptions {
  /** `…/sync/_changes` (the multiplexed longpoll). */
  url: string;
  /** The authorised fetch (bearer token, refresh on 401), as for the rest of the sync. */
  fetch: Fetch;
  /** How long to gather registrations before (re-)issuing the request: start-up sends one. */
  debounceMs?: number;
  /** The wait asked of the server (it caps it at a minute); absent: the server's maximum. */
  timeoutMs?: number;
}

/** One collection's page, as `GET /sync/<c>/_changes` would answer it. */
interface ChangesPage {
  results: unknown[];
  last_seq: string;
}

interface MultiAnswer {
  results?: Record<string, ChangesPage>;
  last_seq?: Record<string, string>;
}

/** An empty answer sooner than this after the request is not a timeout: wait before asking again. */
const MIN_EMPTY_ROUND_MS = 1000;

interface Registration extends LongpollFeed {
  resolve(response: Response): void;
  reject(error: unknown): void;
}

/**
 * One waiting connection per device instead of one per collection. Browsers give a host six
 * HTTP/1.1 connections; RxDB's live pull holds a `_changes?feed=longpoll` open per collection,
 * so with six or more collections nothing else (API calls, lazy chunks, reloads) got through.
 *
 * Each collection's longpoll is registered here instead of being sent, and the hub keeps
 * exactly one `POST /sync/_changes {feeds: {collection: since}}` outstanding for all of them:
 * - a new registration aborts it and re-issues it with the full set, after a short debounce
 *   (start-up's registrations go out as one request);
 * - an answer resolves the collections that got rows with their page (exactly the body their
 *   own `_changes` would give), moves every other feed on to the position the server reached,
 *   and re-issues for the rest; an answer without rows (the server's timeout) just re-issues;
 * - a network or HTTP error rejects every waiting registration: RxDB reports it and asks again
 *   after its retry time, as it does with its own longpolls.
 * `since=now` is turned into a position once, at once (no debounce), by a request that does not
 * wait, before the feed joins the longpoll: a longpoll that is aborted and re-issued would
 * otherwise mean a new "now" each time and skip the changes made in between.
 */
export class LongpollHub {
  private readonly pending = new Map<string, Registration>();
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The request in flight (longpoll or resolution of `now`) and how to abort it. */
  private inFlight: { controller: AbortController; generation: number } | null = null;
  private generation = 0;
  private closed = false;
  /** Requests sent so far (for tests and diagnostics). */
  requests = 0;

  constructor(private readonly options: LongpollHubOptions) {
    this.debounceMs = options.debounceMs ?? 30;
  }

  /** Resolves with the collection's `_changes` answer once the shared longpoll brings it rows. */
  register(feed: LongpollFeed): Promise<Response> {
    if (this.closed) return Promise.reject(new DOMException('The longpoll hub is closed.', 'AbortError'));
    return new Promise<Response>((resolve, reject) => {
      // RxDB waits for one longpoll per collection at a time; a second one replaces the first.
      this.pending.get(feed.collection)?.reject(new DOMException('Superseded by a newer longpoll.', 'AbortError'));
      this.pending.set(feed.collection, { ...feed, resolve, reject });
      // `now` is fixed at once, as RxDB's own first longpoll would be: a change between the
      // initial pull and that moment would not be pulled.
      this.schedule(feed.since === 'now' ? 0 : this.debounceMs);
    });
  }

  /** The collections waiting right now. */
  get waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Aborts the request and rejects every waiting registration; later ones are refused. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.abortInFlight();
    this.rejectAll(new DOMException('The longpoll hub is closed.', 'AbortError'));
  }

  private schedule(delayMs = this.debounceMs): void {
    if (this.closed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.issue();
    }, delayMs);
  }

  private abortInFlight(): void {
    this.inFlight?.controller.abort();
    this.inFlight = null;
  }

  /** (Re-)issues the one request for every waiting feed, aborting the previous one. */
  private async issue(): Promise<void> {
    this.abortInFlight();
    if (this.closed || this.pending.size === 0) return;
    const controller = new AbortController();
    const generation = ++this.generation;
    this.inFlight = { controller, generation };
    const current = () => !this.closed && this.inFlight?.generation === generation;

    const unresolved = [...this.pending.values()].filter((feed) => feed.since === 'now');
    const waitFor = unresolved.length > 0 ? unresolved : [...this.pending.values()];
    const feeds = Object.fromEntries(waitFor.map((feed) => [feed.collection, feed.since]));
    const limits = waitFor.flatMap((feed) => (feed.limit ? [feed.limit] : []));
    const heartbeats = waitFor.flatMap((feed) => (feed.heartbeat ? [feed.heartbeat] : []));
    const body = {
      feeds,
      ...(limits.length > 0 ? { limit: Math.min(...limits) } : {}),
      ...(heartbeats.length > 0 ? { heartbeat: Math.min(...heartbeats) } : {}),
      // Resolving `now` must not wait: it only fixes the positions.
      ...(unresolved.length > 0 ? { timeout: 0 } : this.options.timeoutMs !== undefined ? { timeout: this.options.timeoutMs } : {}),
    };

    let answer: MultiAnswer;
    const startedAt = Date.now();
    try {
      this.requests++;
      const response = await this.options.fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!current()) return;
      if (!response.ok) throw new Error(`POST ${this.options.url} answered HTTP ${response.status}`);
      answer = (await response.json()) as MultiAnswer;
      if (!current()) return;
      // A body without `results`: the server failed after the wait began.
      if (!answer || typeof answer.results !== 'object' || answer.results === null) {
        throw new Error(`POST ${this.options.url} answered without results: ${JSON.stringify(answer).slice(0, 200)}`);
      }
    } catch (error) {
      // Aborted or replaced by a newer request: that one carries every feed on.
      if (!current()) return;
      this.inFlight = null;
      this.rejectAll(error);
      return;
    }
    this.inFlight = null;

    // Only what was asked for this very registration counts (a newer one may have replaced it).
    const asked = (collection: string): Registration | null => {
      const feed = this.pending.get(collection);
      return feed && collection in feeds && feed.since === feeds[collection] ? feed : null;
    };
    let resolved = 0;
    for (const [collection, page] of Object.entries(answer.results ?? {})) {
      const feed = asked(collection);
      if (!feed || !Array.isArray(page?.results) || page.results.length === 0) continue;
      this.pending.delete(collection);
      resolved++;
      feed.resolve(new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } }));
    }
    for (const [collection, since] of Object.entries(answer.last_seq ?? {})) {
      const feed = asked(collection);
      if (feed && typeof since === 'string' && since.length > 0) feed.since = since;
    }
    if (unresolved.some((feed) => this.pending.get(feed.collection) === feed && feed.since === 'now')) {
      this.rejectAll(new Error(`POST ${this.options.url} did not say where "now" is`));
      return;
    }
    if (this.pending.size === 0) return;
    if (unresolved.length > 0) {
      void this.issue(); // `now` resolved: start waiting at once
    } else if (resolved > 0) {
      this.schedule(); // the resolved collections come back within moments with their next since
    } else {
      // The server's timeout (or a wait ended by the session): ask again, but never in a tight loop.
      this.schedule(Date.now() - startedAt < MIN_EMPTY_ROUND_MS ? MIN_EMPTY_ROUND_MS : this.debounceMs);
    }
  }

  private rejectAll(error: unknown): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const feed of waiting) feed.reject(error);
  }
}
