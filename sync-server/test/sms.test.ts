import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './helpers/test-server';
import { HANG, startFakeSmsProvider } from './helpers/fake-sms-provider';
import { SmsWorker } from '../src/plugins/sms/worker';
import { SMS_DB } from '../src/plugins/sms/index';
import { QueueIndex } from '../src/plugins/sms/queue-index';
import type { SmsMessageDoc, SmsProvider, SmsView } from '../src/plugins/sms/types';

const TEXT = 'Облако здоровья. Логин +79001234567, пароль k7m3qx9p';

async function waitFor(server: TestServer, id: string, states: readonly string[], timeoutMs = 5000, minAttempts = 1): Promise<SmsView> {
  const started = Date.now();
  for (;;) {
    await server.app.sms.runOnce();
    const view = await server.app.sms.get(id);
    if (view && states.includes(view.state) && view.attempts >= minAttempts) return view;
    if (Date.now() - started > timeoutMs) throw new Error(`message ${id} is ${view?.state}, not ${states.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe('SMS queue', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('outbox (default): the message is stored, marked sent once, its text readable; the same key is one message', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    assert.equal(server.app.sms.provider, 'outbox');
    const id = await server.app.sms.enqueue({ key: 'test:1', to: '+79001234567', purpose: 'credentials', text: TEXT, secret: 'k7m3qx9p' });
    const again = await server.app.sms.enqueue({ key: 'test:1', to: '+79001234567', purpose: 'credentials', text: 'other text' });
    assert.equal(again, id);
    const sent = await waitFor(server, id, ['sent']);
    assert.equal(sent.text, TEXT, 'outbox keeps the text for the admin');
    assert.equal(sent.attempts, 1);
    const { messages } = await server.app.sms.list({ limit: 10 });
    assert.equal(messages.length, 1);
  });

  test('SMS.ru: the request has the documented format; the secret is blanked once sent', async () => {
    const fake = await startFakeSmsProvider((request) => ({
      status: 'OK', status_code: 100, balance: 10,
      sms: { [request.params['to']!]: { status: 'OK', status_code: 100, sms_id: '000000-10000001' } },
    }));
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsru', smsRuApiId: 'API-KEY-1', smsApiUrl: fake.url, smsSender: 'Oblako' });
    cleanups.push(() => server.close());
    const id = await server.app.sms.enqueue({ key: 'ru:1', to: '+79001234567', purpose: 'credentials', text: TEXT, secret: 'k7m3qx9p' });
    const sent = await waitFor(server, id, ['sent']);
    assert.equal(sent.providerMessageId, '000000-10000001');
    assert.equal(sent.text, undefined, 'a real provider: the text is not shown');
    assert.equal(fake.requests.length, 1);
    const [request] = fake.requests;
    assert.equal(request!.path, '/sms/send');
    assert.deepEqual(request!.params, { api_id: 'API-KEY-1', to: '79001234567', msg: TEXT, json: '1', from: 'Oblako' });
    const stored = (await server.app.store.db(SMS_DB).get(`sms:${id}`)) as unknown as SmsMessageDoc;
    assert.ok(!stored.text!.includes('k7m3qx9p'), 'the password does not stay in the store');
    assert.ok(stored.redacted);
  });

  test('SMS.ru: a temporary error is retried later with backoff; a wrong number fails at once', async () => {
    let calls = 0;
    const fake = await startFakeSmsProvider((request) => {
      calls++;
      if (request.params['to'] === '79001234568') return { status: 'OK', status_code: 100, sms: { '79001234568': { status: 'ERROR', status_code: 207, status_text: 'На этот номер нельзя отправлять' } } };
      return { status: 'ERROR', status_code: 220, status_text: 'Сервис временно недоступен' };
    });
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsru', smsRuApiId: 'k', smsApiUrl: fake.url });
    cleanups.push(() => server.close());
    const temporary = await server.app.sms.enqueue({ key: 'ru:t', to: '+79001234567', purpose: 'registration_code', text: 'Код 123456' });
    const wrong = await server.app.sms.enqueue({ key: 'ru:w', to: '+79001234568', purpose: 'registration_code', text: 'Код 123456' });
    await waitFor(server, temporary, ['queued']);
    assert.ok(calls > 0);
    const failed = await waitFor(server, wrong, ['failed']);
    assert.match(failed.lastError!, /207/);
    const queued = (await server.app.sms.get(temporary))!;
    assert.equal(queued.state, 'queued');
    assert.equal(queued.attempts, 1);
    assert.match(queued.lastError!, /220/);
    const delayMs = Date.parse(queued.nextAttemptAt!) - Date.now();
    assert.ok(delayMs > 0 && delayMs <= 30_000, `retry within 30 s (the first backoff), got ${delayMs} ms`);
  });

  test('SMSC.ru: login/psw, utf-8, fmt=3 and our message id; an API key instead of login', async () => {
    const fake = await startFakeSmsProvider((request) => ({ id: request.params['id'], cnt: 1 }));
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsc', smscLogin: 'oblako', smscPassword: 'secret', smsApiUrl: fake.url });
    cleanups.push(() => server.close());
    const id = await server.app.sms.enqueue({ key: 'smsc:1', to: '+79001234567', purpose: 'credentials', text: TEXT });
    await waitFor(server, id, ['sent']);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.path, '/sys/send.php');
    assert.deepEqual(fake.requests[0]!.params, { login: 'oblako', psw: 'secret', charset: 'utf-8', fmt: '3', phones: '79001234567', mes: TEXT, id });
    assert.match(id, /^[a-z0-9]{32}$/);

    const keyed = await startFakeSmsProvider((request) => ({ id: request.params['id'], cnt: 1 }));
    cleanups.push(() => keyed.close());
    const second = await startTestServer({ smsProvider: 'smsc', smscApiKey: 'APIKEY', smsApiUrl: keyed.url, smsTest: true });
    cleanups.push(() => second.close());
    const other = await second.app.sms.enqueue({ key: 'smsc:2', to: '+79001234567', purpose: 'credentials', text: 'x' });
    await waitFor(second, other, ['sent']);
    assert.equal(keyed.requests[0]!.params['apikey'], 'APIKEY');
    assert.equal(keyed.requests[0]!.params['cost'], '1', 'SMS_TEST: priced, not delivered');
    assert.equal(keyed.requests[0]!.params['login'], undefined);
  });

  test('a crash mid-send neither loses nor duplicates (SMSC.ru: looked up by our id after the lease runs out)', async () => {
    let hang = true;
    const delivered = new Set<string>();
    const fake = await startFakeSmsProvider((request) => {
      if (request.path === '/sys/status.php') return delivered.has(request.params['id']!) ? { status: 1, last_date: '01.11.2026 10:00:00' } : { status: -3 };
      delivered.add(request.params['id']!); // the provider got it…
      return hang ? HANG : { id: request.params['id'], cnt: 1 }; // …but our process dies before the answer
    });
    cleanups.push(() => fake.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'oblako-sms-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const settings = { dataDir, smsProvider: 'smsc' as const, smscApiKey: 'k', smsApiUrl: fake.url, smsLeaseSeconds: 0.3, smsPollIntervalMs: 50 };

    const first = await startTestServer(settings);
    const id = await first.app.sms.enqueue({ key: 'crash:1', to: '+79001234567', purpose: 'credentials', text: TEXT });
    const started = Date.now();
    while (fake.requests.filter((r) => r.path === '/sys/send.php').length === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    await first.close(); // the crash: the call is in flight, the message is `sending`

    hang = false;
    const second = await startTestServer(settings);
    cleanups.push(() => second.close());
    const sent = await waitFor(second, id, ['sent']);
    assert.equal(fake.requests.filter((r) => r.path === '/sys/send.php').length, 1, 'sent exactly once');
    assert.ok(fake.requests.some((r) => r.path === '/sys/status.php' && r.params['id'] === id), 'looked up by our id');
    assert.equal(sent.attempts, 2);
  });

  test('a sender that died before calling the provider: the message is taken back after its lease and sent once', async () => {
    const fake = await startFakeSmsProvider((request) => (request.path === '/sys/status.php' ? { status: -3 } : { id: request.params['id'], cnt: 1 }));
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsc', smscApiKey: 'k', smsApiUrl: fake.url, smsLeaseSeconds: 0.2 });
    cleanups.push(() => server.close());
    const db = server.app.store.db(SMS_DB);
    const now = new Date().toISOString();
    const doc: SmsMessageDoc = {
      _id: 'sms:mdead0000000000000000000000000001', type: 'sms', id: 'mdead0000000000000000000000000001', to: '+79001234567',
      text: TEXT, purpose: 'credentials', state: 'sending', attempts: 1, nextAttemptAt: now, leaseUntil: new Date(Date.now() - 1000).toISOString(),
      leaseOwner: 'a-dead-process', provider: 'smsc', queuedAt: now, updatedAt: now, expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    await db.put(doc);
    await waitFor(server, doc.id, ['sent']);
    assert.deepEqual(fake.requests.map((r) => r.path), ['/sys/status.php', '/sys/send.php']);
  });

  test('two senders on one store send every message exactly once', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const db = server.app.store.db(SMS_DB);
    const sends: string[] = [];
    const provider: SmsProvider = {
      name: 'outbox',
      async send(message) {
        sends.push(message.id);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { ok: true };
      },
    };
    const log = server.app.log;
    const indexes = [1, 2].map(() => new QueueIndex(db, log));
    const workers = indexes.map((index) => new SmsWorker(db, index, provider, { leaseMs: 60_000, maxAttempts: 3, pollMs: 60_000 }, log));
    await server.app.sms.enqueueMany(Array.from({ length: 60 }, (_, i) => ({ key: `race:${i}`, to: '+79001234567', purpose: 'registration_code' as const, text: `Код ${i}` })));
    // The plugin's own worker is woken by enqueueMany too: three senders race.
    await Promise.all([...workers.map((worker) => worker.runOnce()), server.app.sms.runOnce()]);
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const index of indexes) index.stop();
    const { messages } = await server.app.sms.list({ limit: 100 });
    assert.equal(messages.filter((m) => m.state === 'sent').length, 60);
    assert.equal(new Set(sends).size, sends.length, 'no message sent twice by the test senders');
  });

  test('a preparer makes the text once, before the first attempt; cancel stops a queued message', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    let prepared = 0;
    server.app.sms.definePreparer('test-otp', async ({ params }) => {
      prepared++;
      return { text: `Пароль ${params['name']}: abc${prepared}`, secret: `abc${prepared}` };
    });
    const id = await server.app.sms.enqueue({ key: 'prep:1', to: '+79001234567', purpose: 'credentials', preparer: 'test-otp', params: { name: 'Мария' } });
    const sent = await waitFor(server, id, ['sent']);
    assert.equal(sent.text, 'Пароль Мария: abc1');
    assert.equal(prepared, 1);

    server.app.sms.definePreparer('never', async () => {
      throw new Error('account is gone');
    });
    const failing = await server.app.sms.enqueue({ key: 'prep:2', to: '+79001234567', purpose: 'credentials', preparer: 'never' });
    await waitFor(server, failing, ['queued']);
    const after = (await server.app.sms.get(failing))!;
    assert.equal(after.state, 'queued');
    assert.match(after.lastError ?? '', /account is gone/);
    assert.equal(await server.app.sms.cancel(failing), true);
    assert.equal((await server.app.sms.get(failing))!.state, 'cancelled');
    assert.equal(await server.app.sms.cancel(id), false, 'a sent message cannot be cancelled');
  });
});
