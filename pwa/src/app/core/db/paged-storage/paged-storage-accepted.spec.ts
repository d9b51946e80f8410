import { categorizeBulkWriteRows, type BulkWriteRow, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { accepted } from './paged-storage';

/**
 * What a paged write appends to the log must be exactly what RxDB's memory storage then takes
 * (categorizeBulkWriteRows, applied right after): one more document on disk than in memory would
 * appear at the next open, one fewer would be lost with it.
 */
type Doc = RxDocumentData<Record<string, unknown>>;

function doc(id: string, rev: string, deleted = false): Doc {
  return { id, note: `${id} ${rev}`, _rev: rev, _deleted: deleted, _attachments: {}, _meta: { lwt: 1 } } as Doc;
}

describe('paged storage: the documents a write appends', () => {
  const stored = new Map<string, Doc>([
    ['a', doc('a', '1-x')],
    ['b', doc('b', '2-y')],
    ['gone', doc('gone', '3-z', true)],
  ]);
  const rows: BulkWriteRow<Record<string, unknown>>[] = [
    { document: doc('new', '1-n') }, // an insert
    { document: doc('new-deleted', '1-d', true) }, // a deleted document inserted (replication does this)
    { document: doc('a', '2-x'), previous: doc('a', '1-x') }, // an update from the stored revision
    { document: doc('b', '3-y'), previous: doc('b', '1-old') }, // from an older revision: a conflict
    { document: doc('b', '3-y') }, // an insert of a stored document: a conflict
    { document: doc('gone', '4-z'), previous: doc('gone', '3-z', true) }, // a deleted one written again
    { document: doc('gone', '4-z') }, // the same without `previous`: a conflict
  ];

  it('are exactly the rows RxDB takes, in their order', () => {
    const instance = { schema: { attachments: undefined } } as unknown as RxStorageInstance<Record<string, unknown>, unknown, unknown>;
    const categorized = categorizeBulkWriteRows(instance, 'id' as never, stored, rows, 'spec');
    const takenByRxdb = new Set([...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs].map((row) => row.document));
    const appended = accepted(rows, stored, 'id');

    expect(appended.map((written) => `${written['id']} ${written._rev}`)).toEqual(['new 1-n', 'new-deleted 1-d', 'a 2-x', 'gone 4-z']);
    expect(appended).toEqual(rows.map((row) => row.document as Doc).filter((written) => takenByRxdb.has(written)));
    expect(categorized.errors.map((error) => error.status)).toEqual([409, 409, 409]);
  });

  it('takes every row of a first write into an empty instance', () => {
    expect(accepted(rows.slice(0, 2), new Map(), 'id').length).toBe(2);
  });
});
