import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULES } from '@oblako/modules';
import { diaryModule } from './helpers/diary-module';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { SyncClient } from './helpers/sync-client';


/**
 * A phone whose connection drops after the server stored its write sends the same write again
 * (same content on the same revision). That is answered as the first time — the revision the
 * write got — never as a conflict with the phone's own write, and nothing is stored twice.
 */
describe('a write sent again after its answer was lost', () => {
  let server: TestServer;
  let patient: TestAccount;
  let other: TestAccount;
  let mine: SyncClient;
  let theirs: SyncClient;
  const id = () => `${patient.user.id}:day-1`;

  before(async () => {
    server = await startTestServer({}, { modules: [...MODULES, diaryModule] });
    [patient, other] = await Promise.all([server.createAccount('patient'), server.createAccount('patient')]);
    mine = new SyncClient(server.baseUrl, 'diary', (await server.signIn(patient.phone, patient.password)).accessToken);
    theirs = new SyncClient(server.baseUrl, 'diary', (await server.signIn(other.phone, other.password)).accessToken);
  });
  after(() => server.close());

  const stored = () => server.app.store.db('diary').get(id()) as Promise<Record<string, unknown>>;

  test('is answered with the revision it got, and nothing is written again', async () => {
    const [created] = (await mine.bulkDocs([{ _id: id(), patientId: patient.user.id, text: 'день 1' }])).body;
    const edit = { _id: id(), _rev: created!.rev, patientId: patient.user.id, text: 'день 1, вечер' };
    const [first] = (await mine.bulkDocs([edit])).body;
    assert.equal(first!.ok, true);
    const [again] = (await mine.bulkDocs([edit])).body;
    assert.deepEqual(again, { ok: true, id: id(), rev: first!.rev });
    assert.equal((await stored())['_rev'], first!.rev, 'no third revision');

    // A creation whose answer was lost, sent again without a revision, likewise.
    const fresh = { _id: `${patient.user.id}:day-2`, patientId: patient.user.id, text: 'день 2' };
    const [made] = (await mine.bulkDocs([fresh])).body;
    assert.deepEqual((await mine.bulkDocs([fresh])).body, [{ ok: true, id: fresh._id, rev: made!.rev }]);
  });

  test('is recognised after another device built on it; a different write on the old revision still conflicts', async () => {
    const current = await stored();
    const edit = { _id: id(), _rev: current['_rev'], patientId: patient.user.id, text: 'день 1, ночь' };
    const [first] = (await mine.bulkDocs([edit])).body;
    // The laptop of the same patient writes on top of it before the phone hears back.
    const [laptop] = (await mine.bulkDocs([{ ...edit, _rev: first!.rev, text: 'день 1, ночь (с ноутбука)' }])).body;
    assert.equal(laptop!.ok, true);
    assert.deepEqual((await mine.bulkDocs([edit])).body, [{ ok: true, id: id(), rev: first!.rev }]);
    const [different] = (await mine.bulkDocs([{ ...edit, text: 'совсем другое' }])).body;
    assert.equal(different!.error, 'conflict');
    assert.equal((await stored())['text'], 'день 1, ночь (с ноутбука)');
  });

  test('tells nothing to someone who cannot read the document', async () => {
    const current = await stored();
    const [answer] = (await theirs.bulkDocs([{ _id: id(), _rev: current['_rev'], patientId: patient.user.id, text: 'чужое' }])).body;
    assert.equal(answer!.error, 'forbidden');
  });
});
