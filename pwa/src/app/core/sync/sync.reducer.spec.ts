import type { SyncNotice } from '../db/sync-notice';
import { syncActions } from './sync.actions';
import { initialSyncState, syncFeature, type SyncState } from './sync.reducer';
import { sessionActions } from '../session/session.actions';
import { selectInitialSynced, selectLastSyncedAt, selectNotices, selectOverallSyncStatus, selectPendingKnown, selectPendingTotal } from './sync.selectors';

const reduce = syncFeature.reducer;
const root = (sync: SyncState) => ({ sync });

describe('sync state', () => {
  const started = reduce(initialSyncState, syncActions.replicationStarted({ collections: ['profiles', 'documents'] }));

  it('tracks every collection from the start, idle', () => {
    expect(Object.keys(started.collections)).toEqual(['profiles', 'documents']);
    expect(selectOverallSyncStatus(root(started))).toBe('idle');
  });

  it('knows the count of unsent changes only once the database has answered, anew for every session', () => {
    expect(selectPendingKnown(root(initialSyncState))).toBe(false);
    const answered = reduce(started, syncActions.pendingChanged({ pending: {} }));
    expect(selectPendingKnown(root(answered))).toBe(true);
    const user = { id: 'aaaaaaaa-0000-4000-8000-0000000000b1', role: 'patient' as const, phone: '+79000000001', name: 'Тест' };
    expect(selectPendingKnown(root(reduce(answered, sessionActions.signedIn({ user }))))).toBe(false);
    expect(selectPendingKnown(root(reduce(answered, sessionActions.restored({ user }))))).toBe(false);
  });

  it('forgets the count when the database closes (before it opens again): unknown, not zero', () => {
    const waiting = reduce(started, syncActions.pendingChanged({ pending: { profiles: 2 } }));
    const closed = reduce(waiting, syncActions.pendingUnknown());
    expect(selectPendingKnown(root(closed))).toBe(false);
    expect(selectPendingTotal(root(closed))).toBe(0);
  });

  it('says when the initial sync is done, anew for every start and after a stop', () => {
    expect(selectInitialSynced(root(started))).toBe(false);
    const done = reduce(started, syncActions.initialSyncDone());
    expect(selectInitialSynced(root(done))).toBe(true);
    expect(selectInitialSynced(root(reduce(done, syncActions.replicationStarted({ collections: ['profiles'] }))))).toBe(false);
    expect(selectInitialSynced(root(reduce(done, syncActions.replicationStopped())))).toBe(false);
  });

  it('sums pending changes over collections', () => {
    const state = reduce(started, syncActions.pendingChanged({ pending: { profiles: 1, documents: 3 } }));
    expect(selectPendingTotal(root(state))).toBe(4);
    const settled = reduce(state, syncActions.pendingChanged({ pending: { profiles: 0 } }));
    expect(selectPendingTotal(root(settled))).toBe(0);
  });

  it('active while any collection replicates; an error wins and stays until a round finishes', () => {
    let state = reduce(started, syncActions.activityChanged({ collection: 'profiles', active: true }));
    expect(selectOverallSyncStatus(root(state))).toBe('active');
    state = reduce(state, syncActions.replicationFailed({ collection: 'profiles', message: 'HTTP 500' }));
    state = reduce(state, syncActions.activityChanged({ collection: 'profiles', active: false }));
    expect(selectOverallSyncStatus(root(state))).toBe('error');
    state = reduce(state, syncActions.synced({ collection: 'profiles', at: '2026-01-01T10:00:00.000Z' }));
    expect(selectOverallSyncStatus(root(state))).toBe('idle');
    expect(state.collections['profiles']?.error).toBeNull();
  });

  it('the last synced time is the latest over collections', () => {
    let state = reduce(started, syncActions.synced({ collection: 'profiles', at: '2026-01-01T10:00:00.000Z' }));
    state = reduce(state, syncActions.synced({ collection: 'documents', at: '2026-01-02T10:00:00.000Z' }));
    expect(selectLastSyncedAt(root(state))).toBe('2026-01-02T10:00:00.000Z');
  });

  it('keeps the notices it is given', () => {
    const notice: SyncNotice = { id: 'n1', kind: 'conflict', collection: 'profiles', docId: 'user-000001:profile', at: '2026-01-01T10:00:00.000Z', fields: [] };
    expect(selectNotices(root(reduce(started, syncActions.noticesChanged({ notices: [notice] }))))).toEqual([notice]);
  });

  it('stopping marks every collection stopped', () => {
    const stopped = reduce(started, syncActions.replicationStopped());
    expect(Object.values(stopped.collections).every((c) => c.status === 'stopped')).toBeTrue();
  });
});
