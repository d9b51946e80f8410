import { ApplicationRef, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Store, provideStore } from '@ngrx/store';
import { sessionActions } from '../session/session.actions';
import { sessionFeature } from '../session/session.reducer';
import { syncActions } from '../sync/sync.actions';
import { syncFeature } from '../sync/sync.reducer';
import { REGISTRATION_AT_LATEST_MS, registerWhenSettled } from './registration-moment';

/** The full app registers its service worker after the first screen, and not beside a signed-in person's first sync. */
describe('the moment the full app registers its service worker', () => {
  const doctor = { id: 'aaaaaaaa-0000-4000-8000-0000000000d1', role: 'doctor' as const, phone: '+79000000003', name: 'Смирнов А. В.' };
  let store: Store;
  let registered: boolean;

  function watchTheMoment(): void {
    registered = false;
    const moment = TestBed.runInInjectionContext(() => registerWhenSettled());
    const subscription = moment.subscribe(() => (registered = true));
    TestBed.inject(ApplicationRef).onDestroy(() => subscription.unsubscribe());
  }

  /** The first screen is up (the application is stable) and whatever followed from it has run. */
  async function firstScreenUp(): Promise<void> {
    await TestBed.inject(ApplicationRef).whenStable();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideStore({ [sessionFeature.name]: sessionFeature.reducer, [syncFeature.name]: syncFeature.reducer })],
    });
    store = TestBed.inject(Store);
  });

  afterEach(() => jasmine.clock().uninstall());

  it('someone signed in: once everything the server held is on the device, not while it arrives', async () => {
    store.dispatch(sessionActions.restored({ user: doctor }));
    watchTheMoment();
    await firstScreenUp();
    expect(registered).withContext('the first screen alone').toBeFalse();
    store.dispatch(syncActions.replicationStarted({ collections: ['documents', 'profiles'] }));
    store.dispatch(syncActions.activityChanged({ collection: 'documents', active: true }));
    await firstScreenUp();
    expect(registered).withContext('the first sync running').toBeFalse();
    store.dispatch(syncActions.initialSyncDone());
    await firstScreenUp();
    expect(registered).withContext('the initial sync done').toBeTrue();
  });

  it('nobody signed in: once the first screen is up', async () => {
    watchTheMoment();
    await firstScreenUp();
    expect(registered).toBeTrue();
  });

  it('at the latest after 30 s: a replication that cannot finish (offline, a failing server) does not keep the app from being installed', async () => {
    jasmine.clock().install();
    store.dispatch(sessionActions.restored({ user: doctor }));
    watchTheMoment();
    await firstScreenUp();
    jasmine.clock().tick(REGISTRATION_AT_LATEST_MS - 1);
    expect(registered).toBeFalse();
    jasmine.clock().tick(1);
    expect(registered).toBeTrue();
  });
});
