import { createRxDatabase, type RxCollectionCreator, type RxDatabase, type RxJsonSchema } from 'rxdb';
import type { CollectionDefinition } from '@oblako/domain';
import { createConflictHandler } from './conflict-handler';
import { NoticeStore } from './notice-store';
import { PendingChanges } from './pending-changes';
import { RejectionRegistry } from './rejections';
import { KnownRevisions } from './known-revisions';
import { UnansweredWrites } from './unanswered-writes';
import { EditBases } from './edit-bases';
import { storage } from './rxdb-setup';
import { deviceSchema, withDeviceFields } from './device-fields-storage';
import { deleteIndexedDb, deletePagedDatabase, dexieDatabasePrefix } from './paged-storage';

/** Everything on this device that belongs to one signed-in person. */
export interface UserDatabase {
  db: RxDatabase;
  notices: NoticeStore;
  pending: PendingChanges;
  rejections: RejectionRegistry;
  /** Server revisions learned from this device's own writes (see KnownRevisions). */
  knownRevisions: KnownRevisions;
  /** Writes sent whose answer has not arrived, kept across restarts (see UnansweredWrites). */
  unansweredWrites: UnansweredWrites;
  /** The server version an edit was made on, when RxDB may not know it (see EditBases). */
  editBases: EditBases;
  definitions: readonly CollectionDefinition[];
}

export { databaseName } from './database-name';

export async function openUserDatabase(name: string, definitions: readonly CollectionDefinition[]): Promise<UserDatabase> {
  // Device-only fields (a list's sort key) filled in below RxDB, see withDeviceFields.
  const db = await createRxDatabase({ name, storage: withDeviceFields(storage, definitions), multiInstance: true, localDocuments: true, eventReduce: true, closeDuplicates: true });
  const notices = new NoticeStore(db);
  const pending = new PendingChanges(db);
  const rejections = new RejectionRegistry();
  const knownRevisions = new KnownRevisions();
  const unansweredWrites = new UnansweredWrites(db);
  const editBases = new EditBases(db);
  const creators: Record<string, RxCollectionCreator> = {};
  for (const definition of definitions) {
    creators[definition.name] = {
      schema: deviceSchema(definition) as unknown as RxJsonSchema<unknown>,
      ...(definition.migrations ? { migrationStrategies: { ...definition.migrations } } : {}),
      conflictHandler: createConflictHandler({
        collection: definition.name,
        primaryKey: definition.schema.primaryKey,
        rejections,
        knownRevisions,
        editBases,
        recordNotice: (notice) => notices.record(notice),
        resolveConflict: definition.resolveConflict,
      }),
    };
  }
  await db.addCollections(creators);
  for (const definition of definitions) {
    // An edit (or deletion) of a document keeps the version it started from (see EditBases).
    const collection = db.collections[definition.name]!;
    const keepBase = async (previous: Record<string, unknown> | undefined) => {
      if (previous) await editBases.before(definition.name, String(previous[definition.schema.primaryKey as string]), previous);
    };
    // preSave gets the stored data before the edit; preRemove the document (its data before).
    collection.preSave((_data: unknown, previous: Record<string, unknown>) => keepBase(previous), false);
    collection.preRemove((_data: unknown, doc: { _data?: Record<string, unknown> } | undefined) => keepBase(doc?._data), false);
  }
  return { db, notices, pending, rejections, knownRevisions, unansweredWrites, editBases, definitions };
}

/**
 * Wipes one person's database from this device, local documents (notices) included: the paged
 * storage's IndexedDB database, and any the Dexie storage left from before (one per instance).
 */
export async function removeUserDatabase(name: string): Promise<void> {
  const prefix = dexieDatabasePrefix(name);
  const all = await indexedDB.databases();
  await Promise.all([deletePagedDatabase(indexedDB, name), ...all.flatMap((db) => (db.name?.startsWith(prefix) ? [deleteIndexedDb(indexedDB, db.name)] : []))]);
}
