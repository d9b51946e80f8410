import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_API } from '@oblako/domain';
import { purgeExpired } from '../src/plugins/auth/index';
import { startTestServer, type TestServer } from './helpers/test-server';
import { fromApp, postJson, requestJson } from './helpers/http';

const DAY = 86_400_000;
let server: TestServer;
before(async () => {
  server = await startTestServer({ refreshTokenTtlDays: 30, signInWindowSeconds: 900 });
});
after(() => server.close());

test('expired refresh tokens and sign-in counters are deleted; live ones stay', async () => {
  const patient = await server.createAccount('patient');
  await postJson(`${server.baseUrl}${AUTH_API.signIn}`, { phone: '+79035550303', password: 'wrong-password' });
  const session = await server.signIn(patient.phone, patient.password);
  const sessions = server.app.store.db('sessions');
  const attempts = server.app.store.db('sign_in_attempts');

  assert.equal(await purgeExpired(sessions), 0, 'nothing has expired yet');
  assert.equal(await purgeExpired(attempts), 0);
  assert.equal((await attempts.allDocs()).rows.filter((row) => !row.id.startsWith('_design/')).length, 1);
  assert.ok((await attempts.allDocs()).rows.every((row) => !row.id.includes('+7')), 'no phone numbers in ids');

  assert.equal(await purgeExpired(attempts, new Date(Date.now() + DAY)), 1);
  assert.equal(await purgeExpired(sessions, new Date(Date.now() + 31 * DAY)), 1);
  const refresh = await requestJson(`${server.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(session.cookie) });
  assert.equal(refresh.status, 401, 'a purged token is simply unknown');
});
