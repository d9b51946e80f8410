import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { SessionUser } from '@oblako/domain';
import { insertLocal, signedInTestProviders, until } from '../../kit/testing';
import { ReplicationService } from '../replication/replication.service';
import { DataLayer } from './data-layer.service';
import { DataService } from './data.service';
import { databaseName, removeUserDatabase } from './user-database';

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
