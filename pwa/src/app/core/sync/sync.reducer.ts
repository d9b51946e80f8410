import { createFeature, createReducer, on } from '@ngrx/store';
import type { SyncNotice } from '../db/sync-notice';
import { sessionActions } from '../session/session.actions';
import { syncActions } from './sync.actions';

export type CollectionSyncStatus = 'active' | 'idle' | 'error' | 'stopped';

export interface CollectionSyncState {
  status: CollectionSyncStatus;
  lastSyncedAt: string | null;
  error: string | null;
  /** Local changes not yet confirmed by the server. */
  pending: number;
}

export interface SyncState {
  collections: Readonly<Record<string, CollectionSyncState>>;
  notices: readonly SyncNotice[];
  /**
   * The person's database has answered with its count of unsent changes. Until then (RxDB's
   * chunk still downloading, the database opening) nobody knows whether something waits: the
   * shell must not say «Все изменения отправлены».
   */
  pendingKnown: boolean;
  /**
   * Every collection of the running replication has pulled what the server held when it
   * started: work that can wait (the service worker's install) starts then, not beside a first
   * sync. False until then, and again from the next start or stop.
   */
  initialSynced: boolean;
}

export const initialSyncState: SyncState = { collections: {}, notices: [], pendingKnown: false, initialSynced: false };

const fresh: CollectionSyncState = { status: 'idle', lastSyncedAt: null, error: null, pending: 0 };

function patch(state: SyncState, collection: string, change: Partial<CollectionSyncState>): SyncState {
  const current = state.collections[collection] ?? fresh;
  return { ...state, collections: { ...state.collections, [collection]: { ...current, ...change } } };
}

export const syncFeature = createFeature({
  name: 'sync',
  reducer: createReducer(
    initialSyncState,
    on(syncActions.replicationStarted, (state, { collections }): SyncState => ({
      ...state,
      initialSynced: false,
      collections: Object.fromEntries(collections.map((name) => [name, { ...(state.collections[name] ?? fresh), status: 'idle' as const, error: null }])),
    })),
    on(syncActions.replicationStopped, (state): SyncState => ({
      ...state,
      initialSynced: false,
      collections: Object.fromEntries(Object.entries(state.collections).map(([name, c]) => [name, { ...c, status: 'stopped' as const }])),
    })),
    on(syncActions.initialSyncDone, (state): SyncState => ({ ...state, initialSynced: true })),
    on(syncActions.activityChanged, (state, { collection, active }) =>
      // An error stays visible until a sync round finishes.
      patch(state, collection, active ? { status: 'active' } : state.collections[collection]?.status === 'error' ? {} : { status: 'idle' }),
    ),
    on(syncActions.replicationFailed, (state, { collection, message }) => patch(state, collection, { status: 'error', error: message })),
    on(syncActions.synced, (state, { collection, at }) => patch(state, collection, { lastSyncedAt: at, status: 'idle', error: null })),
    // A person's session begins: their database (maybe with changes unsent last time) opens anew.
    on(sessionActions.signedIn, sessionActions.restored, (state): SyncState => ({ ...state, pendingKnown: false })),
    on(syncActions.pendingChanged, (state, { pending }): SyncState => {
      let next: SyncState = { ...state, pendingKnown: true };
      const names = new Set([...Object.keys(state.collections), ...Object.keys(pending)]);
      for (const name of names) next = patch(next, name, { pending: pending[name] ?? 0 });
      return next;
    }),
    on(syncActions.pendingUnknown, (state): SyncState => {
      let next: SyncState = { ...state, pendingKnown: false };
      for (const name of Object.keys(state.collections)) next = patch(next, name, { pending: 0 });
      return next;
    }),
    on(syncActions.noticesChanged, (state, { notices }): SyncState => ({ ...state, notices })),
  ),
});
