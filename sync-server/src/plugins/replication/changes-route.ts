import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/index';
import { currentUser } from '../auth/index';
import { encodeCheckpoint, parseSince, type Since } from './checkpoint';
import { pullChanges, type PullOptions, type PullOutcome, type PullSource } from './pull';
import { HeldResponse, WakeUp } from './longpoll';
import { assignmentLogFor, policyLoader, type ReplicatedCollection } from './viewer';
import type { ChangeNotifier } from './change-notifier';
import { MAX_PAGE, MAX_WAIT_MS, UNSUPPORTED_CHANGES_PARAMS } from './schemas';

export interface ChangesQuery {
  feed?: 'normal' | 'longpoll';
  style?: 'main_only' | 'all_docs';
  since?: string;
  limit?: number;
  include_docs?: boolean;
  heartbeat?: string;
  timeout?: number;
}

export interface LongpollDeps {
  notifier: ChangeNotifier;
  /** Every waiting longpoll, so shutdown can answer them all. */
  waiters: Set<WakeUp>;
}

const MIN_HEARTBEAT_MS = 1000;
/** Newlines at least this often while waiting, whatever was asked: proxies cut idle connections. */
const MAX_HEARTBEAT_MS = 30_000;

const badRequest = (reason: string) => new HttpError(400, 'validation', { reason });

/**
 * `GET /sync/<db>/_changes`, feed normal or longpoll. A longpoll that finds nothing waits for
 * a change the viewer may see — in the collection or in their own assignments — re-reading the
 * viewer's rights and account at every wake-up, until `timeout` (at most a minute).
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
  const since = parseSince(query.since);
  if (!since) throw badRequest('Malformed "since": pass 0, "now" or a last_seq this server returned.');

  const source: PullSource = {
    db: app.store.db(collection.definition.name),
    loadPolicy: policyLoader(app, request, collection),
    assignments: assignmentLogFor(app, request, collection),
  };
  const options: PullOptions = {
    limit: Math.min(query.limit ?? MAX_PAGE, MAX_PAGE),
    style: query.style ?? 'main_only',
    includeDocs: query.include_docs ?? false,
  };
  if (query.feed !== 'longpoll') return changesBody(await pull(source, since, options));
  return longpoll(app, request, reply, collection, deps, source, since, options);
}

async function longpoll(
  app: FastifyInstance,
  request: FastifyRequest<{ Querystring: ChangesQuery }>,
  reply: FastifyReply,
  collection: ReplicatedCollection,
  { notifier, waiters }: LongpollDeps,
  source: PullSource,
  since: Since,
  options: PullOptions,
): Promise<unknown> {
  const userId = currentUser(request).id;
  const wake = new WakeUp();
  // Until the first read there is no policy: any change wakes (and is then filtered).
  let policy: PullOutcome['policy'] | null = null;
  // Subscribed before the first read, so a change landing in between is not missed.
  const unsubscribe = [
    notifier.subscribe(collection.definition.name, (id) => {
      if (!policy || policy.canReadId(id)) wake.signal('change');
    }),
    app.access.watch(({ doctorId }) => {
      if (doctorId === userId && (!policy || policy.readDependsOnAssignments)) wake.signal('change');
    }),
  ];
  reply.raw.on('close', () => {
    if (!reply.raw.writableEnded) wake.signal('closed');
  });
  waiters.add(wake);
  try {
    let outcome = await pull(source, since, options);
    policy = outcome.policy;
    const timeoutMs = Math.min(request.query.timeout ?? MAX_WAIT_MS, MAX_WAIT_MS);
    if (outcome.results.length > 0 || timeoutMs === 0 || wake.finished) return changesBody(outcome);

    const held = new HeldResponse(reply, heartbeatOf(request.query.heartbeat));
    try {
      const deadline = Date.now() + timeoutMs;
      while ((await wake.wait(deadline - Date.now())) === 'change' && (await stillSignedIn(app, request, reply))) {
        outcome = await pull(source, { kind: 'checkpoint', checkpoint: outcome.checkpoint }, options);
        policy = outcome.policy;
        if (outcome.results.length > 0) break;
      }
      held.end(changesBody(outcome));
    } catch (error) {
      // The status line is gone; a body without `results` makes the client retry.
      request.log.error({ err: error }, 'longpoll failed after the response started');
      held.end({ error: 'internal_server_error', reason: 'Internal server error' });
    }
    return reply;
  } finally {
    waiters.delete(wake);
    for (const stop of unsubscribe) stop();
  }
}

/** A forged position the store cannot read (CouchDB answers 400) is the client's error, not ours. */
async function pull(source: PullSource, since: Since, options: PullOptions): Promise<PullOutcome> {
  try {
    return await pullChanges(source, since, options);
  } catch (error) {
    if ((error as { status?: number }).status === 400) throw badRequest('"since" is not a position of this database.');
    throw error;
  }
}

function changesBody(outcome: PullOutcome): { results: PullOutcome['results']; last_seq: string } {
  return { results: outcome.results, last_seq: encodeCheckpoint(outcome.checkpoint) };
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

/**
 * Woken after a wait: the token must still be valid, the account live, the session not ended
 * ("sign out everywhere") and the role unchanged — else the wait ends with nothing.
 */
async function stillSignedIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const before = request.user;
  try {
    await app.authenticate.call(app, request, reply);
  } catch {
    return false;
  }
  return request.user?.role === before?.role;
}
