import type { RxCollection } from 'rxdb';
import { TEST_PROFILES } from '../../replication/testing/fake-couch';
import { isQuotaExceeded } from '../storage-space/quota-error';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../user-database';
import { fillTheDisk } from './testing/full-disk';
import { profile, type Profile } from './testing/tabs';

/**
 * A full disk (IndexedDB refusing writes with QuotaExceededError): the write is refused with an
 * error the app's storage-space handling recognises (isQuotaExceeded: it frees room and retries,
 * or tells the person), nothing of it reaches memory, and the same write succeeds once there
 * is room again, and is there after a reopen.
 */
describe('paged storage: a full disk', () => {
  let name: string;
  let user: UserDatabase | null;
  let giveRoomBack: (() => void) | null;

  beforeEach(() => {
    name = `test-paged-full-disk-${crypto.randomUUID()}`;
    user = null;
    giveRoomBack = null;
  });
  afterEach(async () => {
    giveRoomBack?.();
    await user?.db.close();
    await removeUserDatabase(name);
  });

  const profilesOf = (opened: UserDatabase) => opened.db.collections['profiles'] as RxCollection<Profile>;
  const refusal = (write: Promise<unknown>) => write.then(() => null, (error: unknown) => error);

  it('refuses an edit and an insert with a quota error, keeps the previous state, and takes the same writes once there is room', async () => {
    user = await openUserDatabase(name, [TEST_PROFILES]);
    const profiles = profilesOf(user);
    await profiles.insert(profile('p1', 'Иванов'));
    const liveNames: string[][] = [];
    const live = profiles.find({ sort: [{ id: 'asc' }] }).$.subscribe((docs) => liveNames.push(docs.map((doc) => doc.fullName)));

    giveRoomBack = fillTheDisk();
    const editRefused = await refusal((await profiles.findOne('p1:profile').exec())!.incrementalPatch({ fullName: 'Петров' }));
    const insertRefused = await refusal(profiles.insert(profile('p2', 'Сидоров')));
    expect(isQuotaExceeded(editRefused)).withContext(String(editRefused)).toBeTrue();
    expect(isQuotaExceeded(insertRefused)).withContext(String(insertRefused)).toBeTrue();
    // Memory as before: queries (a fresh one and the live one) still give the old document only.
    expect((await profiles.find().exec()).map((doc) => doc.fullName)).toEqual(['Иванов']);
    expect((await profiles.storageInstance.findDocumentsById(['p1:profile', 'p2:profile'], true)).map((doc) => doc.fullName)).toEqual(['Иванов']);
    expect(liveNames.at(-1)).toEqual(['Иванов']);

    giveRoomBack();
    giveRoomBack = null;
    await (await profiles.findOne('p1:profile').exec())!.incrementalPatch({ fullName: 'Петров' });
    await profiles.insert(profile('p2', 'Сидоров'));
    expect(liveNames.at(-1)).toEqual(['Петров', 'Сидоров']);
    live.unsubscribe();
    await user.db.close();

    user = await openUserDatabase(name, [TEST_PROFILES]);
    expect((await profilesOf(user).find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.fullName)).toEqual(['Петров', 'Сидоров']);
  });

  it('answers every write after a refused one (the write lock is not left held)', async () => {
    user = await openUserDatabase(name, [TEST_PROFILES]);
    const profiles = profilesOf(user);
    giveRoomBack = fillTheDisk();
    const refused = await Promise.all([1, 2, 3].map((n) => refusal(profiles.insert(profile(`p${n}`, `Пациент ${n}`)))));
    expect(refused.map((error) => isQuotaExceeded(error))).toEqual([true, true, true]);
    giveRoomBack();
    giveRoomBack = null;
    await profiles.bulkInsert([1, 2, 3].map((n) => profile(`p${n}`, `Пациент ${n}`)));
    expect(await profiles.count().exec()).toBe(3);
  });
});
