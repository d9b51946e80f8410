import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULES } from '@oblako/modules';
import { diaryModule } from './helpers/diary-module';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { bearer, postJson, requestJson } from './helpers/http';
import { editOf, SyncClient, type ChangesBody, type CouchError } from './helpers/sync-client';


const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access edges of the authorised replication', () => {
  let server: TestServer;
  let patient: TestAccount;
  let doctor: TestAccount;
  let patientDiary: SyncClient;
  let doctorDiary: SyncClient;
  let patientToken: string;
  let doctorToken: string;

  before(async () => {
    server = await startTestServer({}, { modules: [...MODULES, diaryModule] });
    [patient, doctor] = await Promise.all([server.createAccount('patient'), server.createAccount('doctor')]);
    patientToken = (await server.signIn(patient.phone, patient.password)).accessToken;
    doctorToken = (await server.signIn(doctor.phone, doctor.password)).accessToken;
    patientDiary = new SyncClient(server.baseUrl, 'diary', patientToken);
    doctorDiary = new SyncClient(server.baseUrl, 'diary', doctorToken);
  });
  after(() => server.close());

  const write = async (client: SyncClient, docs: Record<string, unknown>[]) => {
    const { body } = await client.bulkDocs(docs);
    for (const row of body) assert.equal(row.ok, true, JSON.stringify(row));
  };

  test('after a revocation, a replayed checkpoint gets tombstones only for what the device could have had', async () => {
    const id = (local: string) => `${patient.user.id}:${local}`;
    const beforeAssignment = (await doctorDiary.changes({ since: 'now' })).body.last_seq;
    await write(patientDiary, ['a1', 'a2', 'a3'].map((local) => ({ _id: id(local), patientId: patient.user.id, text: `до отзыва ${local}` })));
    await server.app.access.assign(doctor.user.id, patient.user.id);
    const synced = await doctorDiary.pullAll(beforeAssignment);
    // The partition comes with the assignment (and again from the change log): the device has all three.
    assert.deepEqual([...new Set(synced.rows.filter((row) => !row.deleted).map((row) => row.id))].sort(), [id('a1'), id('a2'), id('a3')]);

    await server.app.access.revoke(doctor.user.id, patient.user.id);
    // After the revocation: two new documents and an edit of an old one.
    await write(patientDiary, ['secret-new-1', 'secret-new-2'].map((local) => ({ _id: id(local), patientId: patient.user.id, text: 'после отзыва' })));
    const a2 = (await patientDiary.read(id('a2')))!;
    await write(patientDiary, [editOf(a2, { text: 'правка после отзыва' })]);
    const a2Now = (await patientDiary.read(id('a2')))!;

    for (const [label, since] of [['the checkpoint after the sync', synced.lastSeq], ['a checkpoint from before the assignment', beforeAssignment]] as const) {
      const replay = await doctorDiary.pullAll(since, 2); // small pages: the resumption inside the partition too
      assert.deepEqual(replay.rows.map((row) => row.id).sort(), [id('a1'), id('a2'), id('a3')], label);
      for (const row of replay.rows) {
        assert.equal(row.deleted, true, label);
        assert.deepEqual(Object.keys(row.doc!).sort(), ['_deleted', '_id', '_rev'], label);
      }
      assert.equal(replay.rows.find((row) => row.id === id('a2'))!.doc!._rev, a2Now._rev, 'the current revision, so the device drops its copy');
      assert.doesNotMatch(JSON.stringify(replay.rows), /secret-new|после отзыва/, label);
    }
  });

  test('a singleton document (the profile, doctor settings) is one per owner: a second id is refused and nothing is stored', async () => {
    const profiles = new SyncClient(server.baseUrl, 'profiles', patientToken);
    const profile = (await profiles.read(`${patient.user.id}:profile`))!;
    const second = { ...editOf(profile), _id: `${patient.user.id}:profile2`, id: `${patient.user.id}:profile2` };
    delete second._rev;
    const { body } = await profiles.bulkDocs([second]);
    assert.equal(body[0]!.error, 'forbidden');
    assert.match(body[0]!.reason ?? '', /one document per owner.*:profile/);
    assert.equal(body[0]!.code, 'singleton_id');
    assert.equal((await profiles.allDocs([`${patient.user.id}:profile2`])).body.rows[0]!.error, 'not_found');
    const stored = await server.app.store.db('profiles').allDocs({ startkey: `${patient.user.id}:`, endkey: `${patient.user.id}:\ufff0` });
    assert.deepEqual(stored.rows.map((row) => row.id), [`${patient.user.id}:profile`]);

    const settings = new SyncClient(server.baseUrl, 'doctor_settings', doctorToken);
    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '09:00', end: '17:00' }]]));
    const fields = { doctorId: doctor.user.id, timeZone: 'Europe/Moscow', slotMinutes: 30, week, specialties: [], updatedAt: new Date().toISOString() };
    const own = await settings.bulkDocs([{ _id: `${doctor.user.id}:settings`, ...fields }]);
    assert.equal(own.body[0]!.ok, true, JSON.stringify(own.body[0]));
    const extra = await settings.bulkDocs([{ _id: `${doctor.user.id}:settings-2`, ...fields }]);
    assert.equal(extra.body[0]!.code, 'singleton_id');
  });

  test('_all_docs: keys that is not an array is 400, as in CouchDB', async () => {
    for (const keys of [`${patient.user.id}:profile`, 42, { a: 1 }, null]) {
      const response = await postJson<CouchError>(`${server.baseUrl}/sync/profiles/_all_docs`, { keys, include_docs: true }, bearer(patientToken));
      assert.equal(response.status, 400, JSON.stringify(keys));
      assert.equal(response.body.error, 'bad_request');
      assert.doesNotMatch(JSON.stringify(response.body), /"rows"/);
    }
    const good = await postJson<{ rows: unknown[] }>(`${server.baseUrl}/sync/profiles/_all_docs`, { keys: [`${patient.user.id}:profile`] }, bearer(patientToken));
    assert.equal(good.status, 200);
    assert.equal(good.body.rows.length, 1);
  });

  test('a checkpoint that is not ours is 400 on both changes routes; ours still works', async () => {
    const profiles = new SyncClient(server.baseUrl, 'profiles', patientToken);
    const ours = (await profiles.changes({ since: 'now' })).body.last_seq;
    const end = (await server.app.store.db('profiles').info()).update_seq as number;
    const accessEnd = (await server.app.store.db('access').info()).update_seq as number;
    const doctorProfiles = new SyncClient(server.baseUrl, 'profiles', doctorToken);
    const foreign: [string, SyncClient, string][] = [
      ['a string position in a store that counts with numbers', profiles, encode({ c: 'garbage' })],
      ['a number given as a string', profiles, encode({ c: String(end) })],
      ['a position beyond the end of the log', profiles, encode({ c: end + 1000 })],
      ['an access position that is not one', doctorProfiles, encode({ c: 0, a: 'zzz' })],
      ['an access position beyond the end', doctorProfiles, encode({ c: 0, a: accessEnd + 1000 })],
    ];
    for (const [label, client, since] of foreign) {
      const single = await client.changes({ since });
      assert.equal(single.status, 400, label);
      assert.equal((single.body as unknown as CouchError).error, 'bad_request', label);
      assert.doesNotMatch(JSON.stringify(single.body), new RegExp(since), `${label}: not echoed back`);
      const token = client === profiles ? patientToken : doctorToken;
      const multi = await postJson<CouchError>(`${server.baseUrl}/sync/_changes`, { feeds: { profiles: since }, timeout: 0 }, bearer(token));
      assert.equal(multi.status, 400, `${label} (multiplexed)`);
    }
    const fine = await profiles.changes({ since: ours });
    assert.equal(fine.status, 200);
    assert.equal((await profiles.changes({ since: 0 })).status, 200);
  });

  test('GET /sync/<c>/_changes of a collection the role cannot read is 403, as the multiplexed route answers', async () => {
    const single = await requestJson<CouchError>(`${server.baseUrl}/sync/doctor_settings/_changes`, { headers: bearer(patientToken) });
    assert.equal(single.status, 403);
    assert.equal(single.body.error, 'forbidden');
    const longpoll = await requestJson<CouchError>(`${server.baseUrl}/sync/doctor_settings/_changes?feed=longpoll&timeout=0`, { headers: bearer(patientToken) });
    assert.equal(longpoll.status, 403);
    const multi = await postJson<CouchError>(`${server.baseUrl}/sync/_changes`, { feeds: { doctor_settings: '0' }, timeout: 0 }, bearer(patientToken));
    assert.equal(multi.status, 403);
    const readable = await requestJson<ChangesBody>(`${server.baseUrl}/sync/doctor_settings/_changes`, { headers: bearer(doctorToken) });
    assert.equal(readable.status, 200, 'the doctor reads their own settings');
  });
});
