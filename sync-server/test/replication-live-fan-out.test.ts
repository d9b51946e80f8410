import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AUTH_API } from '@oblako/domain';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, createAccessTokens } from '../src/plugins/auth/access-tokens';
import { startTestServer, type TestServer } from './helpers/test-server';
import { fromApp, requestJson } from './helpers/http';

interface MultiBody {
  results: Record<string, { results: Array<{ id: string; doc?: Record<string, unknown> }>; last_seq: string }>;
  last_seq: Record<string, string>;
}

const DEVICES = 200;
/** Every collection a patient's device follows with the app's one longpoll. */
const FEEDS = ['profiles', 'documents', 'document_files', 'consultations', 'notifications'];

/**
 * Many idle devices of different patients, each holding the app's one longpoll
 * (`POST /sync/_changes`): one write that concerns every one of them (a notice to each patient)
 * wakes them all, and each gets exactly its own partition's row — never another patient's —
 * while a session that ends during the wait is answered at once, empty.
 */
describe('live fan-out to many waiting devices', () => {
  let server: TestServer;
  const patients: Array<{ id: string; token: string }> = [];

  before(async () => {
    server = await startTestServer();
    // Accounts straight into the store, tokens from the server's own issuer: 200 sign-ins would
    // only test password hashing.
    const tokens = createAccessTokens(server.config.jwtSecret, server.config.accessTokenTtlSeconds);
    const now = new Date().toISOString();
    const ids = Array.from({ length: DEVICES + 1 }, () => randomUUID());
    await server.app.store.db('users').bulkDocs(ids.map((id, index) => ({
      _id: `account:${id}`, type: 'account', id, role: 'patient', phone: `+7998${String(index).padStart(7, '0')}`, name: `Пациент ${index}`,
      passwordHash: 'not-used', disabled: false, sessionGeneration: 0, createdAt: now, updatedAt: now,
    })));
    for (const id of ids) patients.push({ id, token: (await tokens.issue({ sub: id, role: 'patient', sid: randomUUID(), gen: 0 })).token });
  });
  after(async () => {
    server.app.server.closeAllConnections();
    await server.close();
  });

  const multi = (token: string, body: unknown) =>
    requestJson<MultiBody>(`${server.baseUrl}/sync/_changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const positionsOf = async (token: string) => {
    const answer = await multi(token, { feeds: Object.fromEntries(FEEDS.map((name) => [name, 'now'])), timeout: 0 });
    assert.equal(answer.status, 200);
    return answer.body.last_seq;
  };
  const notice = (recipientId: string, round: string) => ({
    _id: `${recipientId}:fan-out-${round}`, recipientId, patientId: recipientId, kind: 'documents_requested',
    consultationId: `${recipientId}:c1`, createdAt: new Date().toISOString(), text: `Объявление ${round}`,
  });

  test(`one write for ${DEVICES} waiting devices: each gets exactly its own row`, async () => {
    const waiting = patients.slice(0, DEVICES);
    const positions = await Promise.all(waiting.map((patient) => positionsOf(patient.token)));
    const answers = waiting.map((patient, index) => multi(patient.token, { feeds: positions[index], limit: 100, heartbeat: 25_000, timeout: 60_000 }));
    await server.app.replicationWaits.until(DEVICES);
    // Everyone's notice in one write, and one for a patient whose device is not waiting.
    const written = await server.app.store.db('notifications').bulkDocs(patients.map((patient) => notice(patient.id, 'a')));
    assert.ok(written.every((result) => 'ok' in result && result.ok));
    const bodies = await Promise.all(answers);
    bodies.forEach((answer, index) => {
      const own = waiting[index]!.id;
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body.results), ['notifications'], `device ${index}: only the collection that changed`);
      const rows = answer.body.results['notifications']!.results;
      assert.deepEqual(rows.map((row) => row.id), [`${own}:fan-out-a`], `device ${index}: exactly its own notice`);
      assert.equal(rows[0]!.doc!['recipientId'], own);
      assert.deepEqual(Object.keys(answer.body.last_seq).sort(), [...FEEDS].sort());
    });

    // From where each answer left off: the next round is again exactly each one's own change,
    // a document changed twice since comes once, as it is now.
    const next = waiting.slice(0, 20).map((patient, index) => multi(patient.token, { feeds: bodies[index]!.body.last_seq, timeout: 60_000 }));
    await server.app.replicationWaits.until(20);
    const db = server.app.store.db('notifications');
    await db.bulkDocs(waiting.map((patient) => notice(patient.id, 'b')));
    const first = await db.get(`${waiting[0]!.id}:fan-out-b`);
    await db.put({ ...first, text: 'Объявление b, исправлено' });
    for (const [index, answer] of (await Promise.all(next)).entries()) {
      const rows = answer.body.results['notifications']!.results;
      const own = waiting[index]!.id;
      assert.ok(rows.every((row) => row.id.startsWith(`${own}:`)), `device ${index}: nothing of another patient`);
      assert.equal(rows.filter((row) => row.id === `${own}:fan-out-b`).length, 1, `device ${index}: its notice, once`);
    }
    const settled = await multi(waiting[0]!.token, { feeds: bodies[0]!.body.last_seq, timeout: 0 });
    const rows = settled.body.results['notifications']!.results;
    assert.deepEqual(rows.map((row) => [row.id, row.doc!['text']]), [[`${waiting[0]!.id}:fan-out-b`, 'Объявление b, исправлено']]);
  });

  test('woken devices answer without checking their sessions again (nothing told them a session ended)', async () => {
    const waiting = patients.slice(0, 100);
    const positions = await Promise.all(waiting.map((patient) => positionsOf(patient.token)));
    const answers = waiting.map((patient, index) => multi(patient.token, { feeds: positions[index], timeout: 60_000 }));
    await server.app.replicationWaits.until(waiting.length);
    // A full check (token, account and revocation from the store) at a wake goes through app.authenticate.
    const authenticate = server.app.authenticate;
    let checkedAtWake = 0;
    server.app.authenticate = async function (this: unknown, ...args: Parameters<typeof authenticate>) {
      checkedAtWake++;
      return authenticate.apply(this as never, args);
    } as typeof authenticate;
    try {
      await server.app.store.db('notifications').bulkDocs(waiting.map((patient) => notice(patient.id, 'wake')));
      for (const [index, answer] of (await Promise.all(answers)).entries()) {
        assert.deepEqual(answer.body.results['notifications']!.results.map((row) => row.id), [`${waiting[index]!.id}:fan-out-wake`]);
      }
    } finally {
      server.app.authenticate = authenticate;
    }
    assert.equal(checkedAtWake, 0, 'a wake is a memory lookup, not a store read');
  });

  test('a token that expires while its device waits: the change after it is not delivered', async () => {
    const patient = patients[DEVICES]!;
    // Signed by the server's key, 20 s past its `exp`: still inside the 30 s clock tolerance, so
    // accepted for about ten more seconds (a forged lifetime is not needed, only an old token).
    const nowSeconds = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: 'patient', sid: randomUUID(), gen: 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(patient.id).setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(nowSeconds - 60).setExpirationTime(nowSeconds - 20)
      .sign(new TextEncoder().encode(server.config.jwtSecret));
    const acceptedUntilMs = (nowSeconds - 20 + 30) * 1000;
    const waiting = multi(token, { feeds: await positionsOf(token), timeout: 60_000 });
    await server.app.replicationWaits.until(1);
    // Past the token's end (a deadline the token carries, not a guess), then a change of its partition.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, acceptedUntilMs - Date.now()) + 100));
    await server.app.store.db('notifications').bulkDocs([notice(patient.id, 'after-expiry')]);
    const answer = await waiting;
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.results, {}, 'nothing delivered on an expired token');
    assert.equal((await multi(token, { feeds: answer.body.last_seq, timeout: 0 })).status, 401);
  });

  test('a device whose session ends while it waits among many is answered at once, empty; the others go on waiting', async () => {
    const phone = '+79997770011';
    const account = await server.app.accounts.create({ role: 'patient', phone, password: 'test-password-1', name: 'Выходящий пациент' });
    const session = await server.signIn(phone, 'test-password-1');
    const others = patients.slice(0, 50);
    const otherPositions = await Promise.all(others.map((patient) => positionsOf(patient.token)));
    const othersWaiting = others.map((patient, index) => multi(patient.token, { feeds: otherPositions[index], timeout: 60_000 }));
    const leaving = multi(session.accessToken, { feeds: await positionsOf(session.accessToken), timeout: 60_000 });
    await server.app.replicationWaits.until(others.length + 1);

    const started = Date.now();
    assert.equal((await requestJson(`${server.baseUrl}${AUTH_API.signOut}`, { method: 'POST', headers: fromApp(session.cookie) })).status, 204);
    const ended = await leaving;
    assert.equal(ended.status, 200);
    assert.deepEqual(ended.body.results, {});
    assert.ok(Date.now() - started < 10_000, 'answered at the sign-out, not at the timeout');
    const again = await multi(session.accessToken, { feeds: ended.body.last_seq, timeout: 0 });
    assert.equal(again.status, 401, 'and the next request is refused');

    // The others were not answered by it: they are still held, and the next change reaches them.
    assert.ok(server.app.replicationWaits.held >= others.length, `the ${others.length} others still wait`);
    await server.app.store.db('notifications').bulkDocs([...others.map((patient) => notice(patient.id, 'c')), notice(account.id, 'c')]);
    for (const [index, answer] of (await Promise.all(othersWaiting)).entries()) {
      assert.deepEqual(answer.body.results['notifications']!.results.map((row) => row.id), [`${others[index]!.id}:fan-out-c`]);
    }
  });
});
