import { firstValueFrom, filter, from, timeout } from 'rxjs';
import { fillWithDefaultSettings, type RxCollection, type RxJsonSchema } from 'rxdb';
import { TEST_PROFILES } from '../../replication/testing/fake-couch';
import { PageFile } from './page-file';
import { announcementsChannel } from './paged-storage';
import { writeLock } from './write-lock';
import { untilRevisions, untilShown } from './testing/live-query';
import { contentsOf, pagedStorageOfNewTab, profile, tabsOfOneDatabase, type Profile, type Tab } from './testing/tabs';

/**
 * Two browser tabs on one person's database, each with the paged storage's copy in its own
 * memory: what one writes reaches the other's live queries without the other writing; a write
 * made on a revision the other tab has replaced is refused as a conflict, never kept over it;
 * writes racing from both tabs end with both tabs and the disk holding the same documents.
 */

describe('paged storage: two tabs', () => {
  const tabs = tabsOfOneDatabase('test-paged-tabs');
  const { open, close } = tabs;

  it('shows a write made in one tab in the other tab’s live query, without the other writing', async () => {
    const a = await open();
    const b = await open();
    const shownInB = untilShown<Profile>(b.profiles, (docs) => docs.length === 1, 'A’s insert in B');
    await a.profiles.insert(profile('p1', 'Иванов'));
    expect((await shownInB).map((doc) => doc.fullName)).toEqual(['Иванов']);

    const editShownInB = untilShown<Profile>(b.profiles, (docs) => docs[0]?.region === 'Новосибирская область', 'A’s edit in B');
    await (await a.profiles.findOne('p1:profile').exec())!.incrementalPatch({ region: 'Новосибирская область' });
    await editShownInB;

    const deletionShownInB = untilShown<Profile>(b.profiles, (docs) => docs.length === 0, 'A’s deletion in B');
    await (await a.profiles.findOne('p1:profile').exec())!.incrementalRemove();
    await deletionShownInB;
  });

  it('shows a local document written in one tab (a notice) in the other tab', async () => {
    const a = await open();
    const b = await open();
    const shownInB = firstValueFrom(
      b.db.getLocal$<{ text: string }>('notice').pipe(
        filter((doc) => doc?.get('text') === 'Конфликт правок'),
        timeout({ first: 10_000, with: () => Promise.reject(new Error('never shown: A’s notice in B')) }),
      ),
    );
    await a.db.insertLocal('notice', { text: 'Конфликт правок' });
    expect((await shownInB)?.get('text')).toBe('Конфликт правок');
  });

  it('refuses a write made on a revision the other tab replaced (409), keeping the other tab’s edit', async () => {
    const a = await open();
    const b = await open();
    await a.profiles.insert(profile('p1', 'Иванов'));
    await untilShown<Profile>(b.profiles, (docs) => docs.length === 1, 'A’s insert in B');
    const seenByB = (await b.profiles.findOne('p1:profile').exec())!;

    // A edits; B at once writes on the revision it saw (A's message may not have reached B yet:
    // B's write reads the log itself before its conflict check).
    await (await a.profiles.findOne('p1:profile').exec())!.incrementalPatch({ region: 'Edited in A' });
    const result = await b.profiles.storageInstance.bulkWrite([{ previous: seenByB._data, document: { ...seenByB._data, region: 'Edited in B' } }], 'test-stale-write');
    expect(result.error.length).toBe(1);
    expect(result.error[0]!.status).toBe(409);
    expect((result.error[0] as { documentInDb?: Profile }).documentInDb?.region).toBe('Edited in A');

    // A write of several rows: only the stale one is refused, the rest is kept.
    const mixed = await b.profiles.storageInstance.bulkWrite(
      [
        { previous: seenByB._data, document: { ...seenByB._data, region: 'Edited in B, again' } },
        { document: { ...profile('p2', 'Новый из B'), _deleted: false, _rev: '', _meta: { lwt: Date.now() }, _attachments: {} } },
      ],
      'test-mixed-write',
    );
    expect(mixed.error.map((failure) => [failure.documentId, failure.status])).toEqual([['p1:profile', 409]]);
    await untilShown<Profile>(a.profiles, (docs) => docs.some((doc) => doc.id === 'p2:profile'), 'B’s kept row in A');

    // Through RxDB's document API too: the stale document's patch is a conflict.
    await expectAsync(seenByB.patch({ region: 'Edited in B again' })).toBeRejectedWith(jasmine.objectContaining({ code: 'CONFLICT' }));

    const inA = (await a.profiles.findOne('p1:profile').exec())!;
    expect(inA.region).toBe('Edited in A');
    await untilRevisions(b.profiles, await contentsOf(a.profiles), 'B');
    const fresh = await open();
    expect(await contentsOf(fresh.profiles)).toEqual(await contentsOf(a.profiles));
    expect((await fresh.profiles.findOne('p1:profile').exec())!.region).toBe('Edited in A');
  });

  it('ends racing writes from both tabs with the same documents and revisions in both tabs and on the disk', async () => {
    const a = await open();
    const b = await open();
    const shared = Array.from({ length: 10 }, (_, n) => profile(`shared${n}`, `Общий ${n}`));
    await a.profiles.bulkInsert(shared);
    await untilShown<Profile>(b.profiles, (docs) => docs.length === shared.length, 'the shared documents in B');

    // 50 writes from each tab, all at once: every other one an insert of its own document, the
    // rest edits of the shared documents 1, 3, 5, 7, 9 (five from each tab), each adding its mark
    // to the name. (RxDB may fold a tab's queued edits of one document into one write, so the
    // marks, not the revision heights, count the edits.)
    const writes = (tab: Tab, label: string) =>
      Array.from({ length: 50 }, async (_, n) => {
        if (n % 2 === 0) return void (await tab.profiles.insert(profile(`${label}${n}`, `${label} ${n}`)));
        const doc = await tab.profiles.findOne(`shared${n % 10}:profile`).exec();
        await doc!.incrementalModify((data) => ({ ...data, fullName: `${data.fullName} ${label}${n}` }));
      });
    await Promise.all([...writes(a, 'a'), ...writes(b, 'b')]);

    const fresh = await open();
    const onDisk = await contentsOf(fresh.profiles);
    expect(onDisk.length).toBe(10 + 25 + 25);
    // No edit lost: each edited shared document carries all ten marks, once each.
    for (const n of [1, 3, 5, 7, 9]) {
      const marks = onDisk.find((doc) => doc.id === `shared${n}:profile`)!.fullName.split(' ').slice(2).sort();
      expect(marks).withContext(`shared${n}`).toEqual([n, n + 10, n + 20, n + 30, n + 40].flatMap((m) => [`a${m}`, `b${m}`]).sort());
    }
    for (const n of [0, 2, 4, 6, 8]) expect(onDisk.find((doc) => doc.id === `shared${n}:profile`)?.rev.split('-')[0]).toBe('1');
    await untilRevisions(a.profiles, onDisk, 'A');
    await untilRevisions(b.profiles, onDisk, 'B');
    expect(await contentsOf(a.profiles)).toEqual(onDisk);
    expect(await contentsOf(b.profiles)).toEqual(onDisk);
  });

  it('opens in two tabs at the same time, each seeing the other’s first writes', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all([a.profiles.insert(profile('pa', 'Из A')), b.profiles.insert(profile('pb', 'Из B'))]);
    await untilShown<Profile>(a.profiles, (docs) => docs.length === 2, 'both inserts in A');
    await untilShown<Profile>(b.profiles, (docs) => docs.length === 2, 'both inserts in B');
  });

  it('opens a collection another tab wrote to before that tab’s message arrived', async () => {
    // B has the database open (one storage instance: its PagedDatabase and log position).
    const storageOfB = pagedStorageOfNewTab();
    const params = (collectionName: string) => ({
      databaseInstanceToken: 'tab-b',
      databaseName: tabs.name,
      collectionName,
      schema: fillWithDefaultSettings(TEST_PROFILES.schema as unknown as RxJsonSchema<unknown>),
      options: {},
      multiInstance: true,
      devMode: false,
    });
    const first = await storageOfB.createStorageInstance(params('first'));
    // Another tab's write, appended to the log as that tab's write is; its message has not
    // reached B (BroadcastChannel is late, or B was busy).
    const otherTab = await PageFile.open(indexedDB, tabs.name);
    const written = { ...profile('p1', 'Из другой вкладки'), _deleted: false, _rev: '1-othertab', _meta: { lwt: Date.now() }, _attachments: {} };
    await otherTab.append('second--0', { primaryPath: 'id', docs: [written] });
    otherTab.close();

    // B opens that collection: the catch-up it starts with meets the very instance it is opening.
    const opening = storageOfB.createStorageInstance(params('second'));
    const second = await firstValueFrom(from(opening).pipe(timeout({ first: 5_000, with: () => Promise.reject(new Error('the instance never opened')) })));
    const read = (await second.findDocumentsById(['p1:profile'], true)) as unknown as (Profile & { _rev: string })[];
    expect(read.map((doc) => [doc.id, doc._rev, doc.fullName])).toEqual([['p1:profile', '1-othertab', 'Из другой вкладки']]);
    await Promise.all([first.close(), second.close()]);
  });

  it('lets a catch-up still waiting for the write lock when the tab closed its database pass without touching the closed file', async () => {
    await open(); // A: stays open
    const b = await open();
    // Another tab holds the write lock (it is writing): B's catch-ups wait for it.
    let letGo!: () => void;
    await new Promise<void>((granted) => void writeLock(tabs.name).run(() => (granted(), new Promise<void>((resolve) => (letGo = resolve)))));
    // That tab announces its write; a channel opened after B's hears it after B's has.
    const announcer = new BroadcastChannel(announcementsChannel(tabs.name));
    const listener = new BroadcastChannel(announcementsChannel(tabs.name));
    const heard = new Promise((resolve) => (listener.onmessage = resolve));
    announcer.postMessage({ sequence: Number.MAX_SAFE_INTEGER });
    await heard;
    await close(b);

    const failures = recordTransactionFailures();
    try {
      letGo();
      await writeLock(tabs.name).run(async () => undefined); // granted after every catch-up that waited
    } finally {
      failures.stop();
      announcer.close();
      listener.close();
    }
    expect(failures.errors).toEqual([]);
  });

  it('reads from the disk again after its last database closed: a reopen sees what another tab wrote meanwhile', async () => {
    const a = await open();
    let b = await open();
    await b.profiles.insert(profile('p1', 'Иванов'));
    await close(b);
    await untilShown<Profile>(a.profiles, (docs) => docs.length === 1, 'B’s insert in A');

    await (await a.profiles.findOne('p1:profile').exec())!.incrementalPatch({ fullName: 'Петров' });
    await a.profiles.insert(profile('p2', 'Сидоров'));

    b = await open();
    expect(await contentsOf(b.profiles)).toEqual(await contentsOf(a.profiles));
    expect((await contentsOf(b.profiles)).map((doc) => doc.fullName)).toEqual(['Петров', 'Сидоров']);
  });
});

/** IndexedDB transactions refused meanwhile (a transaction on a closed connection throws InvalidStateError). */
function recordTransactionFailures(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const { transaction } = IDBDatabase.prototype;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    try {
      return transaction.apply(this, args);
    } catch (error) {
      errors.push(`${(error as Error).name} on ${this.name}`);
      throw error;
    }
  } as IDBDatabase['transaction'];
  return { errors, stop: () => (IDBDatabase.prototype.transaction = transaction) };
}
