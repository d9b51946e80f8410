import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server';
import { startFakeSmsProvider } from './helpers/fake-sms-provider';

/**
 * The outbox's order: a registration code requested while an import's 5,000 credential SMS are
 * queued goes out next, not 17 minutes later; the manager sees the queue's progress and end.
 */
describe('SMS priorities', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('a registration code requested behind 5,000 queued credential SMS is sent first', async () => {
    // SMS.ru-like provider answering after a few milliseconds (the real one takes ~200 ms).
    const fake = await startFakeSmsProvider(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: 'OK', status_code: 100, sms: { [request.params['to']!]: { status: 'OK', status_code: 100, sms_id: `id-${request.params['to']}` } } };
    });
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsru', smsRuApiId: 'k', smsApiUrl: fake.url, smsPollIntervalMs: 50 });
    cleanups.push(() => server.close());

    const credentials = Array.from({ length: 5000 }, (_, index) => ({
      key: `credentials:${index}`, to: `+7900${String(1_000_000 + index).slice(1)}`, purpose: 'credentials' as const, text: `Облако здоровья. Пароль ${index}`, secret: `${index}`,
    }));
    await server.app.sms.enqueueMany(credentials);
    // The import's SMS are flowing (the worker started on enqueue; a pass drains the whole queue).
    while (fake.requests.length < 30) await tick();
    const progress = await server.app.sms.progress();
    assert.ok(progress.waiting.credentials > 4000, `waiting ${progress.waiting.credentials}`);
    assert.ok(progress.ratePerSecond > 0);
    assert.ok(progress.estimatedEndAt && Date.parse(progress.estimatedEndAt) > Date.now(), 'an estimated end');

    const requestsBefore = fake.requests.length;
    const code = await server.app.sms.enqueue({ key: 'code:1', to: '+79990000001', purpose: 'registration_code', text: 'Код 482913' });
    let sent = await server.app.sms.get(code);
    while (sent?.state !== 'sent') {
      await tick();
      sent = await server.app.sms.get(code);
    }
    const position = fake.requests.findIndex((request) => request.params['to'] === '79990000001');
    // At most the batch being sent when it arrived (25) went out before it: not the 4,900 still queued.
    assert.ok(position - requestsBefore <= 30, `the code went out after ${position - requestsBefore} more credential SMS`);
    const stillQueued = (await server.app.sms.progress()).waiting.credentials;
    assert.ok(stillQueued > 4000, `${stillQueued} credential SMS still wait: the code did not wait for them`);
  });
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
