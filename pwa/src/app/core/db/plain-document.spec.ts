import type { RxCollection } from 'rxdb';
import { DOCUMENTS_COLLECTION, type MedicalDocument } from '../../../../../modules/documents/index';
import { plainDocument, plainOf } from './plain-document';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from './user-database';

/**
 * What pages get for a document is what RxDocument.toJSON() gives — the document without RxDB's
 * storage fields — whether it came through a live query (plainOf) or straight from the storage
 * (plainDocument, read-first.ts), with a real database as the app opens it.
 */
describe('plainDocument', () => {
  let name: string;
  let user: UserDatabase;

  beforeEach(async () => {
    name = `test-plain-document-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
  });
  afterEach(async () => {
    await user.db.close();
    await removeUserDatabase(name);
  });

  it('equals RxDocument.toJSON(): every field of the document, none of RxDB’s', async () => {
    const documents = user.db.collections['documents'] as RxCollection<Record<string, unknown>>;
    const written: MedicalDocument = {
      id: 'p1:doc-1', patientId: 'p1', type: 'lab', date: '2026-10-01', note: 'Общий анализ крови',
      files: [{ fileId: 'file-0001', name: 'скан.jpg', size: 1200, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
      createdAt: '2026-10-01T10:00:00.000Z', updatedAt: '2026-10-01T10:00:00.000Z', reviewedAt: '2026-10-02T10:00:00.000Z', reviewedBy: 'd1',
    };
    await documents.insert(written as unknown as Record<string, unknown>);
    const doc = (await documents.findOne('p1:doc-1').exec())!;
    expect(plainOf<MedicalDocument>(doc)).toEqual(doc.toJSON() as unknown as MedicalDocument);
    expect(plainOf<MedicalDocument>(doc)).toEqual(written);
    expect(Object.keys(plainDocument(doc.toJSON(true) as Record<string, unknown>)).sort()).toEqual(Object.keys(written).sort());
    // A copy: changing it changes nothing RxDB holds.
    const plain = plainOf<MedicalDocument>(doc);
    (plain as { note: string }).note = 'изменено';
    expect(doc.get('note')).toBe('Общий анализ крови');
  });
});
