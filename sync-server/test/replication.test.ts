import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionDefinition, ModuleDefinition, StoredDoc } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { requestJson } from './helpers/http';
import { editOf, SyncClient, type CouchError } from './helpers/sync-client';

/** A second collection with what profiles lack: deletion, a doctor-only field, an immutable field. */
const notes: CollectionDefinition = {
  name: 'notes',
  schema: {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string', maxLength: 120 },
      patientId: { type: 'string', maxLength: 64 },
      text: { type: 'string', maxLength: 1000 },
      conclusion: { type: 'string', maxLength: 1000 },
      createdAt: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'patientId', 'text', 'createdAt'],
  },
  partitionField: 'patientId',
  access: {
    read: { patient: 'own', doctor: 'assigned', manager: 'all' },
    write: { patient: 'own', doctor: 'assigned' },
    delete: { patient: 'own' },
  },
  immutableFields: ['createdAt'],
  fieldWriters: { conclusion: ['doctor'] },
};
const notesModule: ModuleDefinition = { id: 'test-notes', collections: [notes] };

const CREATED_AT = '2025-01-02T03:04:05.000Z';
const note = (owner: string, local: string, extra: Record<string, unknown> = {}): StoredDoc => ({
  _id: `${owner}:${local}`,
  patientId: owner,
  text: `note ${local}`,
  createdAt: CREATED_AT,
  ...extra,
});

describe('authorised replication endpoints', () => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let doctor: TestAccount;
  let manager: TestAccount;
  let admin: TestAccount;
  /** profiles / notes clients per person */
  const profiles: Record<string, SyncClient> = {};
  const notesOf: Record<string, SyncClient> = {};

  before(async () => {
    server = await startTestServer({}, { modules: [...MODULES, notesModule] });
    [alice, bob, doctor, manager, admin] = await Promise.all([
      server.createAccount('patient', { name: 'Алиса Иванова' }),
      server.createAccount('patient', { name: 'Борис Петров' }),
      server.createAccount('doctor'),
      server.createAccount('manager'),
      server.createAccount('admin'),
    ]);
    for (const [name, account] of Object.entries({ alice, bob, doctor, manager, admin })) {
      const { accessToken } = await server.signIn(account.phone, account.password);
      profiles[name] = new SyncClient(server.baseUrl, 'profiles', accessToken);
      notesOf[name] = new SyncClient(server.baseUrl, 'notes', accessToken);
    }
    // Interleave the two patients' notes in the change log.
    for (let i = 0; i < 12; i++) {
      assert.equal((await notesOf.alice!.bulkDocs([note(alice.user.id, `a${i}`)])).status, 201);
      assert.equal((await notesOf.bob!.bulkDocs([note(bob.user.id, `b${i}`)])).status, 201);
    }
  });
  after(() => server.close());

  const aliceProfileId = () => `${alice.user.id}:profile`;
  const bobProfileId = () => `${bob.user.id}:profile`;

  describe('pull', () => {
    test("a patient pulls their own documents and never anyone else's", async () => {
      const { rows } = await profiles.alice!.pullAll();
      assert.deepEqual(rows.map((row) => row.id), [aliceProfileId()]);
      assert.equal(rows[0]!.doc!['fullName'], 'Алиса Иванова');
      const pulledNotes = await notesOf.bob!.pullAll();
      assert.equal(pulledNotes.rows.length, 12);
      assert.ok(pulledNotes.rows.every((row) => row.id.startsWith(`${bob.user.id}:`)));
    });

    test('pages are full until the log is exhausted, even when most rows are invisible', async () => {
      const { rows, pages } = await notesOf.alice!.pullAll('0', 5);
      assert.deepEqual(
        rows.map((row) => row.id),
        Array.from({ length: 12 }, (_, i) => `${alice.user.id}:a${i}`),
      );
      assert.equal(pages, 3, 'pages of 5, 5 and 2');
    });

    test('an admin pulls everything; a doctor without assignments nothing; a manager is refused (works online, holds no patient data)', async () => {
      const all = await profiles.admin!.pullAll();
      assert.deepEqual(new Set(all.rows.map((row) => row.id)), new Set([aliceProfileId(), bobProfileId()]));
      assert.deepEqual((await profiles.doctor!.pullAll()).rows, []);
      assert.equal((await profiles.manager!.changes({ since: '0' })).status, 403);
    });

    test('design and local documents in the store never show up, even for an admin', async () => {
      const db = server.app.store.db('profiles');
      await db.put({ _id: '_design/secret', views: { all: { map: 'function (doc) { emit(doc._id); }' } } });
      await db.put({ _id: '_local/secret', value: 1 });
      const { rows } = await profiles.admin!.pullAll();
      assert.ok(rows.every((row) => !row.id.startsWith('_')), JSON.stringify(rows.map((row) => row.id)));
      const { body } = await profiles.admin!.allDocs(['_design/secret', '_local/secret']);
      assert.deepEqual(body.rows, [
        { key: '_design/secret', error: 'not_found' },
        { key: '_local/secret', error: 'not_found' },
      ]);
    });

    test('since=now gives a checkpoint after everything that exists', async () => {
      const now = await profiles.alice!.changes({ since: 'now' });
      assert.equal(now.status, 200);
      assert.deepEqual(now.body.results, []);
      const after = await profiles.alice!.changes({ since: now.body.last_seq });
      assert.deepEqual(after.body.results, []);
    });

    test('include_docs=false leaves documents out; deleted rows are marked', async () => {
      const { body } = await notesOf.alice!.changes({ since: 0, include_docs: false, limit: 2 });
      assert.equal(body.results.length, 2);
      assert.ok(body.results.every((row) => row.doc === undefined && row.changes[0]!.rev));
    });
  });

  describe('_all_docs', () => {
    test("someone else's id reads exactly like a missing one", async () => {
      const missing = `${alice.user.id}:nothing-here`;
      const { status, body } = await profiles.alice!.allDocs([aliceProfileId(), bobProfileId(), missing]);
      assert.equal(status, 200);
      assert.equal(body.rows[0]!.id, aliceProfileId());
      assert.equal(body.rows[0]!.doc!['patientId'], alice.user.id);
      assert.deepEqual(body.rows[1], { key: bobProfileId(), error: 'not_found' });
      assert.deepEqual(body.rows[2], { key: missing, error: 'not_found' });
    });

    test('GET with keys in the query behaves the same', async () => {
      const { status, body } = await profiles.bob!.allDocsGet(JSON.stringify([aliceProfileId(), bobProfileId()]));
      assert.equal(status, 200);
      assert.deepEqual(body.rows[0], { key: aliceProfileId(), error: 'not_found' });
      assert.equal(body.rows[1]!.doc!['patientId'], bob.user.id);
    });

    test('keys are required (no listing of the database)', async () => {
      const get = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_all_docs`, { headers: profiles.alice!.headers });
      assert.equal(get.status, 400);
      assert.equal(get.body.error, 'bad_request');
      assert.match(get.body.reason, /keys/);
      const post = await profiles.alice!.post<CouchError>('_all_docs', { include_docs: true });
      assert.equal(post.status, 400);
      const notJson = await profiles.alice!.allDocsGet('[not json');
      assert.equal(notJson.status, 400);
      const notStrings = await profiles.alice!.allDocs([{ $gt: '' }]);
      assert.equal(notStrings.status, 400);
    });
  });

  describe('push', () => {
    test('a patient edits their profile; the store keeps exactly what was sent', async () => {
      const current = (await profiles.alice!.read(aliceProfileId()))!;
      const edit = editOf(current, { region: 'Камчатский край', timeZone: 'Asia/Kamchatka', _deleted: false });
      const { status, body } = await profiles.alice!.bulkDocs([edit]);
      assert.equal(status, 201);
      assert.equal(body[0]!.ok, true);
      const stored = (await server.app.store.db('profiles').get(aliceProfileId())) as unknown as StoredDoc;
      const { _rev: storedRev, ...storedBody } = stored;
      const { _rev: sentRev, _deleted: _false, ...sentBody } = edit;
      assert.deepEqual(storedBody, sentBody);
      assert.notEqual(storedRev, sentRev);
      assert.equal(body[0]!.rev, storedRev);
    });

    test("a patient cannot write another patient's document", async () => {
      const bobsProfile = (await profiles.bob!.read(bobProfileId()))!;
      const { status, body } = await profiles.alice!.bulkDocs([editOf(bobsProfile, { fullName: 'Взломано' })]);
      assert.equal(status, 201);
      assert.deepEqual(
        { id: body[0]!.id, error: body[0]!.error, code: body[0]!.code },
        { id: bobProfileId(), error: 'forbidden', code: 'outside_scope' },
      );
      assert.match(body[0]!.reason!, /belong to someone else/);
      assert.equal((await profiles.bob!.read(bobProfileId()))!['fullName'], 'Борис Петров');
    });

    test("a forged _id: own partition field, someone else's id — and the reverse", async () => {
      const bobsProfile = (await profiles.bob!.read(bobProfileId()))!;
      const forged = editOf(bobsProfile, { patientId: alice.user.id });
      const reverse = { ...editOf(bobsProfile), _id: `${alice.user.id}:profile2`, _rev: undefined };
      const { body } = await profiles.alice!.bulkDocs([forged, reverse]);
      assert.equal(body[0]!.code, 'outside_scope');
      assert.equal(body[1]!.code, 'partition_mismatch');
      assert.equal(body[1]!.field, 'patientId');
      assert.equal((await profiles.bob!.read(bobProfileId()))!['patientId'], bob.user.id);
    });

    test("_deleted on someone else's document is refused even with the right _rev", async () => {
      const target = (await notesOf.bob!.read(`${bob.user.id}:b0`))!;
      const { body } = await notesOf.alice!.bulkDocs([{ _id: target._id, _rev: target._rev, _deleted: true }]);
      assert.equal(body[0]!.error, 'forbidden');
      assert.equal(body[0]!.code, 'role_cannot_delete');
      assert.equal((await notesOf.bob!.read(target._id))?._rev, target._rev);
    });

    test('design and local documents cannot be written, nor read by path', async () => {
      const { body } = await profiles.manager!.bulkDocs([{ _id: '_design/evil', views: {} }, { _id: '_local/evil', x: 1 }]);
      assert.deepEqual(body.map((row) => row.code), ['reserved_id', 'reserved_id']);
      for (const path of ['_design/secret', '_local/secret', '_design/secret/_view/all']) {
        const response = await requestJson<CouchError>(`${profiles.alice!.dbUrl}${path}`, { headers: profiles.alice!.headers });
        assert.equal(response.status, 403, path);
        assert.equal(response.body.error, 'forbidden');
      }
      const put = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_design/evil`, {
        method: 'PUT',
        headers: { ...profiles.alice!.headers, 'content-type': 'application/json' },
        body: '{"views":{}}',
      });
      assert.equal(put.status, 403);
      await assert.rejects(server.app.store.db('profiles').get('_design/evil'), { status: 404 });
    });

    test('other paths under a database are not served', async () => {
      const headers = profiles.alice!.headers;
      const doc = await requestJson<CouchError>(`${profiles.alice!.dbUrl}${encodeURIComponent(aliceProfileId())}`, { headers });
      assert.equal(doc.status, 404);
      for (const path of ['_revs_diff', '_bulk_get', '_find', '_all_dbs', '_security']) {
        const response = await requestJson<CouchError>(`${profiles.alice!.dbUrl}${path}`, { method: 'POST', headers });
        assert.ok([403, 404].includes(response.status), `${path} → ${response.status}`);
      }
      const wrongMethod = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_bulk_docs`, { headers });
      assert.equal(wrongMethod.status, 405);
      for (const method of ['PUT', 'DELETE']) {
        const response = await requestJson<CouchError>(profiles.alice!.dbUrl, { method, headers });
        assert.equal(response.status, 403, method);
      }
    });

    test('schema rejections name the field', async () => {
      const current = (await profiles.alice!.read(aliceProfileId()))!;
      const { region: _missing, ...withoutRegion } = editOf(current);
      const cases: [StoredDoc, string, string][] = [
        [withoutRegion, 'schema', 'region'],
        [editOf(current, { fullName: 42 }), 'schema', 'fullName'],
        [editOf(current, { diagnosis: 'secret' }), 'schema', 'diagnosis'],
        [editOf(current, { updatedAt: 'yesterday' }), 'schema', 'updatedAt'],
        [editOf(current, { birthDate: '2999-01-01' }), 'invalid_value', 'birthDate'],
        [editOf(current, { timeZone: 'Europe/Paris' }), 'invalid_value', 'timeZone'],
      ];
      for (const [doc, code, field] of cases) {
        const { body } = await profiles.alice!.bulkDocs([doc]);
        assert.equal(body[0]!.error, 'forbidden', field);
        assert.equal(body[0]!.code, code, field);
        assert.equal(body[0]!.field, field, body[0]!.reason);
      }
      const future = await profiles.alice!.bulkDocs([editOf(current, { birthDate: '2999-01-01' })]);
      assert.match(future.body[0]!.reason!, /birthDate\.future/);
      assert.equal((await profiles.alice!.read(aliceProfileId()))!._rev, current._rev, 'nothing was written');
    });

    test('patientId cannot be changed', async () => {
      const current = (await profiles.alice!.read(aliceProfileId()))!;
      const { body } = await profiles.alice!.bulkDocs([editOf(current, { patientId: bob.user.id })]);
      assert.equal(body[0]!.error, 'forbidden');
      assert.equal(body[0]!.field, 'patientId');
    });

    test('a body claiming another primary key is refused', async () => {
      const current = (await profiles.alice!.read(aliceProfileId()))!;
      const { body } = await profiles.alice!.bulkDocs([{ ...editOf(current), id: bobProfileId() }]);
      assert.equal(body[0]!.code, 'primary_key_mismatch');
    });

    test('a doctor cannot write a profile, not even of an assigned patient', async () => {
      await server.app.access.assign(doctor.user.id, alice.user.id);
      try {
        const current = (await profiles.doctor!.read(aliceProfileId()))!;
        assert.ok(current, 'the assigned doctor reads the profile');
        const { body } = await profiles.doctor!.bulkDocs([editOf(current, { fullName: 'Другое Имя' })]);
        assert.equal(body[0]!.code, 'role_cannot_write');
      } finally {
        await server.app.access.revoke(doctor.user.id, alice.user.id);
      }
    });

    test('conflicts: stale _rev, missing _rev on an existing document, the same id twice', async () => {
      const current = (await notesOf.alice!.read(`${alice.user.id}:a1`))!;
      const first = await notesOf.alice!.bulkDocs([editOf(current, { text: 'first' })]);
      assert.equal(first.body[0]!.ok, true);
      const stale = await notesOf.alice!.bulkDocs([editOf(current, { text: 'stale' })]);
      assert.deepEqual(stale.body, [{ id: current._id, error: 'conflict', reason: 'Document update conflict.' }]);
      const { _rev: _dropped, ...noRev } = editOf(current, { text: 'no rev' });
      const missingRev = await notesOf.alice!.bulkDocs([noRev]);
      assert.equal(missingRev.body[0]!.error, 'conflict');
      const twice = await notesOf.alice!.bulkDocs([note(alice.user.id, 'twice'), note(alice.user.id, 'twice', { text: 'again' })]);
      assert.deepEqual(twice.body.map((row) => row.ok ?? row.error), [true, 'conflict']);
      assert.equal((await notesOf.alice!.read(`${alice.user.id}:a1`))!['text'], 'first');
    });

    test('a new document carrying a _rev the server never had is created', async () => {
      const { body } = await notesOf.alice!.bulkDocs([note(alice.user.id, 'fresh', { _rev: '3-abcdef' })]);
      assert.equal(body[0]!.ok, true);
      assert.match(body[0]!.rev!, /^1-/);
    });

    test('attachments and other underscore fields are refused', async () => {
      const { body } = await notesOf.alice!.bulkDocs([
        note(alice.user.id, 'att', { _attachments: { 'x.txt': { content_type: 'text/plain', data: 'aGk=' } } }),
        note(alice.user.id, 'rev', { _revisions: { start: 1, ids: ['a'] } }),
      ]);
      assert.deepEqual(body.map((row) => row.code), ['attachments_not_allowed', 'reserved_field']);
    });

    test('fieldWriters: a patient cannot set the conclusion, the assigned doctor can', async () => {
      const own = await notesOf.alice!.bulkDocs([note(alice.user.id, 'self', { conclusion: 'здоров' })]);
      assert.equal(own.body[0]!.code, 'field_not_writable');
      await server.app.access.assign(doctor.user.id, alice.user.id);
      try {
        const current = (await notesOf.doctor!.read(`${alice.user.id}:a2`))!;
        const byDoctor = await notesOf.doctor!.bulkDocs([editOf(current, { conclusion: 'Рекомендован отдых' })]);
        assert.equal(byDoctor.body[0]!.ok, true);
        const updated = (await notesOf.alice!.read(current._id))!;
        const patientEdit = await notesOf.alice!.bulkDocs([editOf(updated, { conclusion: 'Всё отлично' })]);
        assert.equal(patientEdit.body[0]!.code, 'field_not_writable');
        const keepsIt = await notesOf.alice!.bulkDocs([editOf(updated, { text: 'спасибо' })]);
        assert.equal(keepsIt.body[0]!.ok, true);
        const immutable = await notesOf.doctor!.bulkDocs([editOf((await notesOf.doctor!.read(current._id))!, { createdAt: '2020-01-01T00:00:00.000Z' })]);
        assert.equal(immutable.body[0]!.code, 'immutable_field');
      } finally {
        await server.app.access.revoke(doctor.user.id, alice.user.id);
      }
    });

    test('deleting an own document: the deletion replicates and _all_docs shows it as RxDB asks', async () => {
      const created = await notesOf.alice!.bulkDocs([note(alice.user.id, 'to-delete')]);
      const rev = created.body[0]!.rev!;
      const since = (await notesOf.alice!.changes({ since: 'now' })).body.last_seq;
      const deletion = { ...note(alice.user.id, 'to-delete'), _rev: rev, _deleted: true };
      const deleted = await notesOf.alice!.bulkDocs([deletion]);
      assert.equal(deleted.body[0]!.ok, true);
      const { body } = await notesOf.alice!.changes({ since });
      assert.equal(body.results.length, 1);
      assert.equal(body.results[0]!.deleted, true);
      assert.equal(body.results[0]!.doc!._deleted, true);
      const plain = await notesOf.alice!.allDocs([deletion._id], { include_docs: true });
      assert.deepEqual(plain.body.rows[0], { id: deletion._id, key: deletion._id, value: { rev: deleted.body[0]!.rev, deleted: true }, doc: null });
      const asRxdb = await notesOf.alice!.allDocs([deletion._id], { include_docs: true, deleted: 'ok' });
      assert.equal(asRxdb.body.rows[0]!.doc!['text'], 'note to-delete');
      assert.equal(asRxdb.body.rows[0]!.doc!._deleted, true);
      const bobAsks = await notesOf.bob!.allDocs([deletion._id], { include_docs: true, deleted: 'ok' });
      assert.deepEqual(bobAsks.body.rows[0], { key: deletion._id, error: 'not_found' });
    });
  });

  describe('bad requests get 4xx and the server keeps serving', () => {
    const raw = (path: string, init: RequestInit = {}) =>
      requestJson<CouchError>(`${profiles.alice!.dbUrl}${path}`, { ...init, headers: { ...profiles.alice!.headers, ...(init.headers as Record<string, string>) } });

    test('malformed JSON, wrong content type, huge body, wrong shapes', async () => {
      const json = { 'content-type': 'application/json' };
      const cases: [string, Promise<{ status: number; body: CouchError }>, number][] = [
        ['malformed JSON', raw('_bulk_docs', { method: 'POST', headers: json, body: '{"docs": [' }), 400],
        ['empty JSON body', raw('_bulk_docs', { method: 'POST', headers: json, body: '' }), 400],
        ['__proto__ poisoning', raw('_bulk_docs', { method: 'POST', headers: json, body: '{"docs":[],"__proto__":{"x":1}}' }), 400],
        ['text/plain', raw('_bulk_docs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"docs":[]}' }), 415],
        ['xml', raw('_all_docs', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<keys/>' }), 415],
        ['5 MB body', raw('_bulk_docs', { method: 'POST', headers: json, body: JSON.stringify({ docs: [{ _id: 'x', pad: 'x'.repeat(5 * 1024 * 1024) }] }) }), 413],
        ['docs not an array', raw('_bulk_docs', { method: 'POST', headers: json, body: '{"docs":{}}' }), 400],
        ['a doc not an object', raw('_bulk_docs', { method: 'POST', headers: json, body: '{"docs":["x"]}' }), 400],
        ['too many docs', raw('_bulk_docs', { method: 'POST', headers: json, body: JSON.stringify({ docs: Array.from({ length: 1001 }, () => ({})) }) }), 400],
        ['new_edits=false', raw('_bulk_docs', { method: 'POST', headers: json, body: '{"docs":[],"new_edits":false}' }), 403],
      ];
      for (const [name, pending, status] of cases) {
        const response = await pending;
        assert.equal(response.status, status, `${name}: ${JSON.stringify(response.body)}`);
        assert.equal(typeof response.body.error, 'string', name);
        assert.equal(typeof response.body.reason, 'string', name);
      }
    });

    test('bad _changes parameters', async () => {
      const cases: [string, number][] = [
        ['since=garbage', 400],
        ['since=eyJjIjoxLCJ6Ijp0cnVlfQ', 400], // a JSON checkpoint with an unknown field
        [`since=${Buffer.from('{"c":1,"k":"../etc"}').toString('base64url')}`, 400],
        ['since=', 400],
        ['limit=-1', 400],
        ['limit=0', 400],
        ['limit=abc', 400],
        ['feed=continuous', 400],
        ['feed=eventsource', 400],
        ['style=weird', 400],
        ['timeout=-5', 400],
        ['heartbeat=soon', 400],
        ['filter=_view', 400],
        ['doc_ids=%5B%5D', 400],
        ['descending=true', 400],
      ];
      for (const [query, status] of cases) {
        const response = await raw(`_changes?${query}`);
        assert.equal(response.status, status, `${query}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error, 'bad_request', query);
      }
    });

    test('a huge limit is capped, not refused', async () => {
      const response = await raw('_changes?limit=99999999&since=0');
      assert.equal(response.status, 200);
    });

    test('unknown database, missing or bad token', async () => {
      const unknown = await raw('../nope/_changes');
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { error: 'not_found', reason: 'Database does not exist.' });
      const root = await requestJson<CouchError>(`${server.baseUrl}/sync/`, { headers: profiles.alice!.headers });
      assert.equal(root.status, 404);
      const anonymous = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_changes`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.error, 'unauthorized');
      const badToken = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_changes`, { headers: { authorization: 'Bearer a.b.c' } });
      assert.equal(badToken.status, 401);
      const anonymousBulk = await requestJson<CouchError>(`${profiles.alice!.dbUrl}_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: [note(alice.user.id, 'anon')] }),
      });
      assert.equal(anonymousBulk.status, 401);
    });

    test('every /sync response says no-store, errors included; the server still serves', async () => {
      for (const path of ['', '_changes?since=0', '_changes?since=garbage', '_design/x']) {
        const response = await raw(path);
        assert.equal(response.headers.get('cache-control'), 'no-store', path);
      }
      const { status, body } = await profiles.alice!.changes({ since: 0 });
      assert.equal(status, 200);
      assert.equal(body.results.length, 1);
    });

    test('GET / gives the database info without counts', async () => {
      const { status, body } = await requestJson<Record<string, unknown>>(profiles.alice!.dbUrl, { headers: profiles.alice!.headers });
      assert.equal(status, 200);
      assert.equal(body['db_name'], 'profiles');
      assert.equal(typeof body['update_seq'], 'string');
      assert.equal(body['instance_start_time'], '0');
      assert.equal(body['doc_count'], undefined);
    });
  });
});
