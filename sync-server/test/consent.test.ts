import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT_API, CONSENT_TEXT, CONSENT_VERSION, type ApiError, type ConsentStatus } from '@oblako/domain';
import { CONSENT_TEXT_SHA256 } from '../src/plugins/consent/consents';
import { CONSENTS_DB } from '../src/plugins/consent/index';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { bearer, postJson, requestJson } from './helpers/http';

let server: TestServer;
let patient: TestAccount;
let token: string;

before(async () => {
  server = await startTestServer();
  patient = await server.createAccount('patient');
  token = (await server.signIn(patient.phone, patient.password)).accessToken;
});
after(() => server.close());

const url = () => `${server.baseUrl}${CONSENT_API.current}`;

test('a new patient has not consented and is shown the current text', async () => {
  const { status, body } = await requestJson<ConsentStatus>(url(), { headers: bearer(token) });
  assert.equal(status, 200);
  assert.equal(body.accepted, false);
  assert.equal(body.version, CONSENT_VERSION);
  assert.deepEqual(body.text.ru, [...CONSENT_TEXT.ru]);
  assert.equal(await server.app.consent.hasAccepted(patient.user.id), false);
});

test('accepting an outdated version is refused and records nothing', async () => {
  const { status, body } = await postJson<ApiError>(url(), { version: '2000-01-01' }, bearer(token));
  assert.equal(status, 409);
  assert.equal(body.code, 'consent_outdated');
  assert.equal(await server.app.consent.hasAccepted(patient.user.id), false);
});

test('acceptance records who, which text, when and from where; accepting again keeps the first record', async () => {
  const before = Date.now();
  const first = await postJson<ConsentStatus>(url(), { version: CONSENT_VERSION }, { ...bearer(token), 'user-agent': 'e2e-phone' });
  assert.equal(first.status, 200);
  assert.equal(first.body.accepted, true);
  const stored = await server.app.consent.current(patient.user.id);
  assert.ok(stored);
  assert.equal(stored.userId, patient.user.id);
  assert.equal(stored.version, CONSENT_VERSION);
  assert.equal(stored.textSha256, CONSENT_TEXT_SHA256);
  assert.equal(stored.userAgent, 'e2e-phone');
  assert.equal(stored.ip, '127.0.0.1');
  assert.ok(Date.parse(stored.acceptedAt) >= before - 1000);

  const again = await postJson<ConsentStatus>(url(), { version: CONSENT_VERSION }, bearer(token));
  assert.equal(again.body.acceptedAt, first.body.acceptedAt);
  const all = await server.app.store.db(CONSENTS_DB).allDocs();
  assert.equal(all.rows.filter((row) => row.id.startsWith('consent:')).length, 1);
});

test('staff give no consent of their own; anonymous callers are refused; bad bodies get 400', async () => {
  const doctor = await server.createAccount('doctor');
  const doctorToken = (await server.signIn(doctor.phone, doctor.password)).accessToken;
  assert.equal((await requestJson(url(), { headers: bearer(doctorToken) })).status, 403);
  assert.equal((await requestJson(url())).status, 401);
  assert.equal((await postJson<ApiError>(url(), { version: CONSENT_VERSION, extra: 1 }, bearer(token))).status, 400);
  assert.equal((await postJson<ApiError>(url(), {}, bearer(token))).status, 400);
});
