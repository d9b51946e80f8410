import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { TEST_PROFILES } from '../../replication/testing/fake-couch';
import { openUserDatabase, removeUserDatabase } from '../user-database';
import { databasesNamed } from './testing/raw-indexeddb';
import { openTab, pagedStorageOfNewTab, profile } from './testing/tabs';

/** A person's data wiped from the device (sign-out, another person signing in): no IndexedDB database of theirs is left. */
describe('paged storage: removeUserDatabase', () => {
  let name: string;

  beforeEach(() => (name = `test-paged-removal-${crypto.randomUUID()}`));
  afterEach(() => removeUserDatabase(name));

  it('leaves no IndexedDB database of that name, straight after the database closed', async () => {
    const user = await openUserDatabase(name, [TEST_PROFILES]);
    await user.db.collections['profiles']!.insert(profile('p1', 'Иванов'));
    await user.notices.record({ kind: 'conflict', collection: 'profiles', docId: 'p1:profile', fields: [{ field: 'region', local: 'А', remote: 'Б' }] });
    expect((await databasesNamed(name)).length).toBe(1);
    await user.db.close();
    await removeUserDatabase(name);
    expect(await databasesNamed(name)).toEqual([]);
    // Opened again: nothing of before.
    const again = await openUserDatabase(name, [TEST_PROFILES]);
    expect(await again.db.collections['profiles']!.count().exec()).toBe(0);
    await again.db.close();
  });

  it('removes what the Dexie storage left on the device too', async () => {
    const dexie = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: true, localDocuments: true });
    await dexie.addCollections({ profiles: { schema: TEST_PROFILES.schema as unknown as RxJsonSchema<unknown> } });
    await dexie.collections['profiles']!.insert(profile('p1', 'Иванов'));
    await dexie.insertLocal('notice', { text: 'x' });
    await dexie.close();
    expect((await databasesNamed(name)).length).toBeGreaterThan(1);
    await removeUserDatabase(name);
    expect(await databasesNamed(name)).toEqual([]);
  });

  it('removes it while another tab still has it open (signed out in this tab)', async () => {
    const other = await openTab(pagedStorageOfNewTab(), name);
    await other.profiles.insert(profile('p1', 'Иванов'));
    await removeUserDatabase(name);
    expect(await databasesNamed(name)).toEqual([]);
    await other.db.close();
  });
});
