/**
 * bench:browser `rxdbFloor`: the least an app on this stack (RxDB + the app's storage — the paged
 * storage, or RxDB's Dexie storage with the app's device flag, `rxdbFloorDexie` — and the
 * device-fields wrapper) does for a first sync — a database holding the documents collection
 * only, created as the app creates it (user-database.ts: the same plugins, storage and options),
 * then the `_changes` pages of 1,000 fetched (the next while one is written) and each written
 * with one storage `bulkWrite` below the collection, as first-sync.ts does, without its progress
 * record, its edit watch or anything else of the app. Timed from before `createRxDatabase`.
 */
import { createRevision, createRxDatabase, getComposedPrimaryKeyOfDocumentData, now, type RxDocumentData, type RxJsonSchema, type RxStorageInstance } from 'rxdb';
import { storage } from '../../../pwa/src/app/core/db/rxdb-setup';
import { deviceSchema, withDeviceFields } from '../../../pwa/src/app/core/db/device-fields-storage';
import { createCouchPull } from '../../../pwa/src/app/core/replication/couch-pull';
import type { Doc } from '../../../pwa/src/app/core/replication/couch-docs';
import { DOCUMENTS_ON_DEVICE } from './documents-definition';

const PAGE = 1000;

(window as unknown as { runBaseline: (token: string) => Promise<unknown> }).runBaseline = async (token: string) => {
  const started = performance.now();
  const db = await createRxDatabase({ name: 'bench-floor', storage: withDeviceFields(storage, [DOCUMENTS_ON_DEVICE]), multiInstance: true, localDocuments: true, eventReduce: true, closeDuplicates: true });
  await db.addCollections({
    documents: {
      schema: deviceSchema(DOCUMENTS_ON_DEVICE) as unknown as RxJsonSchema<unknown>,
      migrationStrategies: { ...DOCUMENTS_ON_DEVICE.migrations },
    },
  });
  const opened = performance.now();
  const collection = db.collections['documents']!;
  const instance = ((collection.storageInstance as unknown as { originalStorageInstance?: unknown }).originalStorageInstance ??
    collection.storageInstance) as unknown as RxStorageInstance<Doc, unknown, unknown>;
  const primaryPath = collection.schema.primaryPath as string;
  const jsonSchema = collection.schema.jsonSchema;
  const hash = await db.hashFunction('rxdbreplication-bench-floor');
  const pull = createCouchPull({
    url: `${location.origin}/sync/documents/`,
    primaryPath,
    fetch: (input, init) => fetch(input, { ...init, headers: { authorization: `Bearer ${token}` } }),
  });
  const writes: number[] = [];
  let next = pull(undefined, PAGE);
  for (;;) {
    const page = await next;
    const more = page.documents.length >= PAGE;
    if (more) next = pull(page.checkpoint!, PAGE);
    const lwt = now();
    const rows = page.documents.map((pulled) => {
      const document = Object.assign({}, pulled, {
        _attachments: {},
        _rev: createRevision(hash),
        _meta: { lwt, o: { _rev: 1, hash } },
      }) as unknown as RxDocumentData<Doc>;
      document[primaryPath] = getComposedPrimaryKeyOfDocumentData(jsonSchema, document);
      return { document };
    });
    const writeStarted = performance.now();
    const result = await instance.bulkWrite(rows, 'bench-floor');
    writes.push(performance.now() - writeStarted);
    if (result.error.length > 0) throw new Error(`the floor's write refused ${result.error.length} documents`);
    if (!more) break;
  }
  const ms = performance.now() - started;
  const stored = await collection.count().exec();
  await db.close();
  return { ms, stored, detail: `open ${Math.round(opened - started)} ms, page writes ${writes.map(Math.round).join('/')} ms` };
};
