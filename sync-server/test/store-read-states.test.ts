// readStates (store/bulk.ts) must say exactly what allDocs({keys, include_docs: true}) says —
// on the embedded store (parallel gets) and over HTTP (allDocs) — because replication's
// `_all_docs` and `_bulk_docs` checks (rights, optimistic lock) are built on it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { readStates, type StoredState } from '../src/plugins/store/index';
import { startCouchStandIn } from './helpers/couch-stand-in';

type Db = PouchDB.Database;

/** The reference: allDocs by keys, read the way replication read it before readStates. */
async function viaAllDocs(db: Db, ids: string[]): Promise<Map<string, StoredState>> {
  const states = new Map<string, StoredState>();
  const result = await db.allDocs({ keys: [...new Set(ids)], include_docs: true });
  for (const row of result.rows) {
    if ('error' in row || !row.value) continue;
    if (row.value.deleted) states.set(row.id, { kind: 'deleted', rev: row.value.rev });
    else if (row.doc) states.set(row.id, { kind: 'live', doc: row.doc as never });
  }
  return states;
}

const sorted = (states: Map<string, StoredState>) => new Map([...states].sort(([a], [b]) => a.localeCompare(b)));

/** Every kind of stored state the replication endpoints meet, and ids they must not resolve. */
async function seed(db: Db): Promise<string[]> {
  await db.put({ _id: 'p:live', n: 1, text: 'Жалобы' });
  const edited = await db.put({ _id: 'p:edited', n: 1 });
  await db.put({ _id: 'p:edited', _rev: edited.rev, n: 2 });
  const gone = await db.put({ _id: 'p:deleted', n: 1 });
  await db.remove('p:deleted', gone.rev);
  const back = await db.put({ _id: 'p:recreated', n: 1 });
  const removed = await db.remove('p:recreated', back.rev);
  await db.put({ _id: 'p:recreated', _rev: removed.rev, n: 3 });
  // Two branches: one live, one deleted → the live one wins; both deleted → deleted.
  await db.bulkDocs(
    [
      { _id: 'p:conflicted', _rev: '1-a', n: 'a' },
      { _id: 'p:conflicted', _rev: '1-b', n: 'b', _deleted: true },
      { _id: 'p:all-deleted', _rev: '1-a', _deleted: true },
      { _id: 'p:all-deleted', _rev: '1-b', _deleted: true },
    ] as never,
    { new_edits: false },
  );
  await db.put({ _id: 'p:attached', _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hello').toString('base64') } } } as never);
  await db.put({ _id: '_design/d', views: {} });
  await db.put({ _id: '_local/l', n: 1 });
  return [
    'p:live', 'p:edited', 'p:deleted', 'p:recreated', 'p:conflicted', 'p:all-deleted', 'p:attached',
    'p:missing', 'p:live', '_design/d', '_local/l', '_design/missing', '', 'p:конфликт',
  ];
}

describe('readStates on the embedded store', () => {
  let dir: string;
  let db: Db;
  let ids: string[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oblako-read-states-'));
    db = new PouchDB(join(dir, 'db'));
    ids = await seed(db);
  });
  after(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('answers what allDocs({keys, include_docs}) answers, for every kind of state', async () => {
    const states = await readStates(db, ids);
    assert.deepEqual(sorted(states), sorted(await viaAllDocs(db, ids)));
    assert.equal(states.get('p:live')?.kind, 'live');
    assert.equal(states.get('p:deleted')?.kind, 'deleted');
    assert.equal(states.get('p:all-deleted')?.kind, 'deleted');
    assert.deepEqual(states.get('p:conflicted'), { kind: 'live', doc: { _id: 'p:conflicted', _rev: '1-a', n: 'a' } });
    assert.equal(states.has('p:missing'), false);
    assert.equal(states.has('_local/l'), false, 'local documents are not documents');
  });

  test('no ids, and a large batch of mostly missing ids', async () => {
    assert.equal((await readStates(db, [])).size, 0);
    const many = Array.from({ length: 600 }, (_, i) => (i % 50 === 0 ? 'p:live' : `p:none-${i}`));
    assert.deepEqual(sorted(await readStates(db, many)), sorted(await viaAllDocs(db, many)));
  });

  test('sees a write made just before it and reports the rev an update must carry', async () => {
    const first = (await readStates(db, ['p:live'])).get('p:live');
    assert.ok(first?.kind === 'live');
    const next = await db.put({ ...first.doc, n: 5 });
    const second = (await readStates(db, ['p:live'])).get('p:live');
    assert.ok(second?.kind === 'live');
    assert.equal(second.doc._rev, next.rev);
    assert.equal(second.doc['n'], 5);
  });
});

describe('readStates over HTTP (the COUCH_URL store)', () => {
  let couch: Awaited<ReturnType<typeof startCouchStandIn>>;
  let db: Db;
  let ids: string[];
  before(async () => {
    couch = await startCouchStandIn();
    db = new PouchDB(`${couch.url}/read_states`);
    ids = await seed(db);
  });
  after(async () => {
    await db.close();
    await couch.close();
  });

  test('answers what allDocs({keys, include_docs}) answers', async () => {
    assert.deepEqual(sorted(await readStates(db, ids)), sorted(await viaAllDocs(db, ids)));
  });
});
