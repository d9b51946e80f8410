import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { DOCUMENTS_COLLECTION, LIST_KEY_FIELD, type MedicalDocument } from '../../../../../../modules/documents/index';
import { inReviewOrder } from '../../../../../../modules/documents/ui/lists/review-order';
import { TEST_PROFILES } from '../../replication/testing/fake-couch';
import { deviceSchema, withDeviceFields } from '../device-fields-storage';
import { readFirst } from '../read-first';
import { isQuotaExceeded } from '../storage-space/quota-error';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../user-database';
import { dexieCopyReader, readDexieCopy } from './from-dexie';
import { deleteIndexedDb } from './page-file';
import { dexieDatabasePrefix } from './names';
import { fillTheDisk } from './testing/full-disk';
import { databasesNamed, readOnDisk } from './testing/raw-indexeddb';
import { openTab, pagedStorageOfNewTab, profile, type Profile, type Tab } from './testing/tabs';

/**
 * A device updated from the app that kept its data in RxDB's Dexie storage: on first open the
 * paged storage takes over each instance's documents exactly as they were (revisions, deleted
 * ones, local documents: replication and unsent changes carry on), deletes the Dexie databases,
 * and never takes them over again.
 */
type Doc = Record<string, unknown>;

/** Every stored document of a collection, deleted ones too, as the storage holds it. */
async function stored(collection: RxCollection, ids: string[]): Promise<Doc[]> {
  const docs = (await collection.storageInstance.findDocumentsById(ids, true)) as unknown as Doc[];
  return [...docs].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
}

/** A patient's documents, the first one reviewed: the doctor's order is 2, 3, 4, then 1. */
function fourDocuments(): MedicalDocument[] {
  return [1, 2, 3, 4].map((n) => ({
    id: `p1:doc-${n}`, patientId: 'p1', type: 'lab', date: `2026-10-0${5 - n}`, note: '', createdAt: `2026-11-01T10:0${n}:00.000Z`, updatedAt: `2026-11-01T10:0${n}:00.000Z`,
    files: [{ fileId: `file-000${n}`, name: `скан-${n}.jpg`, size: 10, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
    ...(n === 1 ? { reviewedAt: '2026-11-20T10:00:00.000Z', reviewedBy: 'd1' } : {}),
  }));
}

describe('paged storage: taking over the Dexie storage’s copy', () => {
  let name: string;
  let dexie: RxDatabase | null;
  let tab: Tab | null;
  let user: UserDatabase | null;

  beforeEach(() => {
    name = `test-paged-from-dexie-${crypto.randomUUID()}`;
    dexie = tab = user = null;
  });
  afterEach(async () => {
    await dexie?.close();
    await tab?.db.close();
    await user?.db.close();
    await removeUserDatabase(name);
  });

  it('takes over every document with its revision, deleted ones and local documents, deletes the Dexie databases, and does so once', async () => {
    dexie = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: true, localDocuments: true });
    await dexie.addCollections({ profiles: { schema: TEST_PROFILES.schema as unknown as RxJsonSchema<unknown> } });
    const inDexie = dexie.collections['profiles'] as RxCollection<Profile>;
    await inDexie.bulkInsert([profile('p1', 'Иванов'), profile('p2', 'Петров'), profile('p3', 'Сидоров')]);
    await (await inDexie.findOne('p2:profile').exec())!.incrementalPatch({ region: 'Новосибирская область' });
    await (await inDexie.findOne('p3:profile').exec())!.incrementalRemove();
    await dexie.insertLocal('notice', { text: 'Конфликт правок' });
    const ids = ['p1:profile', 'p2:profile', 'p3:profile'];
    const before = await stored(inDexie, ids);
    const localBefore = (await dexie.getLocal('notice'))!;
    const localState = { rev: localBefore.revision, data: localBefore.toJSON().data };
    await dexie.close();
    dexie = null;
    expect((await databasesNamed(dexieDatabasePrefix(name))).length).toBeGreaterThan(0);

    const takenOver: string[] = [];
    // As the app reads them (rxdb-setup.ts): the device's databases listed once, whatever the number of instances.
    const listings = spyOn(indexedDB, 'databases').and.callThrough();
    const fromDexie = dexieCopyReader(indexedDB);
    const storage = (): RxStorage<unknown, unknown> =>
      pagedStorageOfNewTab({
        earlierCopy: async (params) => {
          const copy = await fromDexie(params.databaseName, params.collectionName, params.schema as never);
          if (copy) takenOver.push(params.collectionName);
          return copy;
        },
      });
    tab = await openTab(storage(), name);
    expect(takenOver).toContain('profiles');
    expect(listings).toHaveBeenCalledTimes(1);
    expect(await stored(tab.profiles, ids)).toEqual(before);
    expect(before.map((doc) => [doc['id'], String(doc['_rev']).split('-')[0], doc['_deleted']])).toEqual([
      ['p1:profile', '1', false],
      ['p2:profile', '2', false],
      ['p3:profile', '2', true],
    ]);
    const local = (await tab.db.getLocal('notice'))!;
    expect({ rev: local.revision, data: local.toJSON().data }).toEqual(localState);
    expect(await databasesNamed(dexieDatabasePrefix(name))).toEqual([]);

    await (await tab.profiles.findOne('p1:profile').exec())!.incrementalPatch({ fullName: 'Иванов-Петров' });
    await tab.db.close();
    takenOver.length = 0;
    tab = await openTab(storage(), name);
    expect(takenOver).toEqual([]);
    expect((await tab.profiles.findOne('p1:profile').exec())!.fullName).toBe('Иванов-Петров');
    expect((await tab.profiles.find().exec()).length).toBe(2);
  });

  it('gives the doctor’s list order at once on a device updated from the Dexie storage (the app’s own storage and openUserDatabase)', async () => {
    // The app before the paged storage: Dexie with the device-only fields, same schema version.
    dexie = await createRxDatabase({ name, storage: withDeviceFields(getRxStorageDexie(), [DOCUMENTS_COLLECTION]), multiInstance: true, localDocuments: true });
    await dexie.addCollections({ documents: { schema: deviceSchema(DOCUMENTS_COLLECTION) as unknown as RxJsonSchema<unknown>, migrationStrategies: { ...DOCUMENTS_COLLECTION.migrations } } });
    const written = fourDocuments();
    await dexie.collections['documents']!.bulkInsert(written);
    await dexie.close();
    dexie = null;

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const documents = user.db.collections['documents'] as RxCollection<Doc>;
    const read = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 10);
    expect(read.map((doc) => doc.id)).toEqual(inReviewOrder(written).map((doc) => doc.id));
    expect(read.map((doc) => doc.id)).toEqual(['p1:doc-2', 'p1:doc-3', 'p1:doc-4', 'p1:doc-1']);
    expect(await databasesNamed(dexieDatabasePrefix(name))).toEqual([]);
  });

  it('takes over a copy of an older schema version and migrates it (a device updated across versions: no list key yet)', async () => {
    // The app at documents version 1, before the device-only key, on the Dexie storage.
    const versionOne = { ...DOCUMENTS_COLLECTION.schema, version: 1 };
    dexie = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: true, localDocuments: true });
    await dexie.addCollections({ documents: { schema: versionOne as unknown as RxJsonSchema<unknown>, migrationStrategies: { 1: (doc: Doc) => doc } } });
    const written = fourDocuments();
    await dexie.collections['documents']!.bulkInsert(written);
    await (await dexie.collections['documents']!.findOne('p1:doc-3').exec())!.incrementalRemove();
    await dexie.close();
    dexie = null;

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const documents = user.db.collections['documents'] as RxCollection<Doc>;
    const read = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 10);
    expect(read.map((doc) => doc.id)).toEqual(['p1:doc-2', 'p1:doc-4', 'p1:doc-1']);
    expect(await databasesNamed(dexieDatabasePrefix(name))).toEqual([]);
    await user.db.close();
    // The older version's instance, taken over for the migration, was removed after it.
    const onDisk = await readOnDisk(name);
    expect([...onDisk.log.map((record) => record.instance), ...onDisk.pages.map((page) => page.key[0])]).not.toContain('documents--1');

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const again = await readFirst<MedicalDocument>(user.db.collections['documents'] as RxCollection<Doc>, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 10);
    expect(again.map((doc) => doc.id)).toEqual(['p1:doc-2', 'p1:doc-4', 'p1:doc-1']);
  });

  it('creates no empty database when the copy it listed is deleted before it opens it', async () => {
    // A Dexie copy that an earlier take-over deleted while a tab of the app before held it open:
    // the deletion waits for that tab, and completes right after this reading listed the copy.
    const copyName = `${dexieDatabasePrefix(name)}0--profiles`;
    const heldByOldTab = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open(copyName, 10);
      opening.onupgradeneeded = () => opening.result.createObjectStore('docs');
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    await deleteIndexedDb(indexedDB, copyName); // blocked: resolves at once, deletes once the old tab lets go
    const deletedRightAfterListing = {
      databases: async () => {
        const listed = await indexedDB.databases();
        heldByOldTab.close();
        return listed;
      },
      open: (database: string) => indexedDB.open(database),
      deleteDatabase: (database: string) => indexedDB.deleteDatabase(database),
    } as IDBFactory;

    expect(await readDexieCopy(deletedRightAfterListing, name, 'profiles', TEST_PROFILES.schema as never)).toBeNull();
    expect(await databasesNamed(dexieDatabasePrefix(name))).toEqual([]);
  });

  it('keeps the Dexie copy when the take-over cannot be written (a full disk), and takes it over once there is room', async () => {
    dexie = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: true, localDocuments: true });
    await dexie.addCollections({ profiles: { schema: TEST_PROFILES.schema as unknown as RxJsonSchema<unknown> } });
    await dexie.collections['profiles']!.insert(profile('p1', 'Иванов'));
    await dexie.close();
    dexie = null;
    const copies = await databasesNamed(dexieDatabasePrefix(name));
    const storage = () => pagedStorageOfNewTab({ earlierCopy: (params) => readDexieCopy(indexedDB, params.databaseName, params.collectionName, params.schema as never) });

    const giveRoomBack = fillTheDisk();
    let refused: unknown = null;
    try {
      tab = await openTab(storage(), name);
    } catch (error) {
      refused = error;
    } finally {
      giveRoomBack();
    }
    expect(isQuotaExceeded(refused)).withContext(String(refused)).toBeTrue();
    expect((await databasesNamed(dexieDatabasePrefix(name))).sort()).toEqual(copies.sort());

    tab = await openTab(storage(), name);
    expect((await tab.profiles.findOne('p1:profile').exec())?.fullName).toBe('Иванов');
    expect(await databasesNamed(dexieDatabasePrefix(name))).toEqual([]);
  });
});
