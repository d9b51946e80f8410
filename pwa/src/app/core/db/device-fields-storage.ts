import type { BulkWriteRow, EventBulk, RxDocumentData, RxStorage, RxStorageChangeEvent, RxStorageInstance, RxStorageWriteError } from 'rxdb';
import { map, share, type Observable } from 'rxjs';
import type { CollectionDefinition, CollectionSchema, DeviceFields } from '@oblako/domain';
import { copyWithout } from './plain-document';

type Data = RxDocumentData<Record<string, unknown>>;
type Instance = RxStorageInstance<Record<string, unknown>, unknown, unknown>;

/**
 * The schema a collection has on this device: the shared one plus its device-only fields and
 * their indexes (CollectionDefinition.deviceFields). The server keeps the shared one.
 */
export function deviceSchema(definition: CollectionDefinition): CollectionSchema {
  const fields = definition.deviceFields;
  if (!fields) return definition.schema;
  return {
    ...definition.schema,
    properties: { ...definition.schema.properties, ...fields.properties },
    indexes: [...(definition.schema.indexes ?? []), ...fields.indexes],
    // Dexie indexes only required fields. Nothing above the storage ever holds them (no schema
    // validation runs on the device): the storage fills them in on every write.
    required: [...(definition.schema.required ?? []), ...Object.keys(fields.properties)],
  };
}

/**
 * The device's storage, with each collection's device-only fields (DeviceFields) filled in on
 * every write and removed from everything read back. Why here, below RxDB's collection: this is
 * the one place every document passes on its way into IndexedDB — a page's edit, the live pull,
 * the first sync (which writes into the storage directly, below the collection's hooks), a schema
 * migration, another tab's write — and on its way out to the app, the push and the conflict
 * handler, none of which may see the fields (the server refuses them: its schema has none).
 * Only IndexedDB's indexes read them: RxDB's Dexie storage walks an index and sorts by it before
 * anything comes back up through here.
 */
export function withDeviceFields<I, O>(storage: RxStorage<I, O>, definitions: readonly CollectionDefinition[]): RxStorage<I, O> {
  const byCollection = new Map(definitions.flatMap((d) => (d.deviceFields ? [[d.name, d.deviceFields] as const] : [])));
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      const fields = byCollection.get(params.collectionName);
      // Only the collection's own instance of a schema that holds the fields: an older version
      // opened by a migration, or a replication's meta instance, is passed through as it is.
      const properties = (params.schema as { properties?: Record<string, unknown> }).properties ?? {};
      if (!fields || !Object.keys(fields.properties).every((name) => name in properties)) return instance;
      return wrap(instance as unknown as Instance, fields) as unknown as typeof instance;
    },
  };
}

function wrap(instance: Instance, fields: DeviceFields): Instance {
  const names = Object.keys(fields.properties);
  // Object.assign, not spread: the build's spread helper is slow on every document written (couch-docs.ts fromCouch).
  const filled = (doc: Data): Data => Object.assign({}, doc, fields.compute(doc));
  const dropped = new Set(names);
  const stripped = (doc: Data): Data => copyWithout(doc, dropped);
  const maybeStripped = <T extends Data | undefined>(doc: T): T => (doc ? (stripped(doc) as T) : doc);
  type Bulk = EventBulk<RxStorageChangeEvent<Record<string, unknown>>, unknown>;
  // One stripped copy of each change for every listener (RxDB's collection, the replication's
  // push, the first sync's watch): a first sync's page is 1,000 changes, stripped once, not per listener.
  let changes: Observable<Bulk> | null = null;
  const changeStream = (): Observable<Bulk> =>
    (changes ??= instance.changeStream().pipe(
      map((bulk: Bulk) =>
        Object.assign({}, bulk, {
          events: bulk.events.map((event) =>
            Object.assign({}, event, {
              documentData: maybeStripped(event.documentData as Data),
              previousDocumentData: maybeStripped(event.previousDocumentData as Data | undefined),
            }),
          ) as Bulk['events'],
        }),
      ),
      share(),
    ));
  return {
    databaseName: instance.databaseName,
    internals: instance.internals,
    options: instance.options,
    schema: instance.schema,
    collectionName: instance.collectionName,
    underlyingPersistentStorage: instance.underlyingPersistentStorage,
    async bulkWrite(rows: BulkWriteRow<Record<string, unknown>>[], context: string) {
      const written = rows.map((row) => Object.assign({}, row, { document: filled(row.document as Data) }));
      const original = new Map(written.map((row, index) => [row, rows[index]!]));
      const result = await instance.bulkWrite(written, context);
      // What failed is reported with the row as the caller wrote it, and what is stored without the fields.
      const error = result.error.map((failure): RxStorageWriteError<Record<string, unknown>> => {
        const failed = { ...failure, writeRow: original.get(failure.writeRow as never) ?? failure.writeRow };
        if ('documentInDb' in failed && failed.documentInDb) failed.documentInDb = stripped(failed.documentInDb as Data);
        return failed as RxStorageWriteError<Record<string, unknown>>;
      });
      return { error };
    },
    async findDocumentsById(ids, withDeleted) {
      return (await instance.findDocumentsById(ids, withDeleted)).map(stripped);
    },
    async query(preparedQuery) {
      const { documents } = await instance.query(preparedQuery);
      return { documents: documents.map(stripped) };
    },
    count: (preparedQuery) => instance.count(preparedQuery),
    getAttachmentData: (documentId, attachmentId, digest) => instance.getAttachmentData(documentId, attachmentId, digest),
    ...(instance.getChangedDocumentsSince
      ? {
          async getChangedDocumentsSince(limit: number, checkpoint?: unknown) {
            const changed = await instance.getChangedDocumentsSince!(limit, checkpoint);
            return { ...changed, documents: changed.documents.map(stripped) };
          },
        }
      : {}),
    changeStream,
    cleanup: (minimumDeletedTime) => instance.cleanup(minimumDeletedTime),
    close: () => instance.close(),
    remove: () => instance.remove(),
  } as Instance;
}
