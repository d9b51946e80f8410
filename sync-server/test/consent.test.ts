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

const withdrawalUrl = () => `${server.baseUrl}${CONSENT_API.withdrawal}`;

test('withdrawal: recorded next to the acceptance, every session of the account ends, the next sign-in asks again; others keep theirs', async () => {
  const other = await server.createAccount('patient');
  const otherToken = (await server.signIn(other.phone, other.password)).accessToken;
  await postJson(url(), { version: CONSENT_VERSION }, bearer(otherToken));

  const person = await server.createAccount('patient');
  const phoneToken = (await server.signIn(person.phone, person.password)).accessToken;
  const laptopToken = (await server.signIn(person.phone, person.password)).accessToken;
  const accepted = await postJson<ConsentStatus>(url(), { version: CONSENT_VERSION }, bearer(phoneToken));
  assert.equal(accepted.body.accepted, true);

  const before = Date.now();
  const withdrawn = await postJson<ConsentStatus>(withdrawalUrl(), { version: CONSENT_VERSION }, { ...bearer(phoneToken), 'user-agent': 'phone-browser' });
  assert.equal(withdrawn.status, 200);
  assert.equal(withdrawn.body.accepted, false);
  assert.ok(withdrawn.body.withdrawnAt && Date.parse(withdrawn.body.withdrawnAt) >= before - 1000);
  assert.equal(await server.app.consent.hasAccepted(person.user.id), false);

  // The evidence of both steps stays: what was accepted when, and when and from where it was withdrawn.
  const record = await server.app.consent.lastWithdrawal(person.user.id);
  assert.ok(record);
  assert.equal(record.acceptedAt, accepted.body.acceptedAt);
  assert.equal(record.textSha256, CONSENT_TEXT_SHA256);
  assert.equal(record.withdrawal.userAgent, 'phone-browser');
  assert.equal(record.withdrawal.ip, '127.0.0.1');

  // Both devices are signed out at once.
  assert.equal((await requestJson(url(), { headers: bearer(phoneToken) })).status, 401);
  assert.equal((await requestJson(url(), { headers: bearer(laptopToken) })).status, 401);
  // Another patient's consent is untouched.
  assert.equal(await server.app.consent.hasAccepted(other.user.id), true);

  // Signing in again: no consent, the withdrawal is shown; consenting again counts anew.
  const again = (await server.signIn(person.phone, person.password)).accessToken;
  const shown = await requestJson<ConsentStatus>(url(), { headers: bearer(again) });
  assert.equal(shown.body.accepted, false);
  assert.equal(shown.body.withdrawnAt, withdrawn.body.withdrawnAt);
  const renewed = await postJson<ConsentStatus>(url(), { version: CONSENT_VERSION }, bearer(again));
  assert.equal(renewed.body.accepted, true);
  assert.notEqual(renewed.body.acceptedAt, accepted.body.acceptedAt);
  assert.equal(renewed.body.withdrawnAt, undefined);
  assert.ok(await server.app.consent.lastWithdrawal(person.user.id), 'the old withdrawal stays on record');
});

test('withdrawal refused: nothing to withdraw (409), an outdated version (409, consent kept), bad bodies (400), staff (403), anonymous (401)', async () => {
  const person = await server.createAccount('patient');
  const personToken = (await server.signIn(person.phone, person.password)).accessToken;
  const none = await postJson<ApiError>(withdrawalUrl(), { version: CONSENT_VERSION }, bearer(personToken));
  assert.equal(none.status, 409);
  assert.equal(none.body.code, 'consent_not_given');
  assert.match(none.body.message, /Согласие не было дано/);

  await postJson(url(), { version: CONSENT_VERSION }, bearer(personToken));
  const outdated = await postJson<ApiError>(withdrawalUrl(), { version: '2000-01-01' }, bearer(personToken));
  assert.equal(outdated.status, 409);
  assert.equal(outdated.body.code, 'consent_outdated');
  assert.equal(await server.app.consent.hasAccepted(person.user.id), true);
  assert.equal((await postJson(withdrawalUrl(), {}, bearer(personToken))).status, 400);
  assert.equal((await postJson(withdrawalUrl(), { version: CONSENT_VERSION, patientId: 'x' }, bearer(personToken))).status, 400);
  assert.equal(await server.app.consent.hasAccepted(person.user.id), true);

  const doctor = await server.createAccount('doctor');
  const doctorToken = (await server.signIn(doctor.phone, doctor.password)).accessToken;
  assert.equal((await postJson(withdrawalUrl(), { version: CONSENT_VERSION }, bearer(doctorToken))).status, 403);
  assert.equal((await postJson(withdrawalUrl(), { version: CONSENT_VERSION })).status, 401);
});
