import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOG_END_HEADER, NEXT_PAGE_SINCE_HEADER, reachOf } from '@oblako/domain';
import { HttpError } from '../errors/index';
import { currentUser } from '../auth/index';
import { encodeCheckpoint, isPositionIn, parseSince, type Since } from './checkpoint';
import { pullChanges, type PullOptions, type PullOutcome, type PullSource } from './pull';
import { HeldResponse, WakeUp } from './longpoll';
import { assignmentLogFor, ViewerSource, type ReplicatedCollection } from './viewer';
import type { ChangeNotifier } from './change-notifier';
import type { ChangeTail } from './change-tail';
import type { ReplicationWaits } from './waits';
import type { AccessSnapshots } from './access-snapshots';
import { MAX_PAGE, MAX_WAIT_MS, UNSUPPORTED_CHANGES_PARAMS } from './schemas';
import { sharedChangeReadsOf, withSharedChangeReads } from './shared-reads';
import { WaitingSession } from './waiting-session';

export interface ChangesQuery {
  feed?: 'normal' | 'longpoll';
  style?: 'main_only' | 'all_docs';
  since?: string;
  limit?: number;
  include_docs?: boolean;
  heartbeat?: string;
  timeout?: number;
}

/** `POST /sync/_changes`: one longpoll over several collections (see multiChangesBody). */
export interface MultiChangesRequest {
  feeds: Record<string, string>;
  limit?: number;
  heartbeat?: number | boolean;
  timeout?: number;
}

/** One collection's page, exactly what `GET /sync/<c>/_changes` answers. */
export interface ChangesBody {
  results: PullOutcome['results'];
  last_seq: string;
}

export interface MultiChangesBody {
  /** Only the collections with rows; `{}` when the wait ended without any. */
  results: Record<string, ChangesBody>;
  /** Where every listed feed stands now (with or without rows): a `since` for the next request. */
  last_seq: Record<string, string>;
}

export interface LongpollDeps {
  notifier: ChangeNotifier;
  /** Every waiting longpoll, so shutdown can answer them all. */
  waiters: Set<WakeUp>;
  /** Counts the longpolls held waiting (a signal tests wait for). */
  waits: ReplicationWaits;
  /** What doctors could see when their access ended (tombstones go only for that). */
  snapshots: AccessSnapshots;
  /** The store's epoch, carried in every `last_seq` (epoch.ts). */
  epoch: string;
}

const MIN_HEARTBEAT_MS = 1000;
/** Newlines at least this often while waiting, whatever was asked: proxies cut idle connections. */
const MAX_HEARTBEAT_MS = 30_000;

const badRequest = (reason: string) => new HttpError(400, 'validation', { reason });

/** One collection being read for one viewer: where it stands and what it last brought. */
interface Feed {
  name: string;
  source: PullSource;
  options: PullOptions;
  since: Since;
  /** The last read; null until the first one. */
  outcome: PullOutcome | null;
  /** Set when the viewer may read only their own partition (their id): the only one to listen to. */
  ownPartition?: string;
  /** The collection's recent changes in memory (change-tail.ts), when followed. */
  tail?: ChangeTail;
  /**
   * Set when the request will wait for changes: its reads may then come from what the feed has
   * seen so far, even a moment behind the store (shared-reads.ts) — whatever the feed has not
   * reported yet wakes the wait when it does.
   */
  reads: { willWait: boolean };
}

interface WaitOptions {
  timeoutMs: number;
  heartbeatMs: number | null;
}

/**
 * `GET /sync/<db>/_changes`, feed normal or longpoll. A longpoll that finds nothing waits for
 * a change the viewer may see — in the collection or in their own assignments — re-reading the
 * viewer's rights at every wake-up (and their session when it may have ended: waiting-session.ts),
 * until `timeout` (at most a minute).
 */
export async function serveChanges(
  app: FastifyInstance,
  request: FastifyRequest<{ Querystring: ChangesQuery }>,
  reply: FastifyReply,
  collection: ReplicatedCollection,
  deps: LongpollDeps,
): Promise<unknown> {
  const query = request.query;
  const unsupported = UNSUPPORTED_CHANGES_PARAMS.find((name) => rawQueryHas(request.url, name));
  if (unsupported) throw badRequest(`Query parameter "${unsupported}" is not supported.`);
  const user = currentUser(request);
  if (reachOf(collection.definition.access.read, { id: user.id, role: user.role }) === null) {
    throw new HttpError(403, 'forbidden', { reason: `Your role cannot read ${collection.definition.name}.` });
  }
  const since = parseSince(query.since, deps.epoch);
  if (!since) throw badRequest('Malformed "since": pass 0, "now" or a last_seq this server returned.');

  const feed = feedOf(app, request, collection, since, deps, {
    limit: Math.min(query.limit ?? MAX_PAGE, MAX_PAGE),
    style: query.style ?? 'main_only',
    includeDocs: query.include_docs ?? false,
  });
  if (query.feed !== 'longpoll') {
    const page = changesBody(await pull(feed), deps.epoch);
    // A full page: its next can be asked for from the headers alone (first-pages-ahead.ts).
    if (page.results.length >= feed.options.limit) {
      reply.header(NEXT_PAGE_SINCE_HEADER, page.last_seq);
      if (await nothingAfter(feed)) reply.header(LOG_END_HEADER, '1');
    }
    return page;
  }
  const wait = { timeoutMs: Math.min(query.timeout ?? MAX_WAIT_MS, MAX_WAIT_MS), heartbeatMs: heartbeatOf(query.heartbeat) };
  return waitForChanges(app, request, reply, [feed], deps, wait, () => changesBody(feed.outcome!, deps.epoch));
}

/**
 * `POST /sync/_changes`: the longpoll of several collections at once, so a device holds one
 * waiting connection instead of one per collection (browsers allow six per host over HTTP/1.1).
 * Answers as soon as any listed collection has rows the viewer may see, with the page of each
 * collection that has some — each exactly what `GET /sync/<c>/_changes?feed=normal&style=all_docs
 * &include_docs=true&since=…&limit=…` would answer — or with `{results: {}}` at the timeout.
 */
export async function serveMultiChanges(
  app: FastifyInstance,
  request: FastifyRequest<{ Body: MultiChangesRequest }>,
  reply: FastifyReply,
  collections: ReadonlyMap<string, ReplicatedCollection>,
  deps: LongpollDeps,
): Promise<unknown> {
  const body = request.body;
  const names = Object.keys(body.feeds);
  const unknown = names.filter((name) => !collections.has(name));
  if (unknown.length > 0) throw badRequest(`Unknown collections: ${unknown.map((name) => JSON.stringify(name)).join(', ')}.`);
  const user = currentUser(request);
  const unreadable = names.filter((name) => reachOf(collections.get(name)!.definition.access.read, { id: user.id, role: user.role }) === null);
  if (unreadable.length > 0) {
    throw new HttpError(403, 'forbidden', { reason: `Your role cannot read: ${unreadable.join(', ')}.` });
  }
  const options: PullOptions = { limit: Math.min(body.limit ?? MAX_PAGE, MAX_PAGE), style: 'all_docs', includeDocs: true };
  const feeds = names.map((name) => {
    const since = parseSince(body.feeds[name], deps.epoch);
    if (!since) throw badRequest(`Malformed since of "${name}": pass 0, "now" or a last_seq this server returned.`);
    return feedOf(app, request, collections.get(name)!, since, deps, options);
  });
  const heartbeat = body.heartbeat === undefined ? undefined : String(body.heartbeat);
  const wait = { timeoutMs: Math.min(body.timeout ?? MAX_WAIT_MS, MAX_WAIT_MS), heartbeatMs: heartbeatOf(heartbeat) };
  return waitForChanges(app, request, reply, feeds, deps, wait, () => multiBody(feeds, deps.epoch));
}

function feedOf(
  app: FastifyInstance,
  request: FastifyRequest,
  collection: ReplicatedCollection,
  since: Since,
  { notifier, snapshots }: LongpollDeps,
  options: PullOptions,
): Feed {
  const { name } = collection.definition;
  const db = app.store.db(name);
  const user = currentUser(request);
  // A viewer who reads only their own partition is told only of its changes (change-notifier.ts)
  // and served only its rows from the recent changes (change-tail.ts).
  const ownPartition = reachOf(collection.definition.access.read, { id: user.id, role: user.role }) === 'own' ? user.id : undefined;
  const tail = notifier.tail(name);
  const reads = { willWait: false };
  // Devices woken by the same write read the log from memory, or from the store once for all.
  const view = withSharedChangeReads(db, sharedChangeReadsOf(notifier, name, db), tail, ownPartition, reads);
  const source = new ViewerSource(view, app, request, collection, assignmentLogFor(app, request, collection, snapshots));
  return { name, source, options, since, outcome: null, ownPartition, tail, reads };
}

const hasRows = (feed: Feed) => (feed.outcome?.results.length ?? 0) > 0;

/**
 * Reads every feed; when none has rows, holds the response and waits for a change the viewer
 * may see in any of them (or in their own assignments), reading again only the feeds concerned,
 * until one has rows, the timeout, the client leaving, shutdown or the session ending.
 * `render` makes the answer from the feeds' last reads.
 */
async function waitForChanges(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  feeds: readonly Feed[],
  { notifier, waiters, waits }: LongpollDeps,
  { timeoutMs, heartbeatMs }: WaitOptions,
  render: () => unknown,
): Promise<unknown> {
  const userId = currentUser(request).id;
  const wake = new WakeUp();
  /** Feeds a change may concern since they were last read. */
  const stale = new Set<Feed>();
  const touch = (feed: Feed) => {
    stale.add(feed);
    wake.signal('change');
  };
  // Subscribed before the first read, so a change landing in between is not missed. Until a
  // feed's first read there is no policy: any change wakes (and is then filtered).
  const unsubscribe = feeds.map((feed) =>
    notifier.subscribe(
      feed.name,
      (id) => {
        if (!feed.outcome || feed.outcome.policy.canReadId(id)) touch(feed);
      },
      feed.ownPartition,
    ),
  );
  unsubscribe.push(
    app.access.watch(({ doctorId }) => {
      if (doctorId !== userId) return;
      for (const feed of feeds) if (!feed.outcome || feed.outcome.policy.readDependsOnAssignments) touch(feed);
    }),
  );
  // The session may have ended (signed out, family revoked, account disabled or signed out
  // everywhere, on any instance): wake up and re-check; an ended one gets its empty answer at once.
  const session = new WaitingSession(app, request, reply, () => wake.signal('change'));
  unsubscribe.push(() => session.stop());
  reply.raw.on('close', () => {
    if (!reply.raw.writableEnded) wake.signal('closed');
  });
  // A client that gave up before the handler ran (a device re-issuing its longpoll) is gone
  // already: its close event will not come again, and nobody would read the answer.
  if (request.raw.socket?.destroyed || reply.raw.destroyed) wake.signal('closed');
  waiters.add(wake);
  // Subscribed above, so reads may be as far as the feed has come (see Feed.reads).
  if (timeoutMs > 0) for (const feed of feeds) feed.reads.willWait = true;
  try {
    for (const feed of feeds) {
      stale.delete(feed);
      await pull(feed);
    }
    if (feeds.some(hasRows) || timeoutMs === 0 || wake.finished) return render();

    const held = new HeldResponse(reply, heartbeatMs);
    waits.track(1);
    try {
      const deadline = Date.now() + timeoutMs;
      while ((await wake.wait(deadline - Date.now())) === 'change' && (await session.stillSignedIn())) {
        const concerned = feeds.filter((feed) => stale.has(feed));
        for (const feed of concerned) {
          stale.delete(feed);
          await pull(feed);
        }
        if (concerned.some(hasRows)) break;
      }
      held.end(render());
    } catch (error) {
      // The status line is gone; a body without `results` makes the client retry.
      request.log.error({ err: error }, 'longpoll failed after the response started');
      held.end({ error: 'internal_server_error', reason: 'Internal server error' });
    } finally {
      waits.track(-1);
    }
    return reply;
  } finally {
    waiters.delete(wake);
    for (const stop of unsubscribe) stop();
  }
}

/**
 * Reads the feed's next page from where its last read ended. A forged position the store
 * cannot read (CouchDB answers 400) is the client's error, not ours.
 */
async function pull(feed: Feed): Promise<PullOutcome> {
  const since: Since = feed.outcome ? { kind: 'checkpoint', checkpoint: feed.outcome.checkpoint } : feed.since;
  if (!feed.outcome) await assertOwnCheckpoint(feed);
  try {
    feed.outcome = await pullChanges(feed.source, since, feed.options);
    return feed.outcome;
  } catch (error) {
    if ((error as { status?: number }).status === 400) throw badRequest(`"since" is not a position of ${feed.name}.`);
    throw error;
  }
}

/**
 * Whether the feed's last page ended at the end of everything the viewer's pull reads: the
 * collection's log and their access log both where the page's checkpoint is, and no partition
 * left half sent (`k`). Equal positions only: an opaque CouchDB sequence compares no other way.
 */
async function nothingAfter(feed: Feed): Promise<boolean> {
  const checkpoint = feed.outcome?.checkpoint;
  if (!checkpoint || checkpoint.k !== undefined) return false;
  const { db, assignments } = feed.source;
  if (String((await db.info()).update_seq) !== String(checkpoint.c)) return false;
  return !assignments || String(await assignments.position()) === String(checkpoint.a);
}

/** The client's `since` must be a position this server could have issued (see isPositionIn). */
async function assertOwnCheckpoint(feed: Feed): Promise<void> {
  if (feed.since.kind !== 'checkpoint') return;
  const { c, a } = feed.since.checkpoint;
  const { db, assignments } = feed.source;
  // A position the live feed has reached is one the store has: no need to ask it (a device's
  // every longpoll names one per collection — five store calls a request, 10,000 a round).
  const end = feed.tail?.hasSeen(c) ? c : (await db.info()).update_seq;
  const accessEnd = a !== undefined && assignments ? await assignments.position() : undefined;
  if (!isPositionIn(c, end) || (a !== undefined && accessEnd !== undefined && !isPositionIn(a, accessEnd))) {
    throw badRequest(`"since" is not a position of ${feed.name}: pass 0, "now" or a last_seq this server returned.`);
  }
}

function changesBody(outcome: PullOutcome, epoch: string): ChangesBody {
  return { results: outcome.results, last_seq: encodeCheckpoint({ ...outcome.checkpoint, e: epoch }) };
}

function multiBody(feeds: readonly Feed[], epoch: string): MultiChangesBody {
  const body: MultiChangesBody = { results: {}, last_seq: {} };
  for (const feed of feeds) {
    const page = changesBody(feed.outcome!, epoch);
    if (page.results.length > 0) body.results[feed.name] = page;
    body.last_seq[feed.name] = page.last_seq;
  }
  return body;
}

function heartbeatOf(value: string | undefined): number | null {
  if (value === undefined || value === 'false') return null;
  const asked = value === 'true' ? 60_000 : Number(value);
  return Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, asked));
}

/** Fastify drops query parameters the schema does not name; some must be refused, not ignored. */
function rawQueryHas(url: string, name: string): boolean {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return new URLSearchParams(query).has(name);
}
