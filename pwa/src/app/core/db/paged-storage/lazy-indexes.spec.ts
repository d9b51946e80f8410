import { getChangedDocumentsSince, type RxCollection } from 'rxdb';
import type { MemoryStorageInternals } from 'rxdb/plugins/storage-memory';
import { DOCUMENTS_COLLECTION, LIST_KEY_FIELD, type MedicalDocument } from '../../../../../../modules/documents/index';
import { readFirst } from '../read-first';
import { until } from '../../../kit/testing';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../user-database';

/**
 * A reopened instance's memory indexes are built when a read first walks them, in idle time
 * otherwise, all of them before a write (lazy-indexes.ts): whichever comes first after the open,
 * every query answers as it did before the close, and every index holds each stored document
 * exactly once, where its index string puts it.
 */
type Doc = Record<string, unknown>;
type Internals = MemoryStorageInternals<Doc>;

function medicalDocument(n: number, date: string): MedicalDocument {
  const createdAt = new Date(Date.UTC(2026, 10, 1, 10, n)).toISOString();
  return {
    id: `p1:doc-${String(n).padStart(3, '0')}`,
    patientId: 'p1',
    type: 'lab',
    date,
    note: `Анализ № ${n}`,
    files: [{ fileId: `file-${n}`, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
    createdAt,
    updatedAt: createdAt,
  };
}

/** Index name → how many entries it holds. */
function entriesByIndex(internals: Internals): Record<string, number> {
  return Object.fromEntries(Object.entries(internals.byIndex).map(([name, index]) => [name, index.docsWithIndex.length]));
}

/** Every index built (or every index) holds each stored document once, in the order of its index strings. */
function expectConsistent(internals: Internals, which: 'built' | 'all'): void {
  for (const [name, index] of Object.entries(internals.byIndex)) {
    if (which === 'built' && index.docsWithIndex.length === 0) continue;
    const rebuilt = [...internals.documents.values()].map((doc) => index.getIndexableString(doc)).sort();
    expect(index.docsWithIndex.map((entry) => entry[0])).withContext(name).toEqual(rebuilt);
    expect(index.docsWithIndex.every((entry) => internals.documents.get(entry[2]) === entry[1])).withContext(name).toBeTrue();
  }
}

describe('paged storage: indexes built when first needed', () => {
  let name: string;
  let user: UserDatabase | null;

  beforeEach(async () => {
    name = `test-lazy-indexes-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
    await documentsOf(user).bulkInsert(Array.from({ length: 40 }, (_, i) => medicalDocument(i, `2026-10-${String((i % 28) + 1).padStart(2, '0')}`)) as unknown as Doc[]);
    await user.db.close();
    user = await openUserDatabase(name, [DOCUMENTS_COLLECTION]);
  });
  afterEach(async () => {
    await user?.db.close();
    await removeUserDatabase(name);
  });

  const documentsOf = (opened: UserDatabase) => opened.db.collections['documents'] as RxCollection<Doc>;
  const internalsOf = (opened: UserDatabase) => documentsOf(opened).storageInstance.internals as unknown as Internals;

  it('opens with every document in memory; a query at once answers from the index it walks, the rest are built when idle', async () => {
    const internals = internalsOf(user!);
    expect(internals.documents.size).toBe(40);
    // The whole-device query of the lists (lists/device-documents.ts): RxDB walks it along the
    // schema's own index (the review order), built for it if idle time has not built it yet.
    const all = await documentsOf(user!).find().exec();
    expect(all.map((doc) => doc.primary).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `p1:doc-${String(i).padStart(3, '0')}`));
    expect(entriesByIndex(internals)[`_deleted,patientId,${LIST_KEY_FIELD},id`]).toBe(40);
    expectConsistent(internals, 'built');
    await until(() => Object.values(entriesByIndex(internals)).every((count) => count === 40), 'every index built in idle time');
    expectConsistent(internals, 'all');
  });

  it('answers the review-order and the changes-since reads from indexes built on the spot', async () => {
    const documents = documentsOf(user!);
    const first = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 3);
    // Newest date first: the 28th of October (documents 27), then the 27th (26), then the 26th (25).
    expect(first.map((doc) => doc.id)).toEqual(['p1:doc-027', 'p1:doc-026', 'p1:doc-025']);
    const changed = await getChangedDocumentsSince(documents.storageInstance, 100);
    expect(changed.documents.length).toBe(40);
    const times = changed.documents.map((doc) => doc._meta.lwt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('builds every index before a write made straight after the open, so none keeps a stale entry', async () => {
    const documents = documentsOf(user!);
    // The first thing after the open: an edit that moves the document in every index but the id's.
    await (await documents.findOne('p1:doc-003').exec())!.incrementalPatch({ date: '2026-10-30', reviewedAt: '2026-11-20T10:00:00.000Z', reviewedBy: 'd1' });
    await (await documents.findOne('p1:doc-004').exec())!.incrementalRemove();
    await documents.insert(medicalDocument(99, '2026-10-31') as unknown as Doc);
    // A read first: the memory storage applies a write to its indexes lazily, before the next read.
    const first = await readFirst<MedicalDocument>(documents, { patientId: 'p1' }, [{ [LIST_KEY_FIELD]: 'asc' }], 2);
    expect(first.map((doc) => doc.id)).toEqual(['p1:doc-099', 'p1:doc-027']);
    const internals = internalsOf(user!);
    expect(new Set(Object.values(entriesByIndex(internals)))).toEqual(new Set([41]));
    expectConsistent(internals, 'all');
  });
});
