import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AUTH_API, errorMessage, type ApiError, type SessionResponse, type SessionUser } from '@oblako/domain';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { bearer, fromApp, postJson, requestJson } from './helpers/http';

describe('sign-in, /me and access tokens', () => {
  let server: TestServer;
  let patient: TestAccount;

  before(async () => {
    server = await startTestServer();
    patient = await server.createAccount('patient', { phone: '+79161234567', name: 'Иванова Мария Петровна' });
  });
  after(() => server.close());

  const signIn = (body: unknown, headers: Record<string, string> = {}) => postJson<SessionResponse & ApiError>(`${server.baseUrl}${AUTH_API.signIn}`, body, headers);
  const me = (headers: Record<string, string>) => requestJson<SessionUser & ApiError>(`${server.baseUrl}${AUTH_API.me}`, { headers });

  test('a correct phone and password give a session and an httpOnly refresh cookie', async () => {
    const { status, body, headers } = await signIn({ phone: patient.phone, password: patient.password });
    assert.equal(status, 200);
    assert.deepEqual(body.user, { id: patient.user.id, role: 'patient', phone: '+79161234567', name: 'Иванова Мария Петровна' });
    assert.match(body.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const expiresIn = Date.parse(body.accessTokenExpiresAt) - Date.now();
    assert.ok(expiresIn > 800_000 && expiresIn <= 900_000, `access token lives ~15 min, got ${expiresIn} ms`);
    assert.equal(headers.get('cache-control'), 'no-store');
    const [cookie = ''] = headers.getSetCookie();
    assert.match(cookie, /^oblako_refresh=[0-9a-f-]{36}\.[\w-]{43};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/api\/auth/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http on loopback: a Secure cookie would never come back');
  });

  test('a field the API does not know is refused, not silently dropped', async () => {
    const { status, body } = await signIn({ phone: patient.phone, password: patient.password, role: 'admin' });
    assert.equal(status, 400);
    assert.equal(body.code, 'validation');
    assert.equal(body.accessToken, undefined);
  });

  test('the phone may be typed the way people type it', async () => {
    for (const phone of ['8 (916) 123-45-67', '+7 916 123 45 67', '9161234567']) {
      const { status, body } = await signIn({ phone, password: patient.password });
      assert.equal(status, 200, phone);
      assert.equal(body.user.id, patient.user.id);
    }
  });

  test('a wrong password and an unknown phone get the same 401 in Russian', async () => {
    const wrong = await signIn({ phone: patient.phone, password: 'not-the-password' });
    const unknown = await signIn({ phone: '+79035550000', password: 'whatever-password' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, { code: 'invalid_credentials', message: 'Неверный номер телефона или пароль.' });
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(wrong.headers.getSetCookie().length, 0);
  });

  test('errors are in English when the client asks for it', async () => {
    const { body } = await signIn({ phone: patient.phone, password: 'not-the-password' }, { 'accept-language': 'en-US,en;q=0.9' });
    assert.equal(body.message, errorMessage('invalid_credentials', 'en'));
  });

  test('a phone that is not a phone number is a 400 about the phone field', async () => {
    for (const phone of ['hello', '123', '+7 900', '8 800 АБВ-ГД-ЕЖ']) {
      const { status, body } = await signIn({ phone, password: 'whatever-password' });
      assert.equal(status, 400, phone);
      assert.deepEqual(body, { code: 'invalid_phone', message: errorMessage('invalid_phone', 'ru'), field: 'phone' });
    }
  });

  test('a body that does not match the schema is a 400 naming the field', async () => {
    const missing = await signIn({ phone: patient.phone });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { code: 'validation', message: 'Проверьте введённые данные.', field: 'password' });
    const empty = await signIn({ phone: patient.phone, password: '' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.field, 'password');
    const tooLong = await signIn({ phone: patient.phone, password: 'x'.repeat(257) });
    assert.equal(tooLong.status, 400);
    const notAnObject = await signIn(['+79161234567', 'x']);
    assert.equal(notAnObject.status, 400);
    assert.equal(notAnObject.body.code, 'validation');
  });

  test('/me answers who the access token belongs to', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const { status, body } = await me(bearer(session.accessToken));
    assert.equal(status, 200);
    assert.deepEqual(body, session.user);
  });

  test('no token, a malformed header or a tampered token → 401', async () => {
    const session = await server.signIn(patient.phone, patient.password);
    const [header = '', payload = '', signature = ''] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const cases: Record<string, Record<string, string>> = {
      'no header': {},
      'not bearer': { authorization: `Basic ${session.accessToken}` },
      'garbage': bearer('not-a-token'),
      'role changed': bearer(`${header}.${forgedPayload}.${signature}`),
      'signature cut': bearer(`${header}.${payload}.`),
    };
    for (const [name, headers] of Object.entries(cases)) {
      const { status, body } = await me(headers);
      assert.equal(status, 401, name);
      assert.ok(['unauthorized', 'session_expired'].includes(body.code), name);
    }
  });

  test('expired tokens, other algorithms, issuers and audiences → 401', async () => {
    const key = new TextEncoder().encode(server.config.jwtSecret);
    const claims = { role: 'patient', sid: 'x', gen: 0 };
    const now = Math.floor(Date.now() / 1000);
    const sign = (alg: string, options: { iss?: string; aud?: string; exp?: number } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg }).setSubject(patient.user.id).setIssuer(options.iss ?? 'oblako')
        .setAudience(options.aud ?? 'oblako-api').setIssuedAt(now - 60).setExpirationTime(options.exp ?? now + 600).sign(key);
    const tokens = {
      expired: await sign('HS256', { exp: now - 60 }),
      hs512: await sign('HS512'),
      'wrong issuer': await sign('HS256', { iss: 'someone-else' }),
      'wrong audience': await sign('HS256', { aud: 'other-api' }),
      'alg none': new UnsecuredJWT(claims).setSubject(patient.user.id).setIssuer('oblako').setAudience('oblako-api').setExpirationTime(now + 600).encode(),
      'other secret': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(patient.user.id).setIssuer('oblako')
        .setAudience('oblako-api').setExpirationTime(now + 600).sign(new TextEncoder().encode('another-secret-another-secret-another')),
    };
    const valid = await sign('HS256');
    assert.equal((await me(bearer(valid))).status, 200, 'control: a well-formed token with the server key works');
    for (const [name, token] of Object.entries(tokens)) {
      const { status, body } = await me(bearer(token));
      assert.equal(status, 401, name);
      assert.equal(body.code, 'session_expired', name);
    }
  });

  test('the role comes from the account, not from the token', async () => {
    const doctor = await server.createAccount('doctor');
    const session = await server.signIn(doctor.phone, doctor.password);
    assert.equal((await me(bearer(session.accessToken))).body.role, 'doctor');
  });

  test('a disabled account cannot sign in, refresh, or use a token it already has', async () => {
    const person = await server.createAccount('patient');
    const session = await server.signIn(person.phone, person.password);
    await server.app.accounts.setDisabled(person.user.id, true);

    const token = await me(bearer(session.accessToken));
    assert.equal(token.status, 401);
    assert.equal(token.body.code, 'account_disabled');
    const refresh = await requestJson<ApiError>(`${server.baseUrl}${AUTH_API.refresh}`, { method: 'POST', headers: fromApp(session.cookie) });
    assert.equal(refresh.status, 401);
    assert.equal(refresh.body.code, 'account_disabled');
    const again = await signIn({ phone: person.phone, password: person.password });
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'account_disabled');
    const wrongPassword = await signIn({ phone: person.phone, password: 'not-the-password' });
    assert.equal(wrongPassword.status, 401, 'without the password nobody learns the account is disabled');

    await server.app.accounts.setDisabled(person.user.id, false);
    assert.equal((await signIn({ phone: person.phone, password: person.password })).status, 200);
  });

  test('accounts: a phone is unique whatever its format; the hash never leaves the repository', async () => {
    await assert.rejects(
      server.app.accounts.create({ role: 'doctor', phone: '8 916 123-45-67', password: 'another-password', name: 'Двойник' }),
      (error: { statusCode?: number; code?: string }) => error.statusCode === 409 && error.code === 'phone_taken',
    );
    const found = await server.app.accounts.findByPhone('8 (916) 123-45-67');
    assert.equal(found?.id, patient.user.id);
    assert.deepEqual(Object.keys(found ?? {}).sort(), ['createdAt', 'disabled', 'id', 'name', 'phone', 'role']);
    await assert.rejects(server.app.accounts.create({ role: 'patient', phone: '+79990001122', password: 'short', name: 'X' }));
  });

  test('concurrent creates with one phone: exactly one account', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => server.app.accounts.create({ role: 'patient', phone: '+79260000001', password: 'password-123', name: `Копия ${i}` })),
    );
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
  });
});
