import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_API, type ApiError, type SessionResponse } from '@oblako/domain';
import { refreshCookieOf, startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { bearer, fromApp, requestJson } from './helpers/http';

/** Refresh-token rotation, reuse detection and sign-out, with no leeway for reuse. */
describe('refresh rotation and sign-out', () => {
  let server: TestServer;
  let patient: TestAccount;

  before(async () => {
    server = await startTestServer({ refreshReuseLeewaySeconds: 0 });
    patient = await server.createAccount('patient');
  });
  after(() => server.close());

  const refresh = (headers: Record<string, string>) =>
    requestJson<SessionResponse & ApiError>(`${server.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers });
  const me = (accessToken: string) => requestJson(`${server.baseUrl}${AUTH_API.me}`, { headers: bearer(accessToken) });
  const post = (path: string, headers: Record<string, string>) => requestJson<ApiError>(`${server.baseUrl}${path}`, { method: 'POST', headers });

  test('every refresh rotates the cookie and returns a working access token', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    let cookie = session.cookie;
    const seen = new Set([cookie]);
    for (let i = 0; i < 3; i++) {
      const { status, body, response } = await refresh(fromApp(cookie));
      assert.equal(status, 200);
      assert.equal(body.user.id, patient.user.id);
      assert.equal((await me(body.accessToken)).status, 200);
      const next = refreshCookieOf(response);
      assert.ok(next, 'a new refresh cookie');
      assert.ok(!seen.has(next), 'never the same token twice');
      seen.add(next);
      cookie = next;
    }
  });

  test('a used token presented again ends the whole family: refresh_reused, and the new token dies too', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const first = await refresh(fromApp(session.cookie));
    assert.equal(first.status, 200);
    const rotated = refreshCookieOf(first.response) ?? '';

    const replay = await refresh(fromApp(session.cookie));
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'refresh_reused');
    assert.equal(replay.body.message, 'Сеанс завершён из соображений безопасности. Войдите снова.');
    assert.match(replay.headers.getSetCookie()[0] ?? '', /^oblako_refresh=;.*Expires=Thu, 01 Jan 1970/, 'the cookie is cleared');

    const legit = await refresh(fromApp(rotated));
    assert.equal(legit.status, 401, 'the thief may hold the rotated one: it is revoked as well');
    assert.equal(legit.body.code, 'refresh_reused');

    const other = await server.signIn(patient.phone, patient.password);
    assert.equal((await refresh(fromApp(other.cookie))).status, 200, 'other sign-ins (families) are unaffected');
  });

  test('refresh requires the client header (CSRF) and a cookie', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const noHeader = await refresh({ cookie: session.cookie });
    assert.equal(noHeader.status, 403);
    assert.equal(noHeader.body.code, 'forbidden');
    const wrongValue = await refresh({ cookie: session.cookie, 'x-oblako-client': 'yes' });
    assert.equal(wrongValue.status, 403);
    assert.equal((await refresh({ 'x-oblako-client': '1' })).status, 401);
    for (const cookie of ['oblako_refresh=garbage', 'oblako_refresh=00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const { status, body } = await refresh(fromApp(cookie));
      assert.equal(status, 401, cookie);
      assert.equal(body.code, 'session_expired');
    }
    const [tokenId = ''] = session.cookie.slice('oblako_refresh='.length).split('.');
    const forged = await refresh(fromApp(`oblako_refresh=${tokenId}.${'A'.repeat(43)}`));
    assert.equal(forged.status, 401, 'a known token id with a wrong secret');
    assert.equal((await refresh(fromApp(session.cookie))).status, 200, '...did not burn the real token');
  });

  test('sign-out ends the family and clears the cookie; it is idempotent', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    assert.equal((await post(AUTH_API.signOut, { cookie: session.cookie })).status, 403, 'needs the client header');
    const out = await post(AUTH_API.signOut, fromApp(session.cookie));
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0] ?? '', /^oblako_refresh=;/);
    const after = await refresh(fromApp(session.cookie));
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'session_expired');
    assert.equal((await post(AUTH_API.signOut, fromApp(session.cookie))).status, 204);
    assert.equal((await post(AUTH_API.signOut, { 'x-oblako-client': '1' })).status, 204, 'no cookie: nothing to end');
  });

  test('sign-out everywhere ends every session, including access tokens already issued', async () => {
    const person = await server.createAccount('doctor');
    const phone = await server.signIn(person.phone, person.password);
    const laptop = await server.signIn(person.phone, person.password);
    assert.equal((await post(AUTH_API.signOutEverywhere, {})).status, 401, 'needs an access token');

    const out = await post(AUTH_API.signOutEverywhere, bearer(laptop.accessToken));
    assert.equal(out.status, 204);
    for (const device of [phone, laptop]) {
      const token = await me(device.accessToken);
      assert.equal(token.status, 401);
      assert.equal((await refresh(fromApp(device.cookie))).status, 401);
    }
    const fresh = await server.signIn(person.phone, person.password);
    assert.equal((await me(fresh.accessToken)).status, 200, 'signing in right afterwards works');
    assert.equal((await refresh(fromApp(fresh.cookie))).status, 200);
  });
});

describe('two tabs refreshing at once', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ refreshReuseLeewaySeconds: 10 });
  });
  after(() => server.close());

  test('within the leeway both get a session and the family lives on', async () => {
    const patient = await server.createAccount('patient');
    const session = await server.signIn(patient.phone, patient.password);
    const headers = fromApp(session.cookie);
    const url = `${server.baseUrl}${AUTH_API.refresh}`;
    const [a, b] = await Promise.all([
      requestJson<SessionResponse>(url, { method: 'POST', headers }),
      requestJson<SessionResponse>(url, { method: 'POST', headers }),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const cookieA = refreshCookieOf(a.response) ?? '';
    const cookieB = refreshCookieOf(b.response) ?? '';
    assert.notEqual(cookieA, cookieB);
    // Whichever cookie the browser kept keeps working.
    assert.equal((await requestJson(url, { method: 'POST', headers: fromApp(cookieA) })).status, 200);
    assert.equal((await requestJson(url, { method: 'POST', headers: fromApp(cookieB) })).status, 200);
  });
});
