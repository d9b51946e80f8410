import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { contentSecurityPolicy } from '../src/plugins/external/csp';
import { startTestServer, type TestServer } from './helpers/test-server';

/**
 * Helmet's headers are worked out once at start (plugins/external/security-headers.ts), not
 * by helmet on every request: every response — an API answer, an error, a held longpoll —
 * must still carry exactly what @fastify/helmet itself sets with the same options, over plain
 * http and behind a TLS proxy with Jitsi.
 */
for (const setup of [{ trustProxy: false, jitsiDomain: undefined }, { trustProxy: true, jitsiDomain: 'meet.example.ru' }]) {
  describe(`security headers as helmet sets them (${setup.trustProxy ? 'https proxy, Jitsi' : 'plain http'})`, () => {
    let server: TestServer;
    let reference: FastifyInstance;
    let expected: Record<string, string>;

    before(async () => {
      server = await startTestServer(setup);
      // @fastify/helmet on every request, as the server ran it before.
      const https = setup.trustProxy;
      reference = Fastify({ logger: false });
      await reference.register(helmet, {
        contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy({ jitsiDomain: setup.jitsiDomain, https }) },
        frameguard: { action: 'deny' },
        strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: false } : false,
      });
      reference.get('/', async () => ({}));
      const answer = await reference.inject({ method: 'GET', url: '/' });
      expected = {};
      for (const name of HELMET_HEADERS) if (answer.headers[name] !== undefined) expected[name] = String(answer.headers[name]);
    });
    after(async () => {
      await reference.close();
      await server.close();
    });

    test('on an answer, an error and a held longpoll', async () => {
      assert.ok(expected['content-security-policy'] && expected['x-frame-options'] === 'DENY', 'the reference sets them');
      const patient = await server.createAccount('patient');
      const { accessToken } = await server.signIn(patient.phone, patient.password);
      const responses = {
        health: await fetch(`${server.baseUrl}/health`),
        notFound: await fetch(`${server.baseUrl}/api/nowhere`),
        unauthorised: await fetch(`${server.baseUrl}/sync/_changes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"feeds":{}}' }),
        // Held (timeout 1 s): the headers go out before the answer, from the hijacked reply.
        longpoll: await fetch(`${server.baseUrl}/sync/_changes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ feeds: { profiles: 'now' }, timeout: 1000, heartbeat: 1000 }),
        }),
      };
      for (const [name, response] of Object.entries(responses)) {
        await response.text();
        const actual: Record<string, string> = {};
        for (const header of HELMET_HEADERS) {
          const value = response.headers.get(header);
          if (value !== null) actual[header] = value;
        }
        assert.deepEqual(actual, expected, name);
      }
      assert.equal(responses.longpoll.status, 200);
      assert.equal(responses.unauthorised.status, 401);
    });
  });
}

/** Every header helmet 8 may set. */
const HELMET_HEADERS = [
  'content-security-policy', 'content-security-policy-report-only', 'cross-origin-embedder-policy', 'cross-origin-opener-policy',
  'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy', 'strict-transport-security', 'x-content-type-options',
  'x-dns-prefetch-control', 'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection', 'x-powered-by',
];
