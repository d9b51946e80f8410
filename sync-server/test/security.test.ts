import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_API, type ApiError } from '@oblako/domain';
import { MODULES } from '@oblako/modules';
import { startTestServer, type TestServer } from './helpers/test-server';
import { postJson, requestJson } from './helpers/http';
import { failingModule } from './helpers/fixtures/failing-module';

function cspOf(headers: Headers): Map<string, string[]> {
  const policy = headers.get('content-security-policy') ?? '';
  return new Map(policy.split(';').filter(Boolean).map((directive) => {
    const [name = '', ...values] = directive.trim().split(/\s+/);
    return [name, values];
  }));
}

const API_ERROR_KEYS = new Set(['code', 'message', 'field', 'retryAfterSeconds']);

describe('security headers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a strict Content-Security-Policy and the usual hardening headers on every response', async () => {
    for (const path of ['/health', '/api/nowhere', AUTH_API.me]) {
      const { headers } = await requestJson(`${server.baseUrl}${path}`);
      const csp = cspOf(headers);
      assert.deepEqual(csp.get('default-src'), ["'self'"], path);
      assert.deepEqual(csp.get('connect-src'), ["'self'"]);
      assert.deepEqual(csp.get('worker-src'), ["'self'"]);
      assert.deepEqual(csp.get('img-src'), ["'self'", 'data:', 'blob:']);
      assert.deepEqual(csp.get('object-src'), ["'none'"]);
      assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
      assert.deepEqual(csp.get('frame-src'), ["'none'"]);
      const scripts = csp.get('script-src') ?? [];
      assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), 'no inline or eval scripts');
      assert.ok(!csp.has('upgrade-insecure-requests'), 'plain http: upgrading would break the demo on a LAN');
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('x-frame-options'), 'DENY');
      assert.equal(headers.get('referrer-policy'), 'no-referrer');
      assert.equal(headers.get('strict-transport-security'), null, 'no HSTS over plain http');
      assert.equal(headers.get('x-powered-by'), null);
    }
  });
});

describe('behind a TLS-terminating proxy, with Jitsi', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ trustProxy: true, jitsiDomain: 'meet.example.ru' });
  });
  after(() => server.close());

  test('HSTS, upgrade-insecure-requests, Jitsi allowed as frame and script', async () => {
    const { headers } = await requestJson(`${server.baseUrl}/health`);
    const csp = cspOf(headers);
    assert.match(headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    assert.ok(csp.has('upgrade-insecure-requests'));
    assert.deepEqual(csp.get('frame-src'), ['https://meet.example.ru']);
    assert.ok(csp.get('script-src')?.includes('https://meet.example.ru'));
  });

  test('the refresh cookie is Secure when the proxy says the page came over https', async () => {
    const patient = await server.createAccount('patient');
    const response = await postJson(`${server.baseUrl}${AUTH_API.signIn}`, { phone: patient.phone, password: patient.password }, { 'x-forwarded-proto': 'https' });
    assert.equal(response.status, 200);
    assert.match(response.headers.getSetCookie()[0] ?? '', /; Secure/);
  });
});

describe('HTTPS by TLS_CERT / TLS_KEY', () => {
  let server: TestServer;
  let dir: string;
  let cert: Buffer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oblako-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    server = await startTestServer({ tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves https with HSTS and a Secure refresh cookie', async () => {
    const patient = await server.createAccount('patient');
    const response = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const request = httpsRequest(`${server.baseUrl}${AUTH_API.signIn}`, { method: 'POST', ca: cert, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ phone: patient.phone, password: patient.password }));
    });
    assert.ok(server.baseUrl.startsWith('https://'));
    assert.equal(response.status, 200);
    assert.match(String(response.headers['strict-transport-security']), /max-age/);
    assert.match(String(response.headers['set-cookie']), /; Secure/);
  });
});

describe('bad requests get a 4xx and never take the server down', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ bodyLimitBytes: 64 * 1024 }, { modules: [...MODULES, failingModule] });
  });
  after(() => server.close());

  const signInUrl = () => `${server.baseUrl}${AUTH_API.signIn}`;
  const assertApiError = (body: unknown, code: string) => {
    const error = body as ApiError;
    assert.equal(error.code, code);
    assert.ok(error.message && !/[A-Za-z]{3,}Error|at \//.test(error.message), 'a human message, no internals');
    for (const key of Object.keys(error)) assert.ok(API_ERROR_KEYS.has(key), `unexpected key ${key}`);
  };

  test('malformed JSON → 400', async () => {
    for (const body of ['{"phone": "+79', '{phone: 1}', 'null', '"text"', '[1,2', '{"a":1}{"b":2}']) {
      const { status, body: error } = await requestJson(signInUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(status, 400, body);
      assertApiError(error, 'validation');
    }
  });

  test('prototype poisoning in JSON → 400', async () => {
    const { status } = await requestJson(signInUrl(), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: '{"phone":"+79161234567","password":"x","__proto__":{"isAdmin":true}}',
    });
    assert.equal(status, 400);
  });

  test('an empty JSON body → 400', async () => {
    const { status, body } = await requestJson(signInUrl(), { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal(status, 400);
    assertApiError(body, 'validation');
  });

  test('a content type the API does not speak → 415', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const { status, body } = await requestJson(signInUrl(), { method: 'POST', headers: { 'content-type': contentType }, body: 'phone=1&password=2' });
      assert.equal(status, 415, contentType);
      assertApiError(body, 'unsupported_media_type');
    }
  });

  test('a body over the limit → 413 in Russian, English on request', async () => {
    const huge = JSON.stringify({ phone: '+79161234567', password: 'x'.repeat(200 * 1024) });
    const ru = await requestJson(signInUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    assert.equal(ru.status, 413);
    assertApiError(ru.body, 'payload_too_large');
    assert.equal((ru.body as ApiError).message, 'Слишком большой запрос.');
    const en = await requestJson(signInUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: huge });
    assert.equal((en.body as ApiError).message, 'The request is too large.');
  });

  test('/sync/ errors are CouchDB-shaped', async () => {
    const missing = await requestJson<Record<string, string>>(`${server.baseUrl}/sync/no-such-collection/x/y`);
    assert.ok([401, 404].includes(missing.status), 'unauthenticated: 401 first or 404');
    assert.deepEqual(Object.keys(missing.body).sort(), ['error', 'reason']);
    const root = await requestJson<Record<string, string>>(`${server.baseUrl}/sync`);
    assert.ok([401, 404].includes(root.status));
    assert.deepEqual(Object.keys(root.body).sort(), ['error', 'reason']);

    const bulk = `${server.baseUrl}/sync/profiles/_bulk_docs`;
    for (const [contentType, body] of [['application/json', '{"docs": ['], ['text/plain', 'docs'], ['application/json', JSON.stringify({ docs: ['x'.repeat(100 * 1024)] })]] as const) {
      const response = await requestJson<Record<string, unknown>>(bulk, { method: 'POST', headers: { 'content-type': contentType }, body });
      assert.ok(response.status >= 400 && response.status < 500, `${contentType} → ${response.status}`);
      assert.equal(typeof response.body['error'], 'string');
      assert.equal(typeof response.body['reason'], 'string');
      assert.equal(response.body['code'], undefined);
    }
  });

  test('unknown API routes → 404 ApiError', async () => {
    const { status, body } = await requestJson(`${server.baseUrl}/api/nowhere`, { method: 'DELETE' });
    assert.equal(status, 404);
    assertApiError(body, 'not_found');
  });

  test('a failing handler → 500 with no internals; under /sync/ too', async () => {
    for (const path of ['/api/failing/crash', '/api/failing/reject-later']) {
      const { status, body } = await requestJson(`${server.baseUrl}${path}`);
      assert.equal(status, 500, path);
      assertApiError(body, 'internal');
      assert.doesNotMatch(JSON.stringify(body), /secret|database said/);
    }
    const sync = await requestJson(`${server.baseUrl}/sync/failing-crash`);
    assert.equal(sync.status, 500);
    assert.deepEqual(sync.body, { error: 'internal_server_error', reason: 'Internal server error' });
  });

  test('after all that the server still answers', async () => {
    const health = await requestJson(`${server.baseUrl}/health`);
    assert.equal(health.status, 200);
    const patient = await server.createAccount('patient');
    assert.equal((await postJson(signInUrl(), { phone: patient.phone, password: patient.password })).status, 200);
  });
});
