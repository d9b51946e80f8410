import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOME_API, type SupportContacts } from '../../modules/home/index';
import { startTestServer, type TestServer } from './helpers/test-server';
import { bearer, requestJson } from './helpers/http';

let server: TestServer;
before(async () => {
  server = await startTestServer({ supportPhone: '8 (900) 123-45-67', supportEmail: 'help@oblako.example.ru' });
});
after(() => server.close());

test('a signed-in patient reads the support contacts (phone as E.164); anonymous callers are refused', async () => {
  const patient = await server.createAccount('patient');
  const token = (await server.signIn(patient.phone, patient.password)).accessToken;
  const { status, body } = await requestJson<SupportContacts>(`${server.baseUrl}${HOME_API.support}`, { headers: bearer(token) });
  assert.equal(status, 200);
  assert.deepEqual(body, { phone: '+79001234567', email: 'help@oblako.example.ru' });
  assert.equal((await requestJson(`${server.baseUrl}${HOME_API.support}`)).status, 401);
  assert.equal((await requestJson(`${server.baseUrl}${HOME_API.support}?x=1`, { headers: bearer(token) })).status, 400);
});

test('without SUPPORT_* set: an empty answer, which the page turns into «Контакты поддержки ещё не указаны»', async () => {
  const bare = await startTestServer();
  try {
    const patient = await bare.createAccount('patient');
    const token = (await bare.signIn(patient.phone, patient.password)).accessToken;
    const { status, body } = await requestJson<SupportContacts>(`${bare.baseUrl}${HOME_API.support}`, { headers: bearer(token) });
    assert.equal(status, 200);
    assert.deepEqual(body, {});
  } finally {
    await bare.close();
  }
});
