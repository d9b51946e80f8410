import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRevision, now, type BulkWriteRow, type RxCollection, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { documentsModule } from '../../modules/documents';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../../pwa/src/app/core/db/user-database';
import { addToEmptyStorage } from '../../pwa/src/app/core/replication/first-sync-add';

type Doc = Record<string, unknown>;

describe('a first-sync page added straight into the Dexie table', () => {
  let user: UserDatabase;
  let collection: RxCollection<Doc>;
  let storage: RxStorageInstance<Doc, unknown, unknown, unknown>;
  const name = `first-sync-add-${process.pid}`;

  before(async () => {
    user = await openUserDatabase(name, documentsModule.collections!);
    collection = user.db.collections['documents'] as RxCollection<Doc>;
    storage = (collection.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<Doc, unknown, unknown, unknown> }).originalStorageInstance;
  });
  after(async () => {
    await user.db.close();
    await removeUserDatabase(name);
  });

  function rows(from: number, to: number): BulkWriteRow<Doc>[] {
    const lwt = now();
    const list: BulkWriteRow<Doc>[] = [];
    for (let n = from; n < to; n++) {
      list.push({
        document: {
          id: `p1:${n}`, patientId: 'p1', type: 'other', date: '2026-01-01', note: `запись ${n}`,
          files: [{ fileId: 'f'.repeat(32), name: 'a.pdf', size: 1, mime: 'application/pdf', sha256: 'a'.repeat(64) }],
          createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
          _deleted: false, _attachments: {}, _rev: createRevision('h', undefined), _meta: { lwt },
        } as unknown as RxDocumentData<Doc>,
      });
    }
    return list;
  }

  test('the documents are stored and the collection sees them; ids it already holds come back as 409 with the stored copy', async () => {
    const seen: number[] = [];
    const subscription = collection.count().$.subscribe((count) => seen.push(count));
    const first = await addToEmptyStorage(storage, rows(0, 100), 'test');
    assert.deepEqual(first?.error, []);
    assert.equal(await collection.count().exec(), 100);
    const second = await addToEmptyStorage(storage, rows(50, 150), 'test');
    assert.equal(second?.error.length, 50, 'the 50 held ids are refused');
    assert.ok(second!.error.every((error) => error.status === 409 && (error as { documentInDb?: Doc }).documentInDb?.['id'] === error.documentId));
    assert.equal(await collection.count().exec(), 150, 'the 50 new ones are stored');
    const doc = await collection.findOne('p1:120').exec();
    assert.equal(doc?.get('note'), 'запись 120');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(seen.at(-1), 150, `the live count saw the adds (${seen.join(', ')})`);
    subscription.unsubscribe();
  });
});
