import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { DOCUMENTS_COLLECTION, LIST_KEY_FIELD, type MedicalDocument } from '../../../../../../modules/documents/index';
import { inReviewOrder } from '../../../../../../modules/documents/ui/lists/review-order';
import { deviceSchema, withDeviceFields } from '../device-fields-storage';
import { readFirst } from '../read-first';
import { removeUserDatabase } from '../user-database';
import { untilShown } from './testing/live-query';
import { pagedStorageOfNewTab } from './testing/tabs';

/**
 * Another tab's edits keep this tab's indexes right: the documents' review-order index
 * (`listKey`, filled in below RxDB by withDeviceFields) follows a review or a deletion made in
 * the other tab, as this tab reads those writes from the log into its memory.
 */
type Doc = Record<string, unknown>;

async function openDocuments(name: string): Promise<{ db: RxDatabase; documents: RxCollection<Doc> }> {
  const db = await createRxDatabase({ name, storage: withDeviceFields(pagedStorageOfNewTab(), [DOCUMENTS_COLLECTION]), multiInstance: true, localDocuments: true });
  await db.addCollections({ documents: { schema: deviceSchema(DOCUMENTS_COLLECTION) as unknown as RxJsonSchema<unknown>, migrationStrategies: { ...DOCUMENTS_COLLECTION.migrations } } });
  return { db, documents: db.collections['documents'] as RxCollection<Doc> };
}

function medicalDocument(n: number): MedicalDocument {
  const createdAt = `2026-11-01T10:0${n}:00.000Z`;
  return {
    id: `p1:doc-${n}`, patientId: 'p1', type: 'lab', date: `2026-10-0${n}`, note: '', createdAt, updatedAt: createdAt,
    files: [{ fileId: `file-000${n}`, name: `скан-${n}.jpg`, size: 10, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
  };
}

const byListKey = async (documents: RxCollection<Doc>) =>
  (await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 100)).map((doc) => doc.id);

describe('paged storage: another tab’s edits in this tab’s list order', () => {
  let name: string;
  let opened: RxDatabase[];

  beforeEach(() => {
    name = `test-paged-tabs-order-${crypto.randomUUID()}`;
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await removeUserDatabase(name);
  });

  it('moves a document another tab reviewed, re-dated or deleted', async () => {
    const a = await openDocuments(name);
    const b = await openDocuments(name);
    opened.push(a.db, b.db);
    await a.documents.bulkInsert([1, 2, 3, 4].map((n) => medicalDocument(n) as unknown as Doc));
    await untilShown<MedicalDocument>(b.documents, (docs) => docs.length === 4, 'A’s inserts in B');
    expect(await byListKey(b.documents)).toEqual(['p1:doc-4', 'p1:doc-3', 'p1:doc-2', 'p1:doc-1']);

    await (await a.documents.findOne('p1:doc-4').exec())!.incrementalPatch({ reviewedAt: '2026-11-20T10:00:00.000Z', reviewedBy: 'd1' });
    await (await a.documents.findOne('p1:doc-1').exec())!.incrementalPatch({ date: '2026-10-09' });
    await (await a.documents.findOne('p1:doc-2').exec())!.incrementalRemove();
    await untilShown<MedicalDocument>(b.documents, (docs) => docs.length === 3 && docs.some((doc) => doc.date === '2026-10-09') && docs.some((doc) => !!doc.reviewedAt), 'A’s edits in B');

    const expected = ['p1:doc-1', 'p1:doc-3', 'p1:doc-4'];
    expect(inReviewOrder((await b.documents.find().exec()).map((doc) => doc.toJSON() as unknown as MedicalDocument)).map((doc) => doc.id)).toEqual(expected);
    expect(await byListKey(b.documents)).toEqual(expected);
    expect(await byListKey(a.documents)).toEqual(expected);
  });
});
