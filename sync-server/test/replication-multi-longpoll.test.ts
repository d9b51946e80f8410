import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';
import { SyncClient, type ChangesBody } from './helpers/sync-client';

interface MultiBody {
  results: Record<string, ChangesBody>;
  last_seq: Record<string, string>;
  error?: string;
  reason?: string;
}

/** `POST /sync/_changes` as the PWA's LongpollHub sends it; resolves with status, body, text and timing. */
async function multi(server: TestServer, token: string, body: unknown, signal?: AbortSignal) {
  const started = Date.now();
  const response = await fetch(`${server.baseUrl}/sync/_changes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const headersAfterMs = Date.now() - started;
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as MultiBody, headersAfterMs, tookMs: Date.now() - started };
}

describe('POST /sync/_changes (one longpoll for several collections)', () => {
  let server: TestServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let doctor: TestAccount;
  let admin: TestAccount;
  let aliceToken: string;
  let bobToken: string;
  let doctorToken: string;
  let adminToken: string;
  let counter = 0;

  before(async () => {
    server = await startTestServer();
    [alice, bob, doctor, admin] = await Promise.all([
      server.createAccount('patient'),
      server.createAccount('patient'),
      server.createAccount('doctor'),
      server.createAccount('admin'),
    ]);
    [aliceToken, bobToken, doctorToken, adminToken] = await Promise.all(
      [alice, bob, doctor, admin].map(async (a) => (await server.signIn(a.phone, a.password)).accessToken),
    );
  });
  after(() => server.close());

  /** A document written straight into the store (as the server itself or another instance would). */
  const write = (collection: string, patientId: string, extra: Record<string, unknown> = {}) =>
    server.app.store.db(collection).put({ _id: `${patientId}:multi-${++counter}`, patientId, note: `n${counter}`, ...extra });

  /** Where each collection stands now for this user (the single route's since=now). */
  const nowOf = async (token: string, ...collections: string[]) => {
    const feeds: Record<string, string> = {};
    for (const name of collections) feeds[name] = (await new SyncClient(server.baseUrl, name, token).changes({ since: 'now' })).body.last_seq;
    return feeds;
  };

  test('waits until a change in either collection and answers with that one only', async () => {
    const feeds = await nowOf(aliceToken, 'profiles', 'documents');
    const waiting = multi(server, aliceToken, { feeds, timeout: 10_000, heartbeat: 25_000 });
    await server.app.replicationWaits.until(1);
    const writtenAt = Date.now();
    await write('documents', alice.user.id, { marker: 'second-collection' });
    const result = await waiting;
    console.log(`# multi longpoll wake-up latency (write → response): ${Date.now() - writtenAt} ms`);
    assert.equal(result.status, 200);
    assert.deepEqual(Object.keys(result.body.results), ['documents']);
    const page = result.body.results['documents']!;
    assert.deepEqual(page.results.map((row) => row.doc!['marker']), ['second-collection']);
    assert.ok(result.tookMs < 3000, `woke at once (${result.tookMs} ms)`);
    assert.equal(result.headers.get('cache-control'), 'no-store');
    // The page is exactly what the collection's own _changes answers from the same since.
    const single = await new SyncClient(server.baseUrl, 'documents', aliceToken).changes({ since: feeds['documents']!, feed: 'normal', limit: 1000 });
    assert.deepEqual(page, single.body);
    // Every listed feed has a position to go on from; the quiet one's is a valid since.
    assert.equal(result.body.last_seq['documents'], page.last_seq);
    const quiet = await new SyncClient(server.baseUrl, 'profiles', aliceToken).changes({ since: result.body.last_seq['profiles']! });
    assert.equal(quiet.status, 200);
    assert.deepEqual(quiet.body.results, []);
  });

  test('answers at once when one collection already has rows', async () => {
    const feeds = await nowOf(aliceToken, 'profiles', 'documents');
    await write('profiles', alice.user.id, { marker: 'already-there' });
    const result = await multi(server, aliceToken, { feeds, timeout: 10_000, limit: 50 });
    assert.equal(result.status, 200);
    assert.deepEqual(Object.keys(result.body.results), ['profiles']);
    assert.deepEqual(result.body.results['profiles']!.results.map((row) => row.doc!['marker']), ['already-there']);
    assert.ok(result.tookMs < 2000, `did not wait (${result.tookMs} ms)`);
    // since=0 of one feed: its history comes, paged by limit.
    const fromStart = await multi(server, aliceToken, { feeds: { documents: '0' }, limit: 1 });
    assert.equal(fromStart.body.results['documents']!.results.length, 1);
  });

  test("another patient's change neither wakes nor leaks", async () => {
    const feeds = await nowOf(aliceToken, 'profiles', 'documents');
    const waiting = multi(server, aliceToken, { feeds, timeout: 1500 });
    await server.app.replicationWaits.until(1);
    await write('documents', bob.user.id, { marker: 'Якутия' });
    await write('profiles', bob.user.id, { marker: 'Якутия' });
    const result = await waiting;
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.results, {});
    assert.ok(result.tookMs >= 1400, `ran to its timeout (${result.tookMs} ms)`);
    assert.doesNotMatch(result.text, /Якутия/);
    // And the positions it returns do not bring Bob's documents either.
    const next = await multi(server, aliceToken, { feeds: result.body.last_seq, timeout: 0 });
    assert.deepEqual(next.body.results, {});
  });

  test('timeout: {results: {}} with heartbeats while waiting; timeout 0 answers at once', async () => {
    const feeds = await nowOf(aliceToken, 'profiles', 'documents');
    const result = await multi(server, aliceToken, { feeds, timeout: 2500, heartbeat: 1000 });
    assert.equal(result.status, 200);
    assert.ok(result.headersAfterMs < 900, `headers went out at once (${result.headersAfterMs} ms)`);
    assert.match(result.text, /^\n\n\{"results":\{\},"last_seq":\{/);
    assert.deepEqual(result.body.results, {});
    assert.deepEqual(Object.keys(result.body.last_seq).sort(), ['documents', 'profiles']);
    const immediate = await multi(server, aliceToken, { feeds: { profiles: 'now', documents: 'now' }, timeout: 0 });
    assert.deepEqual(immediate.body.results, {});
    assert.ok(immediate.tookMs < 2000);
  });

  test('a doctor is woken by a new assignment and gets the patient’s history', async () => {
    const patient = await server.createAccount('patient');
    await write('documents', patient.user.id, { marker: 'before-assignment' });
    const feeds = await nowOf(doctorToken, 'profiles', 'documents');
    const waiting = multi(server, doctorToken, { feeds, timeout: 10_000 });
    await server.app.replicationWaits.until(1);
    await server.app.access.assign(doctor.user.id, patient.user.id);
    const result = await waiting;
    assert.equal(result.status, 200);
    assert.ok(result.tookMs < 5000, `woke at the assignment (${result.tookMs} ms)`);
    const documents = result.body.results['documents']?.results ?? [];
    assert.ok(documents.some((row) => row.doc?.['marker'] === 'before-assignment'), JSON.stringify(result.body));
    // The other patient's documents never reach the doctor.
    assert.doesNotMatch(result.text, new RegExp(bob.user.id));
  });

  test('refuses unknown collections (400), unreadable ones (403), bad bodies and other methods', async () => {
    const unknown = await multi(server, aliceToken, { feeds: { profiles: 'now', nope: 'now' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.reason ?? '', /nope/);
    assert.equal((await multi(server, aliceToken, { feeds: {} })).status, 400);
    assert.equal((await multi(server, aliceToken, { feeds: { profiles: 12 } })).status, 400);
    assert.equal((await multi(server, aliceToken, { feeds: { profiles: 'not-a-checkpoint!' } })).status, 400);
    assert.equal((await multi(server, aliceToken, {})).status, 400);
    // An admin reads profiles but not documents.
    const unreadable = await multi(server, adminToken, { feeds: { profiles: 'now', documents: 'now' }, timeout: 0 });
    assert.equal(unreadable.status, 403);
    assert.equal(unreadable.body.error, 'forbidden');
    assert.equal((await multi(server, adminToken, { feeds: { profiles: 'now' }, timeout: 0 })).status, 200);
    // Authentication like every /sync route.
    const anonymous = await fetch(`${server.baseUrl}/sync/_changes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"feeds":{"profiles":"now"}}' });
    assert.equal(anonymous.status, 401);
    const get = await fetch(`${server.baseUrl}/sync/_changes`, { headers: { authorization: `Bearer ${aliceToken}` } });
    assert.equal(get.status, 405);
    const text = await fetch(`${server.baseUrl}/sync/_changes`, { method: 'POST', headers: { authorization: `Bearer ${aliceToken}`, 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(text.status, 415);
    // The per-collection longpoll is still there.
    assert.equal((await new SyncClient(server.baseUrl, 'profiles', bobToken).changes({ feed: 'longpoll', since: 'now', timeout: 0 })).status, 200);
  });

  test('shutdown answers a waiting multi longpoll', async () => {
    const own = await startTestServer();
    const patient = await own.createAccount('patient');
    const token = (await own.signIn(patient.phone, patient.password)).accessToken;
    const waiting = multi(own, token, { feeds: { profiles: 'now', documents: 'now' }, timeout: 60_000, heartbeat: 1000 });
    await own.app.replicationWaits.until(1);
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 3000);
    const result = await waiting;
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.results, {});
  });
});
