import type { RxCollection } from 'rxdb';
import { DOCUMENTS_COLLECTION, LIST_KEY_FIELD, type MedicalDocument } from '../../../../../../modules/documents/index';
import { inReviewOrder } from '../../../../../../modules/documents/ui/lists/review-order';
import { readFirst } from '../read-first';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../user-database';

/**
 * The paged storage keeps what was written, as the app opens a person's database
 * (openUserDatabase: the device-only fields on top, RxDB's collections, local documents): every
 * insert, update and deletion is there after the database is closed and opened again, and the
 * documents' review-order index (`listKey`, filled in below RxDB by withDeviceFields) gives the
 * doctor's order before and after a reopen, also after edits that move a document in that order.
 */
type Doc = Record<string, unknown>;

function medicalDocument(n: number, date: string, reviewed = false): MedicalDocument {
  const createdAt = new Date(Date.UTC(2026, 10, 1, 10, n)).toISOString();
  return {
    id: `p1:doc-${n}`,
    patientId: 'p1',
    type: 'lab',
    date,
    note: `Анализ № ${n}`,
    files: [{ fileId: `file-000${n}`, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
    createdAt,
    updatedAt: createdAt,
    ...(reviewed ? { reviewedAt: '2026-11-20T10:00:00.000Z', reviewedBy: 'd1' } : {}),
  };
}

/** The patient's documents as the first screen reads them: walked along the `[patientId, listKey]` index. */
async function byListKey(documents: RxCollection<Doc>): Promise<string[]> {
  const read = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 1000);
  return read.map((doc) => doc.id);
}

/** The doctor's order of every live document, computed from the documents themselves. */
async function expectedOrder(documents: RxCollection<Doc>): Promise<string[]> {
  const all = (await documents.find({ selector: { patientId: 'p1' } }).exec()).map((doc) => doc.toJSON() as unknown as MedicalDocument);
  return inReviewOrder(all).map((doc) => doc.id);
}

/** Every stored document with its revision and deletion flag, deleted ones included. */
async function storedState(documents: RxCollection<Doc>, ids: string[]): Promise<Doc[]> {
  const stored = await documents.storageInstance.findDocumentsById(ids, true);
  return stored
    .map((doc) => ({ id: doc['id'], rev: doc._rev, deleted: doc._deleted, date: doc['date'], reviewedAt: doc['reviewedAt'], note: doc['note'] }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe('paged storage: what is written survives a reopen', () => {
  let name: string;
  let user: UserDatabase | null;

  beforeEach(() => {
    name = `test-paged-reopen-${crypto.randomUUID()}`;
    user = null;
  });
  afterEach(async () => {
    await user?.db.close();
    await removeUserDatabase(name);
  });

  const documentsOf = (opened: UserDatabase) => opened.db.collections['documents'] as RxCollection<Doc>;

  it('keeps inserts, updates and deletions, with their revisions', async () => {
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    let documents = documentsOf(user);
    await documents.bulkInsert([1, 2, 3, 4].map((n) => medicalDocument(n, `2026-10-0${n}`)) as unknown as Doc[]);
    await (await documents.findOne('p1:doc-2').exec())!.incrementalPatch({ note: 'Повторный анализ' });
    await (await documents.findOne('p1:doc-3').exec())!.incrementalRemove();
    const ids = ['p1:doc-1', 'p1:doc-2', 'p1:doc-3', 'p1:doc-4'];
    const before = await storedState(documents, ids);
    expect(before.map((doc) => [doc['id'], String(doc['rev']).split('-')[0], doc['deleted']])).toEqual([
      ['p1:doc-1', '1', false],
      ['p1:doc-2', '2', false],
      ['p1:doc-3', '2', true],
      ['p1:doc-4', '1', false],
    ]);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    documents = documentsOf(user);
    expect(await storedState(documents, ids)).toEqual(before);
    expect((await documents.findOne('p1:doc-2').exec())?.get('note')).toBe('Повторный анализ');
    expect(await documents.findOne('p1:doc-3').exec()).toBeNull();
    expect((await documents.find().exec()).map((doc) => doc.primary).sort()).toEqual(['p1:doc-1', 'p1:doc-2', 'p1:doc-4']);
  });

  it('keeps local documents (the notices) across a reopen', async () => {
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    await user.db.insertLocal('seen', { at: 'first' });
    await (await user.db.getLocal('seen'))!.incrementalPatch({ at: 'second' });
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    expect((await user.db.getLocal<{ at: string }>('seen'))?.get('at')).toBe('second');
  });

  it('walks the review-order index in the doctor’s order, after edits that move a document and after a reopen', async () => {
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    let documents = documentsOf(user);
    // Ties on purpose: equal dates (2 and 3), a reviewed one (5) below the rest.
    await documents.bulkInsert(
      [medicalDocument(1, '2026-10-01'), medicalDocument(2, '2026-10-05'), medicalDocument(3, '2026-10-05'), medicalDocument(4, '2026-10-09'), medicalDocument(5, '2026-10-20', true)] as unknown as Doc[],
    );
    expect(await byListKey(documents)).toEqual(['p1:doc-4', 'p1:doc-3', 'p1:doc-2', 'p1:doc-1', 'p1:doc-5']);

    // The top one reviewed (moves to the reviewed part), an older one re-dated to the top,
    // one deleted: each changes the indexed key, so the old index entry must go.
    await (await documents.findOne('p1:doc-4').exec())!.incrementalPatch({ reviewedAt: '2026-11-21T10:00:00.000Z', reviewedBy: 'd1' });
    await (await documents.findOne('p1:doc-1').exec())!.incrementalPatch({ date: '2026-10-30' });
    await (await documents.findOne('p1:doc-2').exec())!.incrementalRemove();
    const moved = ['p1:doc-1', 'p1:doc-3', 'p1:doc-5', 'p1:doc-4'];
    expect(await expectedOrder(documents)).toEqual(moved);
    expect(await byListKey(documents)).toEqual(moved);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    documents = documentsOf(user);
    expect(await byListKey(documents)).toEqual(moved);

    // An edit of a document read from the disk (not written in this session) moves it too.
    await (await documents.findOne('p1:doc-3').exec())!.incrementalPatch({ reviewedAt: '2026-11-22T10:00:00.000Z', reviewedBy: 'd1' });
    const movedAgain = ['p1:doc-1', 'p1:doc-5', 'p1:doc-4', 'p1:doc-3'];
    expect(await byListKey(documents)).toEqual(movedAgain);
    expect(await expectedOrder(documents)).toEqual(movedAgain);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    expect(await byListKey(documentsOf(user))).toEqual(movedAgain);
  });

  it('reads documents without the device-only key, the index still holding it', async () => {
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const documents = documentsOf(user);
    await documents.insert(medicalDocument(1, '2026-10-01') as unknown as Doc);
    await user.db.close();

    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    const [read] = await readFirst<Doc>(documentsOf(user), { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 1);
    expect(read?.['id']).toBe('p1:doc-1');
    expect(LIST_KEY_FIELD in read!).toBeFalse();
    expect(LIST_KEY_FIELD in (await documentsOf(user).findOne('p1:doc-1').exec())!.toJSON()).toBeFalse();
  });
});
