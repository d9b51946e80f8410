import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_API } from '@oblako/domain';
import { startCouchStandIn } from './helpers/couch-stand-in';
import { startTestServer, type TestServer } from './helpers/test-server';
import { bearer, fromApp, requestJson } from './helpers/http';

/** With COUCH_URL the same server code runs over PouchDB's HTTP adapter against CouchDB. */
let couch: Awaited<ReturnType<typeof startCouchStandIn>>;
let server: TestServer;
before(async () => {
  couch = await startCouchStandIn();
  server = await startTestServer({ couchUrl: couch.url, dbPrefix: 'clinic_' });
});
after(async () => {
  await server.close();
  await couch.close();
});

test('auth, health, design docs and the profile module work over the CouchDB protocol', async () => {
  assert.deepEqual((await requestJson(`${server.baseUrl}/health`)).body, { status: 'ok', store: 'ok' });
  const patient = await server.createAccount('patient');
  const session = await server.signIn(patient.phone, patient.password);
  const refresh = await requestJson(`${server.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(session.cookie) });
  assert.equal(refresh.status, 200);

  const changes = await requestJson<{ results: { id: string }[] }>(`${server.baseUrl}/sync/profiles/_changes?feed=normal&include_docs=true`, { headers: bearer(session.accessToken) });
  assert.equal(changes.status, 200);
  assert.deepEqual(changes.body.results.map((row) => row.id), [`${patient.user.id}:profile`]);

  for (const name of ['clinic_users', 'clinic_sessions', 'clinic_sign_in_attempts', 'clinic_profiles']) {
    assert.equal((await requestJson(`${couch.url}/${name}`)).status, 200, `${name} exists, with the configured prefix`);
  }
  const design = (await (await fetch(`${couch.url}/clinic_sessions/_design/expiry`)).json()) as { _id: string; views: object };
  assert.equal(design._id, '_design/expiry');
  assert.ok('by_time' in design.views);
});
