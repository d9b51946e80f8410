import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActionsSubject, Store, provideStore, type Action } from '@ngrx/store';
import type { RxCollection, RxStorageBulkWriteResponse, RxStorageWriteError } from 'rxdb';
import { until } from '../../kit/testing';
import { AuthorizedFetch } from '../auth/authorized-fetch';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../db/user-database';
import { syncActions } from '../sync/sync.actions';
import { syncFeature, type CollectionSyncState } from '../sync/sync.reducer';
import { ReplicationService } from './replication.service';
import { FakeCouch, TEST_PROFILES, json } from './testing/fake-couch';

type Doc = Record<string, unknown>;

/**
 * What a round of replication tells the sync chip (syncActions.synced: «Все изменения
 * отправлены»), with the real ReplicationService, RxDB on IndexedDB and an in-memory server
 * whose requests the spec fails or holds: the chip must leave its error text after a round that
 * got through, and keep it after one that did not.
 */
describe('ReplicationService: what a round tells the sync chip', () => {
  const id = 'patient-0001:profile';
  const profile = { id, patientId: 'patient-0001', fullName: 'Иванов Иван', region: 'Томская область', updatedAt: '2026-01-01T10:00:00.000Z' };
  let name: string;
  let user: UserDatabase;
  let profiles: RxCollection<Doc>;
  let server: FakeCouch;
  let service: ReplicationService;
  let actions: Action[];
  let state: () => CollectionSyncState;
  /** The live pull's one waiting request (LongpollHub), failed by hand. */
  let longpoll: { fail(error: Error): void } | null;
  /** Pushes fail as with no network. */
  let pushesFail: boolean;
  /** Pushes wait until released (as the e2e's proxy holds them). */
  let heldPush: { asked: boolean; release(): void } | null;

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    if (path === '/sync/_changes') return waitingLongpoll(init);
    if (path.endsWith('/_bulk_docs')) {
      if (pushesFail) throw new TypeError('Failed to fetch');
      if (heldPush) {
        const held = heldPush;
        held.asked = true;
        await new Promise<void>((release) => (held.release = release));
      }
    }
    return server.fetch(input, init);
  };

  /** `now` fixed at once; then a longpoll that waits (nothing changes) until failed or aborted. */
  function waitingLongpoll(init: RequestInit): Promise<Response> {
    const body = JSON.parse(String(init.body)) as { feeds: Record<string, string>; timeout?: number };
    if (body.timeout === 0) return Promise.resolve(json({ results: {}, last_seq: Object.fromEntries(Object.keys(body.feeds).map((c) => [c, '0'])) }));
    return new Promise<Response>((_, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      longpoll = { fail: reject };
    });
  }

  /**
   * The rounds that ended (active → idle) since the first `mark` actions, in order: whether each
   * was reported synced (dispatched at once after its end, so the very next action).
   */
  const roundsEndedSince = (mark: number): boolean[] =>
    actions.flatMap((action, index) =>
      index >= mark && action.type === syncActions.activityChanged.type && !(action as ReturnType<typeof syncActions.activityChanged>).active
        ? [actions[index + 1]?.type === syncActions.synced.type]
        : [],
    );

  /** The first round that ends after `mark` is reported synced, and the chip's error text is gone. */
  async function expectNextRoundSynced(mark: number): Promise<void> {
    await until(() => roundsEndedSince(mark).length > 0, 'the round ended');
    expect(roundsEndedSince(mark)[0]).withContext('that round synced').toBeTrue();
    expect(state().status).toBe('idle');
    expect(state().error).toBeNull();
  }

  beforeEach(async () => {
    name = `test-replication-service-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [TEST_PROFILES]);
    profiles = user.db.collections['profiles'] as RxCollection<Doc>;
    server = new FakeCouch();
    longpoll = null;
    pushesFail = false;
    heldPush = null;
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideStore({ [syncFeature.name]: syncFeature.reducer }), { provide: AuthorizedFetch, useValue: { fetch } }],
    });
    actions = [];
    TestBed.inject(ActionsSubject).subscribe((action) => actions.push(action));
    const collections = TestBed.inject(Store).selectSignal(syncFeature.selectCollections);
    state = () => collections()['profiles']!;
    service = TestBed.inject(ReplicationService);
    service.start(user, 'patient');
    await until(() => TestBed.inject(Store).selectSignal(syncFeature.selectInitialSynced)() && state().status === 'idle' && longpoll !== null, 'the first sync done, the live pull waiting', 10_000);
  });

  afterEach(async () => {
    heldPush?.release();
    await service.stop();
    await user.db.close();
    await removeUserDatabase(name);
  });

  it('a push that got through after the live pull failed meanwhile: synced, the error text gone (the e2e’s held push)', async () => {
    heldPush = { asked: false, release: () => undefined };
    await profiles.insert({ ...profile });
    await until(() => heldPush!.asked, 'the push on its way');
    longpoll!.fail(new TypeError('Failed to fetch'));
    await until(() => state().status === 'error', 'the live pull’s error shown');
    const mark = actions.length;
    heldPush.release();
    await expectNextRoundSynced(mark);
    expect(server.docs.has(id)).toBeTrue();
  });

  it('a push retried when the connection came back, and answered: synced, the error text gone', async () => {
    // Offline, RxDB waits for the `online` event (or its retry time) before it asks again.
    spyOnProperty(navigator, 'onLine').and.returnValue(false);
    pushesFail = true;
    await profiles.insert({ ...profile });
    await until(() => state().status === 'error', 'the failed push shown');
    pushesFail = false;
    const mark = actions.length;
    window.dispatchEvent(new Event('online'));
    await expectNextRoundSynced(mark);
    expect(server.docs.has(id)).toBeTrue();
  });

  it('the live pull failed between rounds, then a round got through: synced, the error forgotten', async () => {
    const before = state().lastSyncedAt;
    longpoll!.fail(new TypeError('Failed to fetch'));
    await until(() => state().status === 'error', 'the live pull’s error shown');
    const mark = actions.length;
    service.reSync();
    await expectNextRoundSynced(mark);
    expect(state().lastSyncedAt! > before!).toBeTrue();
  });

  it('a round whose pulled documents could not be stored: not synced, the error stays', async () => {
    const { id: _id, ...fields } = profile;
    server.put({ _id: id, ...fields });
    // The device refuses to store that document (as a full disk would).
    const storage = profiles.storageInstance;
    const write = storage.bulkWrite.bind(storage);
    spyOn(storage, 'bulkWrite').and.callFake(async (rows, context): Promise<RxStorageBulkWriteResponse<Doc>> => {
      if (!rows.some((row) => row.document['id'] === id)) return write(rows, context);
      return { error: rows.map((row) => ({ status: 510, isError: true, documentId: id, writeRow: row }) as unknown as RxStorageWriteError<Doc>) };
    });
    const mark = actions.length;
    service.reSync();
    // RxDB may end a round of its own first (the push side's): the one that pulled is watched.
    const failedAt = () => actions.findIndex((action, index) => index >= mark && action.type === syncActions.replicationFailed.type);
    await until(() => failedAt() >= 0 && roundsEndedSince(failedAt()).length > 0, 'the failed round ended');
    expect(roundsEndedSince(failedAt())[0]).withContext('that round synced').toBeFalse();
    expect(state().status).toBe('error');
  });
});
