import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { TEST_PROFILES } from '../../../replication/testing/fake-couch';
import { removeUserDatabase } from '../../user-database';
import { getRxStoragePaged, type PagedStorageOptions } from '../paged-storage';

addRxPlugin(RxDBLocalDocumentsPlugin);

/** A browser tab's view of one person's database: its RxDB database and the collection the tests write. */
export interface Tab {
  db: RxDatabase;
  profiles: RxCollection<Profile>;
}

export interface Profile {
  id: string;
  patientId: string;
  fullName: string;
  region: string;
  updatedAt: string;
}

let tabs = 0;

/**
 * The paged storage as one more browser tab has it: its own registry and memory, the page's
 * IndexedDB, Web Locks and BroadcastChannel shared with the other "tabs". Each gets a name of its
 * own only because RxDB refuses two open databases of one name on storages of the same name in
 * one JavaScript realm (DB8); in two real tabs that check never meets.
 */
export function pagedStorageOfNewTab(options: PagedStorageOptions = {}): RxStorage<unknown, unknown> {
  const storage = getRxStoragePaged(options);
  return { ...storage, name: `${storage.name}-tab-${++tabs}` };
}

/** Opens `name` as the app opens a person's database (multi-instance, local documents) with the profiles collection. */
export async function openTab(storage: RxStorage<unknown, unknown>, name: string): Promise<Tab> {
  const db = await createRxDatabase({ name, storage, multiInstance: true, localDocuments: true, eventReduce: true });
  await db.addCollections({ profiles: { schema: TEST_PROFILES.schema as unknown as RxJsonSchema<unknown> } });
  return { db, profiles: db.collections['profiles'] as RxCollection<Profile> };
}

export function profile(patientId: string, fullName: string, region = 'Томская область'): Profile {
  return { id: `${patientId}:profile`, patientId, fullName, region, updatedAt: new Date().toISOString() };
}

/** What a tab holds, every document with its revision, in id order: two tabs agree when these are equal. */
export async function contentsOf(collection: RxCollection<Profile>): Promise<{ id: string; rev: string; fullName: string; region: string }[]> {
  const docs = await collection.find({ sort: [{ id: 'asc' }] }).exec();
  return docs.map((doc) => ({ id: doc.id, rev: doc.revision, fullName: doc.fullName, region: doc.region }));
}

/**
 * A fresh database name for each test (`prefix-<uuid>`) and the tabs the test opens on it
 * (`open`, each with the storage `newTabStorage` gives unless one is passed): every tab still
 * open is closed, and the database removed, after each test.
 */
export function tabsOfOneDatabase(prefix: string, newTabStorage: () => RxStorage<unknown, unknown> = () => pagedStorageOfNewTab()) {
  let opened: Tab[] = [];
  const fixture = {
    name: '',
    async open(storage: RxStorage<unknown, unknown> = newTabStorage()): Promise<Tab> {
      const tab = await openTab(storage, fixture.name);
      opened.push(tab);
      return tab;
    },
    async close(tab: Tab): Promise<void> {
      await tab.db.close();
      opened = opened.filter((other) => other !== tab);
    },
  };
  beforeEach(() => {
    fixture.name = `${prefix}-${crypto.randomUUID()}`;
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((tab) => tab.db.close()));
    await removeUserDatabase(fixture.name);
  });
  return fixture;
}
