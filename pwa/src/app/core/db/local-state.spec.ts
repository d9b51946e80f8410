import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { TEST_PROFILES } from '../replication/testing/fake-couch';
import { openUserDatabase, removeUserDatabase } from './user-database';

describe('the pending count and the notices (local documents watched)', () => {
  it('follow every write of their own local document, not of a collection', async () => {
    const name = `test-watch-local-${crypto.randomUUID()}`;
    const user = await openUserDatabase(name, [TEST_PROFILES]);
    const counts: Readonly<Record<string, number>>[] = [];
    const subscription = user.pending.counts$.subscribe((value) => counts.push(value));
    const firstNotices = firstValueFrom(user.notices.notices$);
    await waitFor(() => counts.length === 1);
    expect(counts).toEqual([{}]);
    expect(await firstNotices).toEqual([]);

    await user.pending.add('profiles', 'p1:profile');
    await waitFor(() => counts.length === 2);
    // A bulk of documents written meanwhile changes nothing here.
    const profiles = user.db.collections['profiles']!;
    await profiles.bulkInsert(Array.from({ length: 200 }, (_, i) => ({ id: `p${i}:profile`, patientId: `p${i}`, fullName: 'Иванов', region: 'Томская область', updatedAt: new Date().toISOString() })));
    await user.pending.add('profiles', 'p2:profile');
    await waitFor(() => counts.length === 3);
    expect(counts).toEqual([{}, { profiles: 1 }, { profiles: 2 }]);

    const recorded = firstValueFrom(user.notices.notices$.pipe(filter((notices) => notices.length > 0), take(1), toArray()));
    await user.notices.record({ kind: 'conflict', collection: 'profiles', docId: 'p1:profile', fields: [{ field: 'region', local: 'А', remote: 'Б' }] });
    const [notices] = await recorded;
    expect(notices!.map((notice) => notice.docId)).toEqual(['p1:profile']);

    subscription.unsubscribe();
    await user.db.close();
    await removeUserDatabase(name);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  // Waits for the signal (an emission), not for a fixed time; the test's own timeout bounds it.
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
