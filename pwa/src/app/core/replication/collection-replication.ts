import type { ReplicationPullOptions, ReplicationPushOptions, RxCollection, RxError, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import type { KnownRevisions } from '../db/known-revisions';
import type { UnansweredWrites } from '../db/unanswered-writes';
import type { EditBases } from '../db/edit-bases';
import type { RejectionRegistry } from '../db/rejections';
import type { Doc } from './couch-docs';
import { createCouchPull, pulledDocuments, type ChangesPage, type CouchCheckpoint } from './couch-pull';
import { createCouchPush, type Fetch, type RejectedWrite } from './couch-push';
import { runFirstSync } from './first-sync';
import { INITIAL_PULL_BATCH_SIZE } from './initial-page-size';
import type { LongpollHub } from './longpoll-hub';

export type CollectionReplication = RxReplicationState<Doc, CouchCheckpoint>;

export { INITIAL_PULL_BATCH_SIZE } from './initial-page-size';
/** Live changes come a few at a time; a long absence is caught up by the pull from the checkpoint. */
export const LIVE_PULL_BATCH_SIZE = 100;

export interface CollectionReplicationOptions {
  collection: RxCollection<Doc>;
  /** The server's origin (`https://host`); the collection lives at `/sync/<name>/`. */
  serverUrl: string;
  /** The authorised fetch (bearer token, refresh on 401). */
  fetch: Fetch;
  /** Carries the live pull over the device's one waiting request. */
  hub: LongpollHub;
  rejections: RejectionRegistry;
  knownRevisions: KnownRevisions;
  unansweredWrites: UnansweredWrites;
  /** The version an edit was made on when RxDB lost what it assumed the server held. */
  editBases?: EditBases;
  onRejected: (rejection: RejectedWrite) => Promise<unknown>;
  /** False where the role cannot write the collection: pull only (nothing kept for pushing). */
  push: boolean;
  /** Distinguishes the checkpoints of several replications of one collection (tests, benches). */
  identifier?: string;
  live?: boolean;
  retryTime?: number;
  waitForLeadership?: boolean;
  /** Documents per page of the pull from the checkpoint (the first sync); the server caps it. */
  pullBatchSize?: number;
  /** Documents per page of the live pull (after the first sync: few at a time). */
  liveBatchSize?: number;
  pushBatchSize?: number;
  /** Milliseconds between the server's keep-alive newlines on the longpoll. */
  heartbeatMs?: number;
}

/**
 * Replicates one collection with our sync server (`/sync/<name>/`, the CouchDB protocol) on
 * RxDB's replication protocol, with a pull and a push of our own instead of RxDB's CouchDB
 * plugin: pulled documents keep the server's revision (so a stale page can be told from news,
 * see KnownRevisions and the conflict handler), edits are sent on top of the revision they were
 * made on, and the live pull waits in the device's one shared longpoll (LongpollHub).
 */
export function replicateCollection(options: CollectionReplicationOptions): CollectionReplication {
  const { collection, hub } = options;
  const name = collection.name;
  const url = new URL(`/sync/${name}/`, options.serverUrl).href;
  const primaryPath = collection.schema.primaryPath as string;
  const live = options.live ?? true;
  const retryTime = options.retryTime ?? 5_000;
  const pullBatchSize = options.pullBatchSize ?? INITIAL_PULL_BATCH_SIZE;
  const liveBatchSize = options.liveBatchSize ?? LIVE_PULL_BATCH_SIZE;
  const stream$ = new Subject<RxReplicationPullStreamItem<Doc, CouchCheckpoint>>();

  const pull = createCouchPull({ url, primaryPath, fetch: options.fetch });
  const identifier = options.identifier ?? `oblako-sync-${name}`;
  // Held here: the first sync sets their `initialCheckpoint` before RxDB's replication starts.
  const pullOptions: ReplicationPullOptions<Doc, CouchCheckpoint> = { batchSize: pullBatchSize, handler: pull, stream$: stream$.asObservable() };
  const pushOptions: ReplicationPushOptions<Doc> | undefined = options.push
    ? {
        batchSize: options.pushBatchSize ?? 50,
        handler: createCouchPush({
          collection: name,
          url,
          primaryPath,
          fetch: options.fetch,
          rejections: options.rejections,
          knownRevisions: options.knownRevisions,
          unansweredWrites: options.unansweredWrites,
          editBases: options.editBases,
          onRejected: options.onRejected,
        }),
      }
    : undefined;

  const state = replicateRxCollection<Doc, CouchCheckpoint>({
    replicationIdentifier: identifier,
    collection,
    live,
    retryTime,
    waitForLeadership: options.waitForLeadership ?? true,
    autoStart: true,
    // Same as before (RxDB's CouchDB plugin): the leader keeps replicating in a hidden tab.
    toggleOnDocumentVisible: false,
    pull: pullOptions,
    ...(pushOptions ? { push: pushOptions } : {}),
  });

  // RxDB starts the replication on leadership: the leader first runs the first sync (an empty
  // collection, first-sync.ts), then RxDB's replication from where it ended.
  let firstSync: Promise<void> | null = null;
  let following = false;
  const start = state.start.bind(state);
  state.start = () => {
    // «Синхронизация…» while the first sync runs (RxDB reports its own activity once started).
    if (!firstSync) state.subjects.active.next(true);
    firstSync ??= runFirstSync({
      collection,
      identifier,
      pull,
      batchSize: pullBatchSize,
      isStopped: () => state.isStopped(),
      onError: (error) => state.subjects.error.next(asRxError(error, `first sync of ${name}`)),
      retryDelay: () => retryDelay(retryTime),
    })
      .catch((error: unknown) => {
        // Not even the device's own progress could be read: RxDB's replication as always.
        if (!state.isStopped()) state.subjects.error.next(asRxError(error, `first sync of ${name}`));
        return undefined;
      })
      .then((handover) => {
        if (handover?.downstream) pullOptions.initialCheckpoint = handover.downstream;
        if (handover?.upstream && pushOptions) pushOptions.initialCheckpoint = handover.upstream;
      });
    // The live pull follows the server from "now" from the start, so the device keeps one
    // waiting request for all its collections (LongpollHub); what it brings before RxDB's
    // replication runs is covered by RxDB's pull from where the first sync ended.
    if (live && !following) {
      following = true;
      void followLive();
    }
    return firstSync.then(() => start());
  };

  async function followLive(): Promise<void> {
    let since = 'now';
    while (!state.isStopped()) {
      const askedAt = Date.now();
      let page: ChangesPage;
      try {
        const response = await hub.register({ collection: name, since, limit: liveBatchSize, heartbeat: options.heartbeatMs ?? 25_000 });
        page = (await response.json()) as ChangesPage;
        const pulled = pulledDocuments(primaryPath, page, `live pull of ${name}`);
        since = pulled.checkpoint!.sequence;
        stream$.next(pulled as { documents: WithDeleted<Doc>[]; checkpoint: CouchCheckpoint });
      } catch (error) {
        if (state.isStopped()) return;
        state.subjects.error.next(asRxError(error, `live pull of ${name}`));
        // A request that waited long ended as longpolls do (a dropped connection): ask again at
        // once; a quick failure waits, so a server that is down is not asked in a tight loop.
        if (Date.now() - askedAt < retryTime) await retryDelay(retryTime);
      }
    }
  }

  return state;
}

/**
 * Our first sync's and live pull's failures as RxDB reports a failed pull request (with its
 * `direction`): like RxDB's, they are asked again until they get through (retriedUntilThrough).
 */
function asRxError(error: unknown, what: string): RxError {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${what}: ${message}`), { code: 'RC_STREAM', parameters: { direction: 'pull' }, rxdb: true }) as unknown as RxError;
}

/**
 * Whether the replication answers `error` by trying again until it gets through: a pull or push
 * request that failed (RxDB's handlers, which RxDB retries within the same round and marks with
 * `direction`; our first sync and live pull, asRxError). Any other error ends its round without
 * the round's work done: RxDB could not store a pulled page or a push's answer on the device (its
 * `writeError`), or something unexpected.
 */
export function retriedUntilThrough(error: { parameters?: { direction?: unknown } }): boolean {
  return error.parameters?.direction !== undefined;
}

/** The retry time, cut short when the device comes back online. */
function retryDelay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      globalThis.removeEventListener?.('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    globalThis.addEventListener?.('online', done);
  });
}
