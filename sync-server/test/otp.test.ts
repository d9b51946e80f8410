import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { REGISTRATION_API } from '../../modules/registration/api';
import { CODES_DB } from '../../modules/registration/server/codes';
import { startTestServer, randomPhone, type TestServer } from './helpers/test-server';
import { postJson } from './helpers/http';
import { latestCode, requestCode, verifyCode } from './helpers/registration-kit';

describe('SMS codes: limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  const db = () => server.app.store.db(CODES_DB);
  /** Moves a record's times into the past, as if the clock had run on. */
  async function age(id: string, change: (doc: Record<string, unknown>) => Record<string, unknown>) {
    const doc = (await db().get(id)) as unknown as Record<string, unknown>;
    await db().put(change(doc) as PouchDB.Core.PutDocument<object>);
  }
  const phoneId = (phone: string) => `phone:${createHash('sha256').update(phone).digest('hex')}`;

  test('6 digits, sent by SMS, valid 5 minutes, a resend not before 60 s', async () => {
    const phone = randomPhone();
    const challenge = await requestCode(server, `8 ${phone.slice(2, 5)} ${phone.slice(5)}`);
    assert.equal(challenge.status, 200);
    assert.equal(challenge.body.phone, phone, 'normalised');
    assert.equal(challenge.body.codeLength, 6);
    assert.equal(challenge.body.attemptsLeft, 5);
    const ttl = Date.parse(challenge.body.expiresAt) - Date.now();
    assert.ok(ttl > 280_000 && ttl <= 300_000);
    assert.ok(Math.abs(Date.parse(challenge.body.resendAvailableAt) - Date.now() - 60_000) < 10_000);
    assert.match(await latestCode(server, phone), /^\d{6}$/);

    const tooSoon = await requestCode(server, phone);
    assert.equal(tooSoon.status, 429);
    assert.equal((tooSoon.body as unknown as { code: string }).code, 'code_resend_too_soon');
    assert.ok(Number(tooSoon.headers.get('retry-after')) > 50);

    await age(phoneId(phone), (doc) => ({ ...doc, sent: (doc['sent'] as number[]).map((time) => time - 61_000) }));
    const resent = await requestCode(server, phone);
    assert.equal(resent.status, 200);
    const code = await latestCode(server, phone);
    await age(`challenge:${resent.body.challengeId}`, (doc) => ({ ...doc, codeExpiresAt: new Date(Date.now() - 1000).toISOString() }));
    const expired = await verifyCode(server, resent.body.challengeId, code);
    assert.equal(expired.status, 410);
    assert.equal((expired.body as unknown as { code: string }).code, 'code_expired');
  });

  test('five wrong codes end the challenge, even for the right code afterwards', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(server, phone)).body;
    const code = await latestCode(server, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await verifyCode(server, challenge.challengeId, wrong);
      assert.equal(response.status, 400, `attempt ${attempt}`);
      assert.equal((response.body as unknown as { code: string }).code, 'code_invalid');
    }
    const fifth = await verifyCode(server, challenge.challengeId, wrong);
    assert.equal(fifth.status, 429);
    assert.equal((fifth.body as unknown as { code: string }).code, 'code_attempts_exhausted');
    assert.equal((await verifyCode(server, challenge.challengeId, code)).status, 429);
  });

  test('parallel guesses cannot get past five', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(server, phone)).body;
    const code = await latestCode(server, phone);
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const results = await Promise.all(guesses.map((guess) => verifyCode(server, challenge.challengeId, guess)));
    assert.ok(results.filter((r) => r.status === 400).length <= 4);
    assert.equal((await verifyCode(server, challenge.challengeId, code)).status, 429);
  });

  test('at most 10 codes per phone a day', async () => {
    const phone = randomPhone();
    for (let i = 0; i < 10; i++) {
      assert.equal((await requestCode(server, phone)).status, 200, `code ${i + 1}`);
      await age(phoneId(phone), (doc) => ({ ...doc, sent: (doc['sent'] as number[]).map((time) => time - 61_000) }));
    }
    const eleventh = await requestCode(server, phone);
    assert.equal(eleventh.status, 429);
    assert.equal((eleventh.body as unknown as { code: string }).code, 'code_limit_reached');
  });

  test('the same answer whether the phone is registered or not; a bad phone is a clear error', async () => {
    const existing = await server.createAccount('patient');
    const known = await requestCode(server, existing.phone);
    const unknown = await requestCode(server, randomPhone());
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.deepEqual(Object.keys(known.body).sort(), Object.keys(unknown.body).sort());
    const letters = await postJson<{ code: string; field: string }>(`${server.baseUrl}${REGISTRATION_API.requestCode}`, { phone: '+7 900 12З-45-67', purpose: 'register' });
    assert.deepEqual([letters.status, letters.body.code, letters.body.field], [400, 'invalid_phone', 'phone']);
    const shape = await postJson<{ code: string }>(`${server.baseUrl}${REGISTRATION_API.verifyCode}`, { challengeId: known.body.challengeId, code: '12ab56' });
    assert.equal(shape.status, 400);
    assert.equal((await verifyCode(server, '00000000-0000-4000-8000-000000000000', '123456')).status, 410);
  });

  test('codes are stored only as keyed hashes; the SMS text loses the code once sent through a real provider', async () => {
    const phone = randomPhone();
    const challenge = (await requestCode(server, phone)).body;
    const code = await latestCode(server, phone);
    const stored = JSON.stringify(await db().get(`challenge:${challenge.challengeId}`));
    assert.ok(!stored.includes(code));
    assert.ok(!stored.includes(phone.slice(1)) || stored.includes('"phone"'), 'the phone is there for the completion, the code is not');
  });

  test('the per-IP limit on code requests follows SIGN_IN_RATE_LIMIT_PER_MINUTE', async () => {
    const limited = await startTestServer({ signInRateLimitPerMinute: 12 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await requestCode(limited, randomPhone())).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
