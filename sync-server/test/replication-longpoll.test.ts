import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { editOf, SyncClient, type ChangesBody } from './helpers/sync-client';

/** Starts a longpoll and resolves with its status, parsed body, raw text and timings. */
async function longpoll(client: SyncClient, params: Record<string, string | number>, signal?: AbortSignal) {
  const started = Date.now();
  const query = new URLSearchParams({ style: 'all_docs', include_docs: 'true', feed: 'longpoll', ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  const response = await fetch(`${client.dbUrl}_changes?${query}`, { headers: client.headers, signal });
  const headersAfterMs = Date.now() - started;
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as ChangesBody, headersAfterMs, tookMs: Date.now() - started };
}

describe('longpoll', () => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let aliceClient: SyncClient;
  let bobClient: SyncClient;

  before(async () => {
    server = await startTestServer();
    [alice, bob] = await Promise.all([server.createAccount('patient'), server.createAccount('patient')]);
    aliceClient = new SyncClient(server.baseUrl, 'profiles', (await server.signIn(alice.phone, alice.password)).accessToken);
    bobClient = new SyncClient(server.baseUrl, 'profiles', (await server.signIn(bob.phone, bob.password)).accessToken);
  });
  after(() => server.close());

  const editProfile = async (client: SyncClient, id: string, region: string) => {
    const current = (await client.read(id))!;
    const { body } = await client.bulkDocs([editOf(current, { region })]);
    assert.equal(body[0]!.ok, true, JSON.stringify(body));
  };

  test("an own change wakes the wait at once (the patient's other device)", async () => {
    const now = (await aliceClient.changes({ since: 'now' })).body.last_seq;
    const waiting = longpoll(aliceClient, { since: now, timeout: 10_000 });
    await server.app.replicationWaits.until(1);
    const writtenAt = Date.now();
    await editProfile(aliceClient, `${alice.user.id}:profile`, 'Томская область');
    const result = await waiting;
    const latency = Date.now() - writtenAt;
    console.log(`# longpoll wake-up latency (write → response): ${latency} ms`);
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.results.map((row) => row.doc!['region']), ['Томская область']);
    assert.ok(latency < 1000, `woke after ${latency} ms`);
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.equal(result.headers.get('content-type'), 'application/json');
  });

  test("someone else's change neither wakes nor reaches the wait", async () => {
    const now = (await aliceClient.changes({ since: 'now' })).body.last_seq;
    const waiting = longpoll(aliceClient, { since: now, timeout: 1200 });
    await server.app.replicationWaits.until(1);
    await editProfile(bobClient, `${bob.user.id}:profile`, 'Республика Саха (Якутия)');
    const result = await waiting;
    assert.deepEqual(result.body.results, []);
    assert.ok(result.tookMs >= 1100, `the wait ran to its timeout (${result.tookMs} ms)`);
    const next = await aliceClient.changes({ since: result.body.last_seq });
    assert.deepEqual(next.body.results, [], "and the next pull does not bring Bob's change either");
    assert.doesNotMatch(result.text + JSON.stringify(next.body), /Якутия/);
  });

  test('since=now waits for the next change; timeout=0 answers at once', async () => {
    const immediate = await longpoll(aliceClient, { since: 'now', timeout: 0 });
    assert.deepEqual(immediate.body.results, []);
    assert.ok(immediate.tookMs < 2000, `answered without waiting (${immediate.tookMs} ms)`);
    const waiting = longpoll(aliceClient, { since: 'now', timeout: 5000 });
    await server.app.replicationWaits.until(1);
    await editProfile(aliceClient, `${alice.user.id}:profile`, 'Омская область');
    const result = await waiting;
    assert.equal(result.body.results[0]!.doc!['region'], 'Омская область');
  });

  test('headers go out at once and heartbeats keep the connection alive', async () => {
    const now = (await aliceClient.changes({ since: 'now' })).body.last_seq;
    const result = await longpoll(aliceClient, { since: now, timeout: 2500, heartbeat: 1000 });
    assert.ok(result.headersAfterMs < 900, `headers before the first heartbeat, got ${result.headersAfterMs} ms`);
    assert.match(result.text, /^\n\n\{"results":\[\],"last_seq":"[\w-]+"\}$/);
  });

  test('a timeout above a minute is capped', async () => {
    const waiting = longpoll(aliceClient, { since: 'now', timeout: 3_600_000 });
    await server.app.replicationWaits.until(1);
    await editProfile(aliceClient, `${alice.user.id}:profile`, 'Курская область');
    assert.equal((await waiting).body.results.length, 1);
  });

  test('a client that goes away does not disturb the server', async () => {
    const controller = new AbortController();
    const waiting = longpoll(aliceClient, { since: 'now', timeout: 30_000 }, controller.signal).catch((error: unknown) => error);
    await server.app.replicationWaits.until(1);
    controller.abort();
    assert.ok((await waiting) instanceof Error);
    await editProfile(aliceClient, `${alice.user.id}:profile`, 'Псковская область');
    const { status } = await aliceClient.changes({ since: 0 });
    assert.equal(status, 200);
  });

  test('an account disabled during the wait gets nothing more', async () => {
    const carol = await server.createAccount('patient');
    const carolClient = new SyncClient(server.baseUrl, 'profiles', (await server.signIn(carol.phone, carol.password)).accessToken);
    const profile = (await carolClient.read(`${carol.user.id}:profile`))!;
    const now = (await carolClient.changes({ since: 'now' })).body.last_seq;
    const waiting = longpoll(carolClient, { since: now, timeout: 5000 });
    await server.app.replicationWaits.until(1);
    await server.app.accounts.setDisabled(carol.user.id, true);
    // A change in Carol's partition made by the server wakes the wait.
    await server.app.store.db('profiles').put({ ...profile, region: 'Новое значение' });
    const result = await waiting;
    assert.deepEqual(result.body.results, []);
    assert.ok(result.tookMs < 4000, 'answered at wake-up, not at the timeout');
    assert.equal((await carolClient.changes({ since: 0 })).status, 401);
  });
});

describe('shutdown with waiting longpolls', () => {
  test('close() answers the waits and does not hang', async () => {
    const server = await startTestServer();
    const patient = await server.createAccount('patient');
    const client = new SyncClient(server.baseUrl, 'profiles', (await server.signIn(patient.phone, patient.password)).accessToken);
    const waits = [longpoll(client, { since: 'now', timeout: 60_000 }), longpoll(client, { since: 'now', timeout: 60_000, heartbeat: 1000 })];
    await server.app.replicationWaits.until(2); // both held: read, found nothing, waiting
    const started = Date.now();
    await server.close();
    const closeMs = Date.now() - started;
    assert.ok(closeMs < 3000, `close took ${closeMs} ms`);
    for (const result of await Promise.all(waits)) {
      assert.equal(result.status, 200);
      assert.deepEqual(result.body.results, []);
    }
  });
});
