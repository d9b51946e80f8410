import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { insertLocal, signedInTestProviders, until } from '../../kit/testing';
import { ReplicationService } from '../replication/replication.service';
import { selectPendingKnown } from '../sync/sync.selectors';
import { MODULES } from '@oblako/modules';
import { DataLayer, openAtSignIn } from './data-layer.service';
import { DataService } from './data.service';
import { DATABASE_OPENED_AT_SIGN_IN, type DatabaseOpenedAtSignIn } from './opened-at-sign-in';
import { databaseName, removeUserDatabase, type UserDatabase } from './user-database';

describe('DataLayer: when the replication starts', () => {
  let doctor: SessionUser;
  let layer: DataLayer;
  let started: jasmine.Spy;
  /** What happened, in order: the page's read answered, the replication started. */
  let events: string[];

  beforeEach(() => {
    doctor = { id: crypto.randomUUID(), role: 'doctor', phone: '+79140000002', name: 'Смирнов Андрей Викторович' };
    // Offline: nothing reaches a server; only the start of the replication is watched.
    TestBed.configureTestingModule({ providers: signedInTestProviders(doctor, false, { router: true }) });
    layer = TestBed.inject(DataLayer);
    events = [];
    started = spyOn(TestBed.inject(ReplicationService), 'start').and.callFake(() => void events.push('replication started'));
  });

  afterEach(async () => {
    await layer.close();
    await removeUserDatabase(databaseName(doctor.id));
  });

  it('a reload (remembered session): starts once the page has read and drawn its data', async () => {
    await layer.open(doctor, { replicationAfterFirstScreen: true });
    const database = await layer.database();
    await insertLocal(layer, 'profiles', {
      id: 'p1:profile', patientId: 'p1', fullName: 'Иванова Мария Петровна', region: 'Томская область', updatedAt: new Date().toISOString(),
    });
    // The page opens (the router's first navigation) and asks for its list.
    const page = TestBed.inject(DataService)
      .find$<{ id: string }>('profiles')
      .subscribe((profiles) => events.push(`page read ${profiles.length}`));
    await TestBed.inject(Router).navigateByUrl('/');
    await until(() => started.calls.count() > 0, 'the replication started', 3_000);
    expect(events).toEqual(['page read 1', 'replication started']);
    expect(started).toHaveBeenCalledOnceWith(database, 'doctor');
    page.unsubscribe();
  });

  it('background work waits for a reload’s first screen too (afterFirstScreen), and not at all after a sign-in', async () => {
    await layer.open(doctor, { replicationAfterFirstScreen: true });
    const data = TestBed.inject(DataService);
    void data.afterFirstScreen().then(() => events.push('background started'));
    const page = data.find$<{ id: string }>('profiles').subscribe((profiles) => events.push(`page read ${profiles.length}`));
    await TestBed.inject(Router).navigateByUrl('/');
    await until(() => events.includes('background started'), 'the background work started', 3_000);
    expect(events.indexOf('page read 0')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('page read 0')).toBeLessThan(events.indexOf('background started'));
    page.unsubscribe();

    await layer.close();
    await layer.open(doctor);
    let afterSignIn = false;
    void data.afterFirstScreen().then(() => (afterSignIn = true));
    await until(() => afterSignIn, 'at once after a sign-in', 1_000);
  });

  it('background work asked for before a reload’s database is open waits for the open and the first screen', async () => {
    const data = TestBed.inject(DataService);
    const opening = layer.open(doctor, { replicationAfterFirstScreen: true });
    void data.afterFirstScreen().then(() => events.push('background started'));
    void opening.then(() => events.push('database open'));
    await opening;
    const page = data.find$<{ id: string }>('profiles').subscribe((profiles) => events.push(`page read ${profiles.length}`));
    await TestBed.inject(Router).navigateByUrl('/');
    await until(() => events.includes('background started'), 'the background work started', 3_000);
    expect(events.filter((event) => event !== 'replication started')).toEqual(['database open', 'page read 0', 'background started']);
    page.unsubscribe();
  });

  it('while its database opens again, nothing is known of unsent changes (never «all sent» before it has answered)', async () => {
    const known = TestBed.inject(Store).selectSignal(selectPendingKnown);
    await layer.open(doctor);
    await until(() => known(), 'the count known once the database answered');
    await layer.close();
    expect(known()).toBeFalse();
    // Another tab writes (it holds the database's write lock): this tab's open waits for it.
    let release!: () => void;
    await new Promise<void>((granted) => {
      void navigator.locks.request(`oblako-pages-write:${databaseName(doctor.id)}`, () => {
        granted();
        return new Promise<void>((resolve) => (release = resolve));
      });
    });
    const opening = layer.open(doctor);
    await until(async () => ((await navigator.locks.query()).pending ?? []).some((lock) => lock.name?.startsWith('oblako-pages-write:')), 'the open waiting for the lock');
    expect(known()).toBeFalse();
    release();
    await opening;
    await until(() => known(), 'the count known once the database answered');
  });

  it('a sign-in: starts as the database opens (there is nothing on the device to read first)', async () => {
    await layer.open(doctor);
    expect(started).toHaveBeenCalledOnceWith(await layer.database(), 'doctor');
  });

  it('signed out while the first screen was being read: starts nothing', async () => {
    await layer.open(doctor, { replicationAfterFirstScreen: true });
    await layer.close();
    await TestBed.inject(Router).navigateByUrl('/');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(started).not.toHaveBeenCalled();
  });
});

describe('DataLayer: the database the light sign-in application opened', () => {
  let doctor: SessionUser;
  let started: jasmine.Spy;
  /** What the light application hands over: the doctor's database, opening since the sign-in was answered. */
  let opened: Promise<UserDatabase> | null;

  function dataLayerWith(handedOver: DatabaseOpenedAtSignIn | null): DataLayer {
    TestBed.configureTestingModule({
      providers: [...signedInTestProviders(doctor, false, { router: true }), ...(handedOver ? [{ provide: DATABASE_OPENED_AT_SIGN_IN, useValue: handedOver }] : [])],
    });
    started = spyOn(TestBed.inject(ReplicationService), 'start');
    return TestBed.inject(DataLayer);
  }

  beforeEach(() => {
    doctor = { id: crypto.randomUUID(), role: 'doctor', phone: '+79140000002', name: 'Смирнов Андрей Викторович' };
    opened = null;
  });

  afterEach(async () => {
    await (await opened)?.db.close();
    await removeUserDatabase(databaseName(doctor.id));
  });

  /** The light application's early open, as sign-in-app.ts starts it. */
  function openedAtSignIn(): { userId: string; database: Promise<UserDatabase> } {
    opened = openAtSignIn(doctor, MODULES);
    return { userId: doctor.id, database: opened };
  }

  it('is adopted for the person signed in: the same database, not a second open, and its replication starts', async () => {
    const handedOver = openedAtSignIn();
    const layer = dataLayerWith(handedOver);
    await layer.open(doctor);
    const database = await layer.database();
    expect(database).toBe(await handedOver.database);
    expect(started).toHaveBeenCalledOnceWith(database, 'doctor');
    // Opening again (the password update of the same person) keeps it.
    await layer.open(doctor);
    expect(await layer.database()).toBe(database);
    await layer.close();
    expect(database.db.closed).toBeTrue();
  });

  it('is closed, never used, when another person’s data is asked for', async () => {
    const handedOver = openedAtSignIn();
    const layer = dataLayerWith(handedOver);
    const other: SessionUser = { ...doctor, id: crypto.randomUUID() };
    await layer.open(other);
    const database = await layer.database();
    expect(database).not.toBe(await handedOver.database);
    expect(database.db.name).toBe(databaseName(other.id));
    await until(() => handedOver.database.then((early) => early.db.closed), 'the other person’s database closed');
    await layer.close();
    await removeUserDatabase(databaseName(other.id));
  });

  it('is closed by a sign-out that comes before the app asked for the data', async () => {
    const handedOver = openedAtSignIn();
    const layer = dataLayerWith(handedOver);
    await layer.close();
    expect((await handedOver.database).db.closed).toBeTrue();
    expect(started).not.toHaveBeenCalled();
  });

  it('signed out while it was still opening: closed, no replication, nothing left as the open database', async () => {
    const handedOver = openedAtSignIn();
    const layer = dataLayerWith(handedOver);
    const opening = layer.open(doctor);
    await layer.close();
    await opening;
    expect((await handedOver.database).db.closed).toBeTrue();
    expect(started).not.toHaveBeenCalled();
    let current: UserDatabase | null = null;
    void layer.database().then((database) => (current = database));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(current).toBeNull();
  });

  it('could not open at sign-in (its code did not download): the data layer opens the database itself', async () => {
    const layer = dataLayerWith({ userId: doctor.id, database: Promise.resolve(null) });
    await layer.open(doctor);
    const database = await layer.database();
    expect(database.db.name).toBe(databaseName(doctor.id));
    expect(started).toHaveBeenCalledOnceWith(database, 'doctor');
    await layer.close();
  });
});

describe('DataService: a live query subscribed to again after a sign-out and another sign-in', () => {
  const doctorOf = (name: string): SessionUser => ({ id: crypto.randomUUID(), role: 'doctor', phone: '+79140000002', name });
  const first = doctorOf('Смирнов Андрей Викторович');
  const second = doctorOf('Петрова Анна Сергеевна');
  let layer: DataLayer;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: signedInTestProviders(first, false) });
    layer = TestBed.inject(DataLayer);
    spyOn(TestBed.inject(ReplicationService), 'start');
  });

  afterEach(async () => {
    await layer.close();
    await Promise.all([first, second].map((doctor) => removeUserDatabase(databaseName(doctor.id))));
  });

  it('reads the new person’s database, not the closed one', async () => {
    const profileOf = (patientId: string) => ({ id: `${patientId}:profile`, patientId, fullName: 'Иванова Мария Петровна', region: 'Томская область', updatedAt: new Date().toISOString() });
    await layer.open(first);
    await insertLocal(layer, 'profiles', profileOf('patient-of-first'));
    // One query object kept across sessions, as lists/device-documents.ts shares one.
    const query = TestBed.inject(DataService).find$<{ id: string }>('profiles');
    const read = async () => {
      const seen: { id: string }[][] = [];
      let failed: unknown = null;
      const subscription = query.subscribe({ next: (profiles) => seen.push(profiles), error: (error: unknown) => (failed = error) });
      await until(() => seen.length > 0 || failed !== null, 'the query answered');
      subscription.unsubscribe();
      if (failed) throw failed;
      return seen[0]!.map((profile) => profile.id);
    };
    expect(await read()).toEqual(['patient-of-first:profile']);
    await layer.close();
    await layer.open(second);
    await insertLocal(layer, 'profiles', profileOf('patient-of-second'));
    expect(await read()).toEqual(['patient-of-second:profile']);
  });
});
