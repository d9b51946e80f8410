import { RejectionRegistry } from '../db/rejections';
import { createSyncFetch, REJECTED_REVISION, type RejectedWrite } from './sync-fetch';
import { FakeCouch } from './testing/fake-couch';

const DB = 'http://server.test/sync/profiles/';

describe('sync fetch wrapper', () => {
  let server: FakeCouch;
  let rejections: RejectionRegistry;
  let rejected: RejectedWrite[];
  let fetch: ReturnType<typeof createSyncFetch>;

  beforeEach(() => {
    server = new FakeCouch();
    rejections = new RejectionRegistry();
    rejected = [];
    fetch = createSyncFetch({ collection: 'profiles', fetch: server.fetch, rejections, onRejected: async (r) => void rejected.push(r) });
  });

  const post = (path: string, body: unknown) =>
    fetch(DB + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  it('turns a refused write into a conflict, marks it and reports what was attempted', async () => {
    const existing = server.put({ _id: 'p1:profile', fullName: 'Иванов', region: 'Томская область' });
    server.refuse = (doc) => (doc['region'] === 'Марс' ? 'region is not a Russian region' : null);
    await post('_all_docs', { keys: ['p1:profile'], include_docs: true });
    const rows = await post('_bulk_docs', { docs: [{ _id: 'p1:profile', _rev: existing._rev, fullName: 'Иванов', region: 'Марс' }] });
    expect(rows).toEqual([{ id: 'p1:profile', error: 'conflict', reason: 'region is not a Russian region' }]);
    expect(rejections.has('profiles', 'p1:profile')).toBeTrue();
    expect(rejected).toEqual([{ collection: 'profiles', docId: 'p1:profile', reason: 'region is not a Russian region', fields: [{ field: 'region', local: 'Марс', remote: 'Томская область' }] }]);
  });

  it('passes real conflicts and successes through unchanged', async () => {
    const existing = server.put({ _id: 'p1:profile', region: 'А' });
    const rows = await post('_bulk_docs', { docs: [{ _id: 'p1:profile', _rev: '1-stale', region: 'Б' }, { _id: 'p2:profile', region: 'В' }] });
    expect(rows[0]).toEqual({ id: 'p1:profile', error: 'conflict', reason: 'Document update conflict.' });
    expect(rows[1].ok).toBeTrue();
    expect(server.docs.get('p1:profile')!._rev).toBe(existing._rev);
    expect(rejected).toEqual([]);
  });

  it('a whole request refused with 403 becomes per-document conflicts', async () => {
    const refusing = createSyncFetch({
      collection: 'profiles',
      fetch: async () => new Response(JSON.stringify({ error: 'forbidden', reason: 'read only' }), { status: 403 }),
      rejections,
      onRejected: async (r) => void rejected.push(r),
    });
    const response = await refusing(DB + '_bulk_docs', { method: 'POST', body: JSON.stringify({ docs: [{ _id: 'p1:profile', region: 'А' }] }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual([{ id: 'p1:profile', error: 'conflict', reason: 'read only' }]);
    expect(rejected[0]!.fields).toEqual([{ field: 'region', local: 'А', remote: null }]);
  });

  it('re-reading a refused new document yields a tombstone instead of a missing doc', async () => {
    const body = await fetch(`${DB}_all_docs?include_docs=true&keys=${JSON.stringify(['p9:profile'])}`).then((r) => r.json());
    expect(body.rows).toEqual([
      { id: 'p9:profile', key: 'p9:profile', value: { rev: REJECTED_REVISION, deleted: true }, doc: { _id: 'p9:profile', _rev: REJECTED_REVISION, _deleted: true } },
    ]);
  });

  it('answers writes that would not change the server locally, without sending them', async () => {
    const existing = server.put({ _id: 'p1:profile', region: 'А' });
    await post('_all_docs', { keys: ['p1:profile', 'p2:profile'], include_docs: true });
    server.requests.length = 0;
    const rows = await post('_bulk_docs', { docs: [{ _id: 'p1:profile', _rev: existing._rev, region: 'А' }, { _id: 'p2:profile', _deleted: true }] });
    expect(rows).toEqual([
      { id: 'p1:profile', ok: true, rev: existing._rev },
      { id: 'p2:profile', ok: true, rev: '0-unchanged' },
    ]);
    expect(server.requests).toEqual([]);
  });
});
