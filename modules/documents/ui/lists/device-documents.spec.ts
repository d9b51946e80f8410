import type { DataService } from '@oblako/shell-kit';
import { Observable, Subject, firstValueFrom } from 'rxjs';
import { deviceDocuments$ } from './device-documents';

/** A DataService whose whole-collection query is a subject, counting how often it is subscribed. */
function fakeData() {
  const results = new Subject<unknown[]>();
  let subscriptions = 0;
  const data = {
    find$: (collection: string) =>
      new Observable<unknown[]>((subscriber) => {
        expect(collection).toBe('documents');
        subscriptions++;
        return results.subscribe(subscriber);
      }),
  } as unknown as DataService;
  return { data, results, subscriptions: () => subscriptions };
}

describe('deviceDocuments$ (the device’s one documents query)', () => {
  it('the patients list, a patient’s page and the offline copies share one subscription; a late reader gets the last result', async () => {
    const { data, results, subscriptions } = fakeData();
    const seen: unknown[][] = [];
    const list = deviceDocuments$(data).subscribe((docs) => seen.push(docs));
    const offline = deviceDocuments$(data).subscribe();
    const all = [{ id: 'p:1' }, { id: 'p:2' }];
    results.next(all);
    expect(subscriptions()).toBe(1);
    expect(seen).toEqual([all]);
    // The patient's page opens while the others still read: answered from memory, no new query.
    expect(await firstValueFrom(deviceDocuments$(data))).toBe(all as never);
    expect(subscriptions()).toBe(1);
    list.unsubscribe();
    offline.unsubscribe();
  });

  it('after the last reader leaves, the next one subscribes again (never a stale list of a past session)', () => {
    const { data, subscriptions } = fakeData();
    deviceDocuments$(data).subscribe().unsubscribe();
    deviceDocuments$(data).subscribe().unsubscribe();
    expect(subscriptions()).toBe(2);
  });

  it('a query that ended (the database closed at sign-out) is not replayed to the next reader', async () => {
    const { data, results, subscriptions } = fakeData();
    const seen: unknown[][] = [];
    deviceDocuments$(data).subscribe((docs) => seen.push(docs));
    results.next([{ id: 'past-session:1' }]);
    results.complete();
    const next: unknown[][] = [];
    deviceDocuments$(data).subscribe((docs) => next.push(docs));
    expect(subscriptions()).toBe(2);
    expect(next).toEqual([]);
    expect(seen).toEqual([[{ id: 'past-session:1' }]]);
  });
});
