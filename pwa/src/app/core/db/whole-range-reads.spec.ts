import { createRxDatabase, type MangoQuery, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { WholeRangeDexieStorage } from './whole-range-reads';

interface Record {
  id: string;
  patientId: string;
  date: string;
  reviewed: boolean;
  note: string;
  files: { name: string }[];
}

const schema = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    patientId: { type: 'string', maxLength: 20 },
    date: { type: 'string', maxLength: 10 },
    reviewed: { type: 'boolean' },
    note: { type: 'string' },
    files: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
  },
  required: ['id', 'patientId', 'date', 'reviewed', 'note', 'files'],
  // A compound index and a boolean one (Dexie stores booleans as '0'/'1' in its indexes).
  indexes: [['patientId', 'date'], 'reviewed'],
} as const;

/** 300 records of three patients, a mix of reviewed, notes and dates; some deleted afterwards. */
function records(): Record[] {
  return Array.from({ length: 300 }, (_, i) => ({
    id: `p${i % 3}:${String(i).padStart(4, '0')}`,
    patientId: `p${i % 3}`,
    date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    reviewed: i % 5 !== 0,
    note: i % 4 === 0 ? `Запись ${i}` : '',
    files: [{ name: `скан-${i}.pdf` }],
  }));
}

async function open(name: string, storage: RxStorage<unknown, unknown>): Promise<{ db: RxDatabase; records: RxCollection<Record> }> {
  const db = await createRxDatabase({ name, storage, multiInstance: false });
  await db.addCollections({ records: { schema } });
  const collection = db.collections['records'] as RxCollection<Record>;
  await collection.bulkInsert(records());
  // Deleted documents stay in the store (RxDB's `_deleted`): no query may return them.
  await collection.find({ selector: { note: { $regex: '^Запись 1' } } }).remove();
  return { db, records: collection };
}

const QUERIES: { what: string; query: MangoQuery<Record>; wholeRange: boolean }[] = [
  { what: 'everything', query: {}, wholeRange: true },
  { what: 'one patient (a selector no index serves alone)', query: { selector: { note: '' } }, wholeRange: true },
  { what: 'one patient through the compound index', query: { selector: { patientId: 'p1' } }, wholeRange: true },
  { what: 'a boolean index', query: { selector: { reviewed: false } }, wholeRange: true },
  { what: 'newest first (an order the index does not give), skip and limit', query: { selector: { patientId: 'p2' }, sort: [{ date: 'desc' }, { id: 'asc' }], skip: 3, limit: 10 }, wholeRange: true },
  { what: 'a limit the index order satisfies (the cursor stops early)', query: { selector: { patientId: 'p0' }, sort: [{ patientId: 'asc' }, { date: 'asc' }, { id: 'asc' }], limit: 7 }, wholeRange: false },
];

describe('whole-range reads (RxDB Dexie storage, one getAll instead of a cursor)', () => {
  let ours: { db: RxDatabase; records: RxCollection<Record> };
  let rxdb: { db: RxDatabase; records: RxCollection<Record> };

  beforeAll(async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    ours = await open(`whole-range-ours-${suffix}`, new WholeRangeDexieStorage({}) as RxStorage<unknown, unknown>);
    rxdb = await open(`whole-range-rxdb-${suffix}`, getRxStorageDexie() as RxStorage<unknown, unknown>);
  });

  afterAll(async () => {
    await ours.db.remove();
    await rxdb.db.remove();
  });

  for (const { what, query, wholeRange } of QUERIES) {
    it(`returns what RxDB's own query returns: ${what}`, async () => {
      const getAll = spyOn(IDBIndex.prototype, 'getAll').and.callThrough();
      const found = (await ours.records.find(query).exec()).map((doc) => doc.toJSON());
      expect(getAll.calls.count() > 0).withContext('read with one getAll').toBe(wholeRange);
      const expected = (await rxdb.records.find(query).exec()).map((doc) => doc.toJSON());
      expect(expected.length).toBeGreaterThan(0);
      expect(found).toEqual(expected);
    });
  }

  it('keeps a live query right as documents change', async () => {
    const live = (collection: RxCollection<Record>) => collection.find({ selector: { patientId: 'p1' }, sort: [{ date: 'desc' }, { id: 'asc' }] });
    const read = async (collection: RxCollection<Record>) => (await live(collection).exec()).map((doc) => doc.id);
    const change = async (collection: RxCollection<Record>) => {
      await collection.insert({ id: 'p1:new', patientId: 'p1', date: '2027-01-01', reviewed: false, note: 'Новая', files: [] });
      await collection.findOne('p1:0001').remove();
      await collection.findOne('p1:0004').patch({ date: '2030-05-05' });
    };
    await change(ours.records);
    await change(rxdb.records);
    const after = await read(ours.records);
    expect(after[0]).toBe('p1:0004');
    expect(after).toContain('p1:new');
    expect(after).not.toContain('p1:0001');
    expect(after).toEqual(await read(rxdb.records));
  });
});
