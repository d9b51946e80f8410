import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server';
import { requestJson } from './helpers/http';

test('/health: 200 while the store answers, 503 when it does not', async () => {
  const server = await startTestServer();
  try {
    const ok = await requestJson(`${server.baseUrl}/health`);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { status: 'ok', store: 'ok' });
    assert.equal(ok.headers.get('cache-control'), 'no-store');

    await server.app.store.close();
    const down = await requestJson(`${server.baseUrl}/health`);
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { status: 'error', store: 'unreachable' });
  } finally {
    await server.close();
  }
});

test('/health is not rate limited (load balancers poll it)', async () => {
  const server = await startTestServer({ rateLimitPerMinute: 2 });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await requestJson(`${server.baseUrl}/health`)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await requestJson(`${server.baseUrl}/api/auth/me`)).status, 401);
    const limited = await requestJson<{ code: string }>(`${server.baseUrl}/api/auth/me`);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'rate_limited');
  } finally {
    await server.close();
  }
});
