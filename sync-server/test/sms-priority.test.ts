import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/test-server';
import { startFakeSmsProvider } from './helpers/fake-sms-provider';

/**
 * The outbox's order: a registration code requested while an import's 5,000 credential SMS are
 * queued goes out next, not 17 minutes later; the manager sees the queue's progress and end.
 */
describe('SMS priorities and batch sending', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('a registration code requested behind 5,000 queued credential SMS is sent first', async () => {
    // SMS.ru answering after a few milliseconds (the real one takes ~200 ms), one number or a batch (`to[79…]=text`).
    const fake = await startFakeSmsProvider(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: 'OK', status_code: 100, sms: Object.fromEntries(numbersOf(request).map((to) => [to, { status: 'OK', status_code: 100, sms_id: `id-${to}` }])) };
    });
    const sentNumbers = () => fake.requests.flatMap(numbersOf);
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsru', smsRuApiId: 'k', smsApiUrl: fake.url, smsPollIntervalMs: 50 });
    cleanups.push(() => server.close());

    const credentials = Array.from({ length: 5000 }, (_, index) => ({
      key: `credentials:${index}`, to: `+7900${String(1_000_000 + index).slice(1)}`, purpose: 'credentials' as const, text: `Облако здоровья. Пароль ${index}`, secret: `${index}`,
    }));
    await server.app.sms.enqueueMany(credentials);
    // The import's SMS are flowing (the worker started on enqueue; a pass drains the whole queue).
    while (sentNumbers().length < 300) await tick();
    const progress = await server.app.sms.progress();
    assert.ok(progress.waiting.credentials > 3000, `waiting ${progress.waiting.credentials}`);
    assert.ok(progress.ratePerSecond > 0);
    assert.ok(progress.estimatedEndAt && Date.parse(progress.estimatedEndAt) > Date.now(), 'an estimated end');

    const sentBefore = sentNumbers().length;
    const code = await server.app.sms.enqueue({ key: 'code:1', to: '+79990000001', purpose: 'registration_code', text: 'Код 482913' });
    let sent = await server.app.sms.get(code);
    while (sent?.state !== 'sent') {
      await tick();
      sent = await server.app.sms.get(code);
    }
    const position = sentNumbers().indexOf('79990000001');
    // At most the batch being sent when it arrived (one request of 100) went out before it: not the 4,600 still queued.
    assert.ok(position - sentBefore <= 110, `the code went out after ${position - sentBefore} more credential SMS`);
    // The provider's batch sending: a request carries up to 100 messages.
    assert.ok(sentNumbers().length / fake.requests.length > 50, `${sentNumbers().length} messages in ${fake.requests.length} requests`);
    const stillQueued = (await server.app.sms.progress()).waiting.credentials;
    assert.ok(stillQueued > 3000, `${stillQueued} credential SMS still wait: the code did not wait for them`);
  });

  test('SMS.ru batch: one POST with `to[79…]=text` per number; a refused number fails alone, the others are sent', async () => {
    const fake = await startFakeSmsProvider((request) => ({
      status: 'OK', status_code: 100,
      sms: Object.fromEntries(numbersOf(request).map((to) => [to, to === '79001110003'
        ? { status: 'ERROR', status_code: 207, status_text: 'На этот номер нельзя отправлять сообщения' }
        : { status: 'OK', status_code: 100, sms_id: `id-${to}` }])),
    }));
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsru', smsRuApiId: 'API-KEY-1', smsApiUrl: fake.url, smsSender: 'Oblako', smsPollIntervalMs: 50 });
    cleanups.push(() => server.close());
    const messages = [1, 2, 3, 4].map((n) => ({ key: `batch:${n}`, to: `+7900111000${n}`, purpose: 'consultation' as const, text: `Облако: консультация ${n}` }));
    const ids = await server.app.sms.enqueueMany(messages);
    const final = async () => Promise.all(ids.map((id) => server.app.sms.get(id)));
    let views = await final();
    while (views.some((view) => view?.state === 'queued' || view?.state === 'sending')) {
      await tick();
      views = await final();
    }
    assert.deepEqual(views.map((view) => view?.state), ['sent', 'sent', 'failed', 'sent']);
    assert.match(views[2]!.lastError ?? '', /207/);
    assert.equal(views[0]!.providerMessageId, 'id-79001110001');
    const batch = fake.requests.find((request) => numbersOf(request).length > 1);
    assert.ok(batch, 'the messages went in one request');
    assert.equal(batch.path, '/sms/send');
    assert.equal(batch.params['api_id'], 'API-KEY-1');
    assert.equal(batch.params['from'], 'Oblako');
    assert.equal(batch.params['to[79001110002]'], 'Облако: консультация 2');
  });

  test('SMSC.ru batch: one POST with `list` (phone:text lines), our request id, op=1; a refused number fails alone', async () => {
    const fake = await startFakeSmsProvider((request) => {
      if (request.path === '/sys/status.php') return { status: request.params['id'] === 'batch-request-7' && request.params['phone'] === '79001120009' ? 1 : -3 };
      const lines = (request.params['list'] ?? '').split('\n').filter(Boolean);
      return {
        id: request.params['id'], cnt: lines.length,
        phones: lines.map((line) => {
          const phone = line.slice(0, line.indexOf(':'));
          return phone === '79001120003' ? { phone, status: -1, error: 7 } : { phone, status: 1 };
        }),
      };
    });
    cleanups.push(() => fake.close());
    const server = await startTestServer({ smsProvider: 'smsc', smscLogin: 'oblako', smscPassword: 'secret-psw', smsApiUrl: fake.url, smsSender: 'Oblako', smsPollIntervalMs: 50 });
    cleanups.push(() => server.close());
    const messages = [1, 2, 3, 4].map((n) => ({ key: `smsc-batch:${n}`, to: `+7900112000${n}`, purpose: 'consultation' as const, text: `Облако: консультация ${n}\nподробности в кабинете` }));
    const ids = await server.app.sms.enqueueMany(messages);
    const views = await settled(server, ids);
    assert.deepEqual(views.map((view) => view?.state), ['sent', 'sent', 'failed', 'sent']);
    assert.match(views[2]!.lastError ?? '', /SMSC\.ru 7/);
    const batch = fake.requests.find((request) => request.params['list']);
    assert.ok(batch, 'the messages went in one request');
    assert.equal(batch.path, '/sys/send.php');
    assert.deepEqual([batch.params['login'], batch.params['psw'], batch.params['charset'], batch.params['fmt'], batch.params['op'], batch.params['sender']], ['oblako', 'secret-psw', 'utf-8', '3', '1', 'Oblako']);
    assert.equal(batch.params['list']!.split('\n').length, 4, 'one line per message: the newline inside a text is escaped');
    assert.ok(batch.params['list']!.split('\n').includes('79001120002:Облако: консультация 2\\nподробности в кабинете'));
    assert.equal(views[0]!.providerMessageId, batch.params['id']);
    assert.equal(fake.requests.filter((request) => request.path === '/sys/send.php').length, 1);

    // A batch cut off by a crash: the message (claimed, lease over) is looked up by its phone and
    // the batch request's id, found there, and not sent again.
    const [lostId] = await server.app.sms.enqueueMany([{ key: 'smsc-batch:crashed', to: '+79001120009', purpose: 'consultation', text: 'Облако: прерванная отправка' }]);
    await settled(server, [lostId!]);
    const db = server.app.store.db('sms_messages');
    const doc = await db.get(`sms:${lostId}`) as Record<string, unknown>;
    const sendsBefore = fake.requests.filter((request) => request.path === '/sys/send.php').length;
    await db.put({ ...doc, state: 'sending', requestId: 'batch-request-7', leaseOwner: 'dead', leaseUntil: new Date(Date.now() - 1000).toISOString(), sentAt: undefined });
    await server.app.sms.runOnce();
    const after = await settled(server, [lostId!]);
    assert.equal(after[0]?.state, 'sent');
    assert.ok(fake.requests.some((request) => request.path === '/sys/status.php' && request.params['id'] === 'batch-request-7' && request.params['phone'] === '79001120009'));
    assert.equal(fake.requests.filter((request) => request.path === '/sys/send.php').length, sendsBefore, 'not sent again');
  });
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The messages once none is waiting or being sent. */
async function settled(server: Awaited<ReturnType<typeof startTestServer>>, ids: readonly string[]) {
  for (;;) {
    const views = await Promise.all(ids.map((id) => server.app.sms.get(id)));
    if (!views.some((view) => view?.state === 'queued' || view?.state === 'sending')) return views;
    await tick();
  }
}

/** The numbers one provider request carries: `to=79…` or a batch's `to[79…]` fields. */
function numbersOf(request: { params: Record<string, string> }): string[] {
  const batch = Object.keys(request.params).flatMap((key) => /^to\[(\d+)\]$/.exec(key)?.[1] ?? []);
  return batch.length > 0 ? batch : request.params['to'] ? [request.params['to']] : [];
}
