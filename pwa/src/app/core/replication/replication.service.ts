import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import type { RxCollection, RxDocument } from 'rxdb';
import type { Role } from '@oblako/domain';
import { Subscription, concatMap, distinctUntilChanged, filter, firstValueFrom, fromEvent, pairwise, startWith, take, timeout } from 'rxjs';
import { AuthorizedFetch } from '../auth/authorized-fetch';
import { sameContent } from '../db/document-state';
import type { UserDatabase } from '../db/user-database';
import { syncActions } from '../sync/sync.actions';
import { replicateCollection, retriedUntilThrough, type CollectionReplication } from './collection-replication';
import type { Doc } from './couch-docs';
import type { FirstPagesAhead } from './first-pages-ahead';
import { LongpollHub } from './longpoll-hub';
import { readableBy, writableBy } from './reach';

/** Prefix of the User Timing mark set when a collection's first pull is done (`…:<collection>`). */
export const INITIAL_SYNC_MARK = 'oblako:initial-sync:';
/** The User Timing mark set when the signed-in person's replication starts. */
export const REPLICATION_START_MARK = 'oblako:replication-start';

/**
 * Live replication of every collection the signed-in role can read with the sync server
 * (`/sync/<name>/`, CouchDB protocol). Only the leader tab replicates; all tabs see the data
 * through IndexedDB. The live pulls of all collections share one waiting request (LongpollHub):
 * a longpoll per collection would take every connection the browser allows per host.
 */
@Injectable({ providedIn: 'root' })
export class ReplicationService {
  private readonly store = inject(Store);
  private readonly authorizedFetch = inject(AuthorizedFetch);
  private states: CollectionReplication[] = [];
  private subscriptions = new Subscription();
  private hub: LongpollHub | null = null;
  private firstPages: FirstPagesAhead | null = null;

  /**
   * Starts replicating `user`'s collections that `role` can read (all are created locally).
   * `firstPages`: their first pages, asked for at sign-in while the database opened: the first
   * sync takes them instead of asking again.
   */
  start(user: UserDatabase, role: Role, firstPages?: FirstPagesAhead): void {
    void this.stop();
    this.firstPages = firstPages ?? null;
    const replicationFetch = firstPages ? firstPages.through(this.authorizedFetch.fetch) : this.authorizedFetch.fetch;
    // User Timing: the person's database is open and replication begins (bench/browser splits its time here).
    performance.mark(REPLICATION_START_MARK);
    const definitions = user.definitions.filter((definition) => readableBy(definition, role));
    const names = definitions.map((d) => d.name);
    this.store.dispatch(syncActions.replicationStarted({ collections: names }));
    const hub = new LongpollHub({ url: new URL('/sync/_changes', location.origin).href, fetch: this.authorizedFetch.fetch });
    this.hub = hub;
    for (const definition of definitions) {
      const collection = user.db.collections[definition.name] as RxCollection<Doc>;
      const state = replicateCollection({
        collection,
        serverUrl: location.origin,
        fetch: replicationFetch,
        hub,
        rejections: user.rejections,
        knownRevisions: user.knownRevisions,
        unansweredWrites: user.unansweredWrites,
        editBases: user.editBases,
        onRejected: ({ collection: name, docId, reason, fields }) =>
          user.notices.record({ kind: 'rejected', collection: name, docId, reason, fields }),
        push: writableBy(definition, role),
      });
      this.states.push(state);
      this.watch(definition.name, state, user, collection);
    }
    const states = this.states;
    void Promise.all(states.map((state) => state.awaitInitialReplication())).then(
      () => {
        // Pages asked for ahead that no first sync took (it started from a stored position): let go.
        firstPages?.drop();
        // Still this start's replication (not stopped, no other person's since).
        if (this.states === states) this.store.dispatch(syncActions.initialSyncDone());
      },
      () => undefined,
    );
    // A network coming back: try at once instead of waiting for the retry timer.
    this.subscriptions.add(fromEvent(window, 'online').subscribe(() => this.reSync()));
  }

  reSync(): void {
    for (const state of this.states) state.reSync();
  }

  async stop(): Promise<void> {
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    const states = this.states;
    const hub = this.hub;
    this.states = [];
    this.hub = null;
    this.firstPages?.drop();
    this.firstPages = null;
    try {
      // Cancelled first, so the live pulls the hub then rejects see they are stopped.
      if (states.length > 0) {
        await Promise.all(states.map((state) => state.cancel()));
        this.store.dispatch(syncActions.replicationStopped());
      }
    } finally {
      hub?.close();
    }
  }

  private watch(name: string, state: CollectionReplication, user: UserDatabase, collection: RxCollection<Doc>): void {
    // Whether a round (active$ false → true → false) got through, for `synced`: it takes the sync
    // chip off its error text (sync.reducer.ts). The order RxDB 17 emits in: a pull or push request
    // that fails comes on error$ inside its round (active$ stays true); RxDB waits its retry time
    // (cut short by the `online` event) and asks again, and active$ goes false only once the
    // request got through (plugins/replication: masterChangesSince, masterWrite) — so such an
    // error does not fail its round. Nor does our live pull's (not the round's work; it retries
    // itself). A pulled page or a push's answer RxDB could not store on the device comes on error$
    // too, and then active$ goes false with the work not done (replication-protocol's
    // downstream/upstream): that round failed. retriedUntilThrough tells the two kinds apart. An
    // error between rounds is answered by the next round, which starts with a clean slate.
    let roundFailed = false;
    this.subscriptions.add(
      state.error$.subscribe((error) => {
        if (!retriedUntilThrough(error)) roundFailed = true;
        this.store.dispatch(syncActions.replicationFailed({ collection: name, message: error.message.slice(0, 300) }));
      }),
    );
    this.subscriptions.add(
      state.active$.pipe(distinctUntilChanged(), startWith(false), pairwise()).subscribe(([was, active]) => {
        this.store.dispatch(syncActions.activityChanged({ collection: name, active }));
        if (!was && active) roundFailed = false;
        if (was && !active && !roundFailed) this.store.dispatch(syncActions.synced({ collection: name, at: new Date().toISOString() }));
      }),
    );
    // A sent document is settled when what was sent is still what the device holds.
    this.subscriptions.add(
      state.sent$
        .pipe(
          concatMap(async (sent) => {
            const id = String(sent[collection.schema.primaryPath as string]);
            const current: RxDocument<Doc> | null = await collection.findOne(id).exec();
            const settled = current ? sameContent(current.toJSON() as Doc, sent) : sent._deleted === true;
            if (settled) await user.pending.settle(name, [id]);
          }),
        )
        .subscribe(),
    );
    // A conflict resolved to exactly the server's version is in sync without any push. RxDB
    // reports the resolution just before writing it to the device, so wait for that write.
    this.subscriptions.add(
      state.conflict$
        .pipe(
          concatMap(async ({ input, output }) => {
            if (!sameContent(output as Doc, input.realMasterState as Doc)) return;
            const id = String((output as Doc)[collection.schema.primaryPath as string]);
            const written = collection.findOne(id).$.pipe(
              filter((doc) => (doc ? sameContent(doc.toJSON() as Doc, output as Doc) : (output as Doc)['_deleted'] === true)),
              take(1),
              timeout({ first: 10_000 }),
            );
            try {
              await firstValueFrom(written);
              await user.pending.settle(name, [id]);
            } catch {
              // Edited again meanwhile: that newer version will be pushed and settled when sent.
            }
          }),
        )
        .subscribe(),
    );
    // Ids left pending from an earlier run whose write was already sent before the page closed.
    const startedAt = Date.now();
    void state
      .awaitInitialReplication()
      .then(async () => {
        // A User Timing mark: the moment everything the server had is on this device, readable
        // by performance tools and the browser bench (bench/browser) without any app hook.
        performance.mark(`${INITIAL_SYNC_MARK}${name}`);
        const ids = await user.pending.ids(name);
        const settled: string[] = [];
        for (const id of ids) {
          const doc = await collection.findOne(id).exec();
          const lastWrite = doc ? (doc.toJSON(true) as { _meta?: { lwt?: number } })._meta?.lwt ?? 0 : 0;
          if (lastWrite < startedAt) settled.push(id);
        }
        await user.pending.settle(name, settled);
      })
      .catch(() => undefined);
  }
}
