import type { RxCollection, RxReplicationConflict } from 'rxdb';
import { openUserDatabase, removeUserDatabase, type UserDatabase } from '../db/user-database';
import { replicateCollection } from './collection-replication';
import { LongpollHub } from './longpoll-hub';
import { sameContent } from '../db/document-state';
import { FakeCouch, TEST_PROFILES } from './testing/fake-couch';

type Doc = Record<string, unknown>;

/**
 * The app's replication (replicateCollection: RxDB's protocol with our pull and push), a real
 * RxDB database on IndexedDB and the app's conflict handler, against an in-memory server that refuses some writes: nothing the person
 * typed may be lost silently, and refused writes must not block the replication.
 */
describe('replication with refused writes and conflicts', () => {
  let name: string;
  let user: UserDatabase;
  let server: FakeCouch;
  let profiles: RxCollection<Doc>;
  let sent: Doc[];
  let conflicts: RxReplicationConflict<Doc>[];
  const id = 'patient-0001:profile';
  const base = { id, patientId: 'patient-0001', fullName: 'Иванов Иван', region: 'Томская область', updatedAt: '2026-01-01T10:00:00.000Z' };

  beforeEach(async () => {
    name = `test-replication-${crypto.randomUUID()}`;
    user = await openUserDatabase(name, [TEST_PROFILES]);
    profiles = user.db.collections['profiles'] as RxCollection<Doc>;
    server = new FakeCouch();
    sent = [];
    conflicts = [];
  });

  afterEach(async () => {
    await user.db.close();
    await removeUserDatabase(name);
  });

  /** One full round of pull and push, as the live replication would do it. */
  async function syncOnce(): Promise<void> {
    const errors: unknown[] = [];
    const state = replicateCollection({
      collection: profiles,
      serverUrl: 'http://server.test',
      fetch: server.fetch,
      hub: new LongpollHub({ url: 'http://server.test/sync/_changes', fetch: server.fetch }),
      rejections: user.rejections,
      knownRevisions: user.knownRevisions,
      unansweredWrites: user.unansweredWrites,
      editBases: user.editBases,
      onRejected: (r) => user.notices.record({ kind: 'rejected', collection: r.collection, docId: r.docId, reason: r.reason, fields: r.fields }),
      push: true,
      identifier: 'test-sync',
      live: false,
      waitForLeadership: false,
    });
    state.error$.subscribe((error) => errors.push(error));
    state.sent$.subscribe((doc) => sent.push(doc));
    state.conflict$.subscribe((conflict) => conflicts.push(conflict));
    await state.awaitInitialReplication();
    await state.cancel();
    expect(errors).withContext('replication errors').toEqual([]);
  }

  it('pushes a local edit and pulls other devices’ edits', async () => {
    server.put({ _id: id, ...withoutId(base) });
    await syncOnce();
    expect((await profiles.findOne(id).exec())?.get('fullName')).toBe('Иванов Иван');
    await profiles.findOne(id).incrementalPatch({ fullName: 'Иванов Иван Петрович' });
    await syncOnce();
    expect(server.docs.get(id)!['fullName']).toBe('Иванов Иван Петрович');
  });

  it('a record the device holds without bookkeeping (a first sync cut by closing the app) is not sent back when the server has it as is', async () => {
    server.put({ _id: id, ...withoutId(base) });
    // As a page written by a first sync the app was closed in: the record, but no assumed server state.
    await profiles.insert({ ...base });
    server.requests.length = 0;
    await syncOnce();
    expect(server.requests.filter((request) => request.includes('_bulk_docs'))).withContext('nothing sent back').toEqual([]);
    // Later edits go on top of the server's revision, as usual.
    await profiles.findOne(id).incrementalPatch({ fullName: 'Иванов Иван Петрович' });
    await syncOnce();
    expect(server.docs.get(id)!['fullName']).toBe('Иванов Иван Петрович');
    expect(conflicts).toEqual([]);
  });

  it('merges a concurrent edit: local-only fields kept, both-changed field takes the server value and leaves a notice', async () => {
    server.put({ _id: id, ...withoutId(base) });
    await syncOnce();
    // This device edits name and region while offline...
    await profiles.findOne(id).incrementalPatch({ fullName: 'Иванов Иван Петрович', region: 'Омская область', updatedAt: '2026-01-02T10:00:00.000Z' });
    // ...meanwhile another device changed the region.
    server.put({ ...server.docs.get(id)!, region: 'Новосибирская область', updatedAt: '2026-01-01T12:00:00.000Z' });
    await syncOnce();
    await syncOnce();
    const local = (await profiles.findOne(id).exec())!;
    expect(local.get('fullName')).toBe('Иванов Иван Петрович');
    expect(local.get('region')).toBe('Новосибирская область');
    expect(server.docs.get(id)!['fullName']).toBe('Иванов Иван Петрович');
    expect(server.docs.get(id)!['region']).toBe('Новосибирская область');
    const notices = await user.notices.list();
    expect(notices.map((n) => [n.kind, n.fields])).toEqual([['conflict', [{ field: 'region', local: 'Омская область', remote: 'Новосибирская область' }]]]);
    // The merged version was reported as sent: that is what settles the pending change.
    expect(sameContent(sent.at(-1)!, local.toJSON() as Doc)).withContext(JSON.stringify([sent, local.toJSON()])).toBeTrue();
  });

  it('a conflict whose merge is exactly the server version is reported as a conflict with that output', async () => {
    server.put({ _id: id, ...withoutId(base) });
    await syncOnce();
    await profiles.findOne(id).incrementalPatch({ region: 'Омская область', updatedAt: '2026-01-01T11:00:00.000Z' });
    server.put({ ...server.docs.get(id)!, region: 'Новосибирская область', updatedAt: '2026-01-01T12:00:00.000Z' });
    await syncOnce();
    server.requests.length = 0;
    await syncOnce();
    expect(server.requests.filter((request) => request.endsWith('_bulk_docs'))).withContext('the server version is not sent back').toEqual([]);
    const local = (await profiles.findOne(id).exec())!;
    expect(local.get('region')).toBe('Новосибирская область');
    // Nothing needs sending (ReplicationService settles the pending change from conflict$).
    expect(conflicts.length).toBe(1);
    expect(sameContent(conflicts[0]!.output as Doc, conflicts[0]!.input.realMasterState as Doc)).toBeTrue();
    expect(sameContent(local.toJSON() as Doc, { id, ...withoutId(server.docs.get(id)!) })).toBeTrue();
  });

  it('a refused update reverts to the server version, keeps the attempt in a notice, and replication goes on', async () => {
    server.put({ _id: id, ...withoutId(base) });
    await syncOnce();
    server.refuse = (doc) => (doc['region'] === 'Марс' ? 'region: not a Russian region' : null);
    await profiles.findOne(id).incrementalPatch({ region: 'Марс' });
    await syncOnce();
    await syncOnce();
    expect((await profiles.findOne(id).exec())!.get('region')).toBe('Томская область');
    expect(server.docs.get(id)!['region']).toBe('Томская область');
    const notices = await user.notices.list();
    expect(notices.length).toBe(1);
    expect(notices[0]).toEqual(jasmine.objectContaining({ kind: 'rejected', reason: 'region: not a Russian region', fields: [{ field: 'region', local: 'Марс', remote: 'Томская область' }] }));
    // Later edits still flow.
    await profiles.findOne(id).incrementalPatch({ fullName: 'Сидоров' });
    await syncOnce();
    expect(server.docs.get(id)!['fullName']).toBe('Сидоров');
  });

  it('a whole request refused (403) reverts to the server version with a notice per document', async () => {
    server.put({ _id: id, ...withoutId(base) });
    await syncOnce();
    const serverFetch = server.fetch;
    server.fetch = async (input, init) =>
      String(input).endsWith('_bulk_docs') ? new Response(JSON.stringify({ error: 'forbidden', reason: 'только чтение' }), { status: 403 }) : serverFetch(input, init);
    await profiles.findOne(id).incrementalPatch({ region: 'Омская область' });
    await syncOnce();
    await syncOnce();
    expect((await profiles.findOne(id).exec())!.get('region')).toBe('Томская область');
    const notices = await user.notices.list();
    expect(notices.map((n) => [n.kind, n.reason, n.fields])).toEqual([['rejected', 'только чтение', [{ field: 'region', local: 'Омская область', remote: 'Томская область' }]]]);
  });

  it('a position the server does not know (a store restored from an older backup) starts the pull over', async () => {
    for (let n = 0; n < 5; n++) server.put({ _id: `patient-0001:profile`, ...withoutId(base), region: `Регион ${n}` });
    await syncOnce();
    // The server is replaced by one restored from a backup taken earlier: a shorter history.
    const restored = new FakeCouch();
    restored.put({ _id: id, ...withoutId(base), region: 'Регион 1' });
    server = restored;
    await syncOnce();
    expect((await profiles.findOne(id).exec())!.get('region')).toBe('Регион 1');
    restored.put({ ...restored.docs.get(id)!, region: 'После восстановления' });
    await syncOnce();
    expect((await profiles.findOne(id).exec())!.get('region')).toBe('После восстановления');
  });

  it('a refused new document is removed locally, its content kept in a notice', async () => {
    server.refuse = () => 'forbidden: not your partition';
    await profiles.insert({ ...base });
    await syncOnce();
    await syncOnce();
    expect(await profiles.findOne(id).exec()).toBeNull();
    expect(server.docs.has(id)).toBeFalse();
    const notices = await user.notices.list();
    expect(notices.length).toBe(1);
    expect(notices[0]!.kind).toBe('rejected');
    expect(notices[0]!.fields.map((f) => f.field).sort()).toEqual(['fullName', 'patientId', 'region']);
  });
});

function withoutId(doc: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, _id: _couchId, ...rest } = doc;
  return rest;
}
