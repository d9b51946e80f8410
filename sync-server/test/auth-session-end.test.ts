import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { AUTH_API, type ApiError, type SessionResponse } from '@oblako/domain';
import { REVOCATION_CACHE_MS } from '../src/plugins/auth/index';
import { createSessionRevocations, REVOKED_PREFIX } from '../src/plugins/auth/session-revocations';
import { startCouchStandIn } from './helpers/couch-stand-in';
import { refreshCookieOf, startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { bearer, fromApp, postJson, requestJson } from './helpers/http';

/**
 * An access token ends with its session: sign-out, a refresh-token reuse (the family revoked)
 * and sign-out everywhere stop it at once on the instance that ended the session, and on the
 * others as soon as their feed of the store brings the revocation — at the latest after the
 * revocation cache time; a token that does not say when it ends is refused.
 */
describe('access tokens end with their session (one instance)', () => {
  let server: TestServer;
  let patient: TestAccount;

  before(async () => {
    server = await startTestServer({ refreshReuseLeewaySeconds: 0 });
    patient = await server.createAccount('patient');
  });
  after(() => server.close());

  const me = (accessToken: string) => requestJson<ApiError>(`${server.baseUrl}${AUTH_API.me}`, { headers: bearer(accessToken) });
  const refresh = (cookie: string) => requestJson<SessionResponse & ApiError>(`${server.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(cookie) });
  const signOut = (cookie: string) => requestJson(`${server.baseUrl}${AUTH_API.signOut}`, { method: 'POST', headers: fromApp(cookie) });

  const assertEnded = async (accessToken: string, label: string) => {
    const response = await me(accessToken);
    assert.equal(response.status, 401, label);
    assert.equal(response.body.code, 'session_expired', label);
    assert.equal(response.body.message, 'Сеанс завершён. Войдите снова.', label);
  };

  test('sign-out ends that session\'s access token at once; another session of the person goes on', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const other = await server.signIn(patient.phone, patient.password);
    assert.equal((await me(session.accessToken)).status, 200, 'working (and cached as live) before the sign-out');
    assert.equal((await signOut(session.cookie)).status, 204);
    await assertEnded(session.accessToken, 'the signed-out session');
    const sync = await requestJson(`${server.baseUrl}/sync/profiles/_changes?feed=normal`, { headers: bearer(session.accessToken) });
    assert.equal(sync.status, 401, 'replication refuses it too');
    assert.equal((await me(other.accessToken)).status, 200, 'the other sign-in is unaffected');
  });

  test('a waiting longpoll of the session is answered, empty, the moment it signs out', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const first = await requestJson<{ last_seq: string }>(`${server.baseUrl}/sync/profiles/_changes?feed=normal`, { headers: bearer(session.accessToken) });
    const started = Date.now();
    const waiting = requestJson<{ results: unknown[] }>(
      `${server.baseUrl}/sync/profiles/_changes?feed=longpoll&timeout=60000&since=${first.body.last_seq}`,
      { headers: bearer(session.accessToken) },
    );
    await server.app.replicationWaits.until(1);
    assert.equal((await signOut(session.cookie)).status, 204);
    const answered = await waiting;
    assert.equal(answered.status, 200);
    assert.deepEqual(answered.body.results, []);
    assert.ok(Date.now() - started < 30_000, 'long before its 60 s timeout');
  });

  test('a reused refresh token ends the access tokens of the whole family, old and new', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const rotated = await refresh(session.cookie);
    assert.equal(rotated.status, 200);
    assert.equal((await me(session.accessToken)).status, 200);
    assert.equal((await me(rotated.body.accessToken)).status, 200);

    const replay = await refresh(session.cookie);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'refresh_reused');
    await assertEnded(session.accessToken, 'the first access token of the family');
    await assertEnded(rotated.body.accessToken, 'the access token the thief may have got');
    assert.equal(refreshCookieOf(replay.response), null, 'no new cookie');
  });

  test('sign-out everywhere ends every access token of the person at once', async () => {
    const person = await server.createAccount('doctor');
    const phone = await server.signIn(person.phone, person.password);
    const laptop = await server.signIn(person.phone, person.password);
    const ended = await postJson(`${server.baseUrl}${AUTH_API.signOutEverywhere}`, {}, bearer(phone.accessToken));
    assert.equal(ended.status, 204);
    await assertEnded(phone.accessToken, 'this device');
    await assertEnded(laptop.accessToken, 'the other device');
  });
});

describe('a token must say when it ends', () => {
  let server: TestServer;
  let patient: TestAccount;
  let key: Uint8Array;

  before(async () => {
    server = await startTestServer();
    patient = await server.createAccount('patient');
    key = new TextEncoder().encode(server.config.jwtSecret);
  });
  after(() => server.close());

  /** A token signed with the server's own key (as if the key leaked into a buggy issuer). */
  const forge = async (sid: string, times: { iat?: number; exp?: number }) => {
    let jwt = new SignJWT({ role: 'patient', sid, gen: 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(patient.user.id)
      .setIssuer('oblako')
      .setAudience('oblako-api');
    if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
    if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
    return jwt.sign(key);
  };
  const me = (token: string) => requestJson<ApiError>(`${server.baseUrl}${AUTH_API.me}`, { headers: bearer(token) });

  test('refused: no exp, no iat, iat in the future, a lifetime longer than ours; a well-formed one passes', async () => {
    const { cookie } = await server.signIn(patient.phone, patient.password);
    assert.ok(cookie);
    const sid = randomBytes(8).toString('hex');
    const now = Math.floor(Date.now() / 1000);
    const ttl = server.config.accessTokenTtlSeconds;
    const cases: [string, { iat?: number; exp?: number }][] = [
      ['without exp', { iat: now }],
      ['without iat', { exp: now + 60 }],
      ['iat an hour in the future', { iat: now + 3600, exp: now + 3600 + 60 }],
      ['iat in the future, exp soon', { iat: now + 600, exp: now + 60 }],
      ['issued two lifetimes ago with a far exp', { iat: now - 2 * ttl, exp: now + 86_400 }],
    ];
    for (const [label, times] of cases) {
      const response = await me(await forge(sid, times));
      assert.equal(response.status, 401, label);
      assert.equal(response.body.code, 'session_expired', label);
    }
    assert.equal((await me(await forge(sid, { iat: now, exp: now + 60 }))).status, 200, 'the control: same key, exp and iat now');
  });
});

describe('the revocation cache without the feed', () => {
  test('a revocation only in the store (the feed lagging) is seen once the cached answer is older than the cache time', async () => {
    const server = await startTestServer();
    try {
      const sessions = server.app.store.db('sessions');
      const cacheMs = 300;
      const revocations = createSessionRevocations(sessions, { accessTokenTtlSeconds: 900, cacheMs });
      const sid = randomBytes(8).toString('hex');
      assert.equal(await revocations.isRevoked(sid), false, 'live, and cached as live');
      await sessions.put({ _id: REVOKED_PREFIX + sid, type: 'family_revocation', accountId: 'x', reason: 'sign_out', revokedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      const writtenAt = Date.now();
      while (!(await revocations.isRevoked(sid))) {
        assert.ok(Date.now() - writtenAt < cacheMs * 20, 'seen within the cache time (generous bound for a loaded machine)');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      console.log(`revocation written only in the store seen after ${Date.now() - writtenAt} ms (cache ${cacheMs} ms)`);
      assert.equal(await revocations.isRevoked(sid), true, 'and stays revoked');
    } finally {
      await server.close();
    }
  });
});

describe('two instances on one store', () => {
  let couch: Awaited<ReturnType<typeof startCouchStandIn>>;
  let first: TestServer;
  let second: TestServer;
  let patient: TestAccount;

  before(async () => {
    couch = await startCouchStandIn();
    const shared = { couchUrl: couch.url, dbPrefix: 'shared_', jwtSecret: randomBytes(32).toString('base64url'), refreshReuseLeewaySeconds: 0 };
    first = await startTestServer(shared);
    second = await startTestServer(shared);
    patient = await first.createAccount('patient');
  });
  after(async () => {
    await second?.close();
    await first?.close();
    await couch?.close();
  });

  const me = (server: TestServer, token: string) => requestJson<ApiError>(`${server.baseUrl}${AUTH_API.me}`, { headers: bearer(token) });

  /** Polls (no fixed pause) until the other instance refuses the token; returns how long it took. */
  const refusedWithin = async (server: TestServer, token: string, limitMs: number): Promise<number> => {
    const started = Date.now();
    for (;;) {
      const { status } = await me(server, token);
      if (status === 401) return Date.now() - started;
      assert.equal(status, 200);
      assert.ok(Date.now() - started < limitMs, `still accepted after ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  test('sign-out on one instance: refused there at once, on the other within the cache time (its feed brings it sooner)', async () => {
    const session = await first.signIn(patient.phone, patient.password);
    assert.equal((await me(second, session.accessToken)).status, 200, 'the other instance accepts it (and caches it as live)');
    const signedOutAt = Date.now();
    assert.equal((await requestJson(`${first.baseUrl}${AUTH_API.signOut}`, { method: 'POST', headers: fromApp(session.cookie) })).status, 204);
    assert.equal((await me(first, session.accessToken)).status, 401, 'at once where it signed out');
    // Generous bound for a loaded machine: the cache time plus the requests' own latency.
    const tookMs = await refusedWithin(second, session.accessToken, REVOCATION_CACHE_MS * 4);
    assert.ok(Date.now() - signedOutAt >= 0);
    console.log(`other instance refused the signed-out token after ${tookMs} ms (cache ${REVOCATION_CACHE_MS} ms)`);
  });

  test('a refresh-token reuse on one instance ends the family on the other', async () => {
    const session = await first.signIn(patient.phone, patient.password);
    const rotated = await requestJson<SessionResponse>(`${second.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(session.cookie) });
    assert.equal(rotated.status, 200);
    assert.equal((await me(first, rotated.body.accessToken)).status, 200);
    const replay = await requestJson<ApiError>(`${second.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(session.cookie) });
    assert.equal(replay.body.code, 'refresh_reused');
    assert.equal((await me(second, rotated.body.accessToken)).status, 401, 'at once on the instance that saw the reuse');
    await refusedWithin(first, rotated.body.accessToken, REVOCATION_CACHE_MS * 4);
  });

  test('a longpoll waiting on the other instance ends, empty, when the session signs out', async () => {
    const session = await first.signIn(patient.phone, patient.password);
    const start = await requestJson<{ last_seq: string }>(`${second.baseUrl}/sync/profiles/_changes?feed=normal`, { headers: bearer(session.accessToken) });
    const waiting = requestJson<{ results: unknown[] }>(
      `${second.baseUrl}/sync/profiles/_changes?feed=longpoll&timeout=60000&since=${start.body.last_seq}`,
      { headers: bearer(session.accessToken) },
    );
    await second.app.replicationWaits.until(1);
    const signedOutAt = Date.now();
    assert.equal((await requestJson(`${first.baseUrl}${AUTH_API.signOut}`, { method: 'POST', headers: fromApp(session.cookie) })).status, 204);
    const answered = await waiting;
    const tookMs = Date.now() - signedOutAt;
    console.log(`longpoll on the other instance answered ${tookMs} ms after the sign-out`);
    assert.equal(answered.status, 200);
    assert.deepEqual(answered.body.results, []);
    assert.ok(tookMs < 30_000, 'long before its own 60 s timeout');
  });

  test('sign-out everywhere on one instance: refused on both at once (the account is read every request), waiting longpolls on both end', async () => {
    const session = await first.signIn(patient.phone, patient.password);
    const other = await second.signIn(patient.phone, patient.password);
    assert.equal((await me(second, session.accessToken)).status, 200);
    const wait = async (server: TestServer, token: string) => {
      const start = await requestJson<{ last_seq: string }>(`${server.baseUrl}/sync/profiles/_changes?feed=normal`, { headers: bearer(token) });
      return requestJson<{ results: unknown[] }>(`${server.baseUrl}/sync/profiles/_changes?feed=longpoll&timeout=60000&since=${start.body.last_seq}`, { headers: bearer(token) });
    };
    const waits = [wait(first, session.accessToken), wait(second, other.accessToken)];
    await Promise.all([first.app.replicationWaits.until(1), second.app.replicationWaits.until(1)]);
    const endedAt = Date.now();
    assert.equal((await postJson(`${first.baseUrl}${AUTH_API.signOutEverywhere}`, {}, bearer(session.accessToken))).status, 204);
    assert.equal((await me(second, session.accessToken)).status, 401);
    assert.equal((await me(first, other.accessToken)).status, 401);
    for (const answered of await Promise.all(waits)) {
      assert.equal(answered.status, 200);
      assert.deepEqual(answered.body.results, []);
    }
    console.log(`both waiting longpolls answered ${Date.now() - endedAt} ms after sign-out everywhere`);
    assert.ok(Date.now() - endedAt < 30_000, 'long before their own 60 s timeout');
  });
});
