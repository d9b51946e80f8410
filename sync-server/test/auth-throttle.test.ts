import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_API, type ApiError } from '@oblako/domain';
import { startTestServer, type TestServer } from './helpers/test-server';
import { postJson } from './helpers/http';

describe('sign-in throttling', () => {
  const servers: TestServer[] = [];
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const start = async (...args: Parameters<typeof startTestServer>) => {
    const server = await startTestServer(...args);
    servers.push(server);
    return server;
  };
  const signIn = (server: TestServer, phone: string, password: string, headers: Record<string, string> = {}) =>
    postJson<ApiError>(`${server.baseUrl}${AUTH_API.signIn}`, { phone, password }, headers);

  test('after N failures for a phone even the right password gets 429 with Retry-After', async () => {
    const server = await start({ signInMaxAttempts: 3, signInWindowSeconds: 600 });
    const patient = await server.createAccount('patient');
    for (let i = 0; i < 3; i++) assert.equal((await signIn(server, patient.phone, 'wrong-password')).status, 401);

    const locked = await signIn(server, patient.phone, patient.password);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'too_many_attempts');
    assert.equal(locked.body.message, 'Слишком много попыток входа. Повторите позже.');
    assert.ok(locked.body.retryAfterSeconds && locked.body.retryAfterSeconds > 590 && locked.body.retryAfterSeconds <= 600);
    assert.equal(locked.headers.get('retry-after'), String(locked.body.retryAfterSeconds));

    const other = await server.createAccount('patient');
    assert.equal((await signIn(server, other.phone, other.password)).status, 200, 'other phones are not affected');
  });

  test('the count is per normalised phone: changing its spelling does not help', async () => {
    const server = await start({ signInMaxAttempts: 2 });
    await server.createAccount('patient', { phone: '+79171112233' });
    assert.equal((await signIn(server, '+79171112233', 'wrong-password')).status, 401);
    assert.equal((await signIn(server, '8 917 111-22-33', 'wrong-password')).status, 401);
    assert.equal((await signIn(server, '(917) 111 22 33', 'test-password-1')).status, 429);
  });

  test('unknown phones are throttled just like known ones', async () => {
    const server = await start({ signInMaxAttempts: 2 });
    for (let i = 0; i < 2; i++) assert.equal((await signIn(server, '+79035550101', 'some-password')).status, 401);
    assert.equal((await signIn(server, '+79035550101', 'some-password')).status, 429);
  });

  test('a successful sign-in forgives earlier failures', async () => {
    const server = await start({ signInMaxAttempts: 3 });
    const patient = await server.createAccount('patient');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) assert.equal((await signIn(server, patient.phone, 'wrong-password')).status, 401);
      assert.equal((await signIn(server, patient.phone, patient.password)).status, 200);
    }
  });

  test('parallel guesses cannot exceed the limit', async () => {
    const server = await start({ signInMaxAttempts: 3 });
    const patient = await server.createAccount('patient');
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn(server, patient.phone, 'wrong-password')));
    const statuses = results.map((result) => result.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });

  test('the count lives in the store: a restarted (or another) instance still refuses', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-throttle-'));
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir, signInMaxAttempts: 2 });
    const patient = await first.createAccount('patient');
    for (let i = 0; i < 2; i++) await signIn(first, patient.phone, 'wrong-password');
    await first.close();

    const second = await start({ dataDir, signInMaxAttempts: 2, jwtSecret: first.config.jwtSecret });
    assert.equal((await signIn(second, patient.phone, patient.password)).status, 429);
  });

  test('per-IP rate limit on sign-in answers 429 rate_limited in the caller\'s language', async () => {
    const server = await start({ signInRateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await signIn(server, `+7903555020${i}`, 'some-password')).status, 401);
    const limited = await signIn(server, '+79035550209', 'some-password', { 'accept-language': 'en' });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'rate_limited');
    assert.equal(limited.body.message, 'Too many requests. Try again later.');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });
});
