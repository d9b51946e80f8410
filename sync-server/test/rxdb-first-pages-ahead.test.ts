import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentsModule } from '../../modules/documents/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { INITIAL_PULL_BATCH_SIZE } from '../../pwa/src/app/core/replication/collection-replication';
import { FirstPagesAhead, MAX_PAGES_AHEAD } from '../../pwa/src/app/core/replication/first-pages-ahead';
import { changesPageUrl } from '../../pwa/src/app/core/replication/couch-pull';
import { LOG_END_HEADER, NEXT_PAGE_SINCE_HEADER } from '@oblako/domain';
import { doctorWithRecords } from './helpers/documents';
import { openAppDevice, type AppDevice } from './helpers/app-device';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';

/**
 * The first page of each collection asked for at sign-in while the database opens
 * (first-pages-ahead.ts): the app's own database and first sync (openAppDevice) against the real
 * server take that page instead of asking for it again, and store every record; a page ahead
 * that the server refused is asked again the ordinary way; another person's token gets nothing
 * of this doctor's patients.
 */
const RECORDS = 2 * INITIAL_PULL_BATCH_SIZE + 500;

let server: TestServer;
let doctor: TestAccount;
let otherDoctor: TestAccount;
const devices: AppDevice[] = [];
const documents = documentsModule.collections!.filter((definition) => definition.name === 'documents');

before(async () => {
  server = await startTestServer({}, { modules: [documentsModule] });
  ({ doctor } = await doctorWithRecords(server, RECORDS));
  otherDoctor = await server.createAccount('doctor');
});
after(async () => {
  for (const device of devices) await device.close().catch(() => undefined);
  server.app.server.closeAllConnections();
  await server.close();
});

/** The `since` of every documents page the device's replication sent to the network. */
function recording(asked: string[]): (fetch: Fetch) => Fetch {
  return (fetch) => async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/sync/documents/_changes')) asked.push(url.searchParams.get('since') ?? '');
    return fetch(input, init);
  };
}

test('the first sync takes the pages asked for ahead: every record stored, no page asked for again', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
  const asked: string[] = [];
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => ahead.through(recording(asked)(fetch)) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), RECORDS);
  // Three pages (2,500 records): the first asked for at once, each next one on its predecessor's
  // headers. What the device asked for itself is at most RxDB's own pull once it took over, from
  // where the last page ended (since 2,500 changes in): no page of the first sync.
  const sinces = asked.map((since) => (since === '0' ? 0 : (JSON.parse(Buffer.from(since, 'base64url').toString()) as { c: number }).c));
  assert.ok(sinces.every((c) => c >= RECORDS), `every page of the first sync came from ahead; the device asked from: ${sinces.join(', ')}`);
  assert.deepEqual(device.errors, []);
});

test('a full page names its successor in a header; the last page, not full, does not', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const headers = { authorization: `Bearer ${accessToken}` };
  const pageAt = async (since: string) => {
    const response = await fetch(changesPageUrl(`${server.baseUrl}/sync/documents/`, since, INITIAL_PULL_BATCH_SIZE), { headers });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { results: unknown[]; last_seq: string };
    return { next: response.headers.get(NEXT_PAGE_SINCE_HEADER), body };
  };
  let page = await pageAt('0');
  const sizes: number[] = [];
  for (;;) {
    sizes.push(page.body.results.length);
    if (page.body.results.length < INITIAL_PULL_BATCH_SIZE) {
      assert.equal(page.next, null, 'the last page names no successor');
      break;
    }
    assert.equal(page.next, page.body.last_seq, 'a full page names its own last_seq');
    page = await pageAt(page.next!);
  }
  assert.deepEqual(sizes, [INITIAL_PULL_BATCH_SIZE, INITIAL_PULL_BATCH_SIZE, 500]);
});

test('a full page at the end of the log says so; the first sync takes the empty page after it from ahead, not the network', async () => {
  // Seeded last: this doctor's 1,000 records end the collection's log.
  const { doctor: lastDoctor } = await doctorWithRecords(server, INITIAL_PULL_BATCH_SIZE);
  const { accessToken } = await server.signIn(lastDoctor.phone, lastDoctor.password);
  const first = await fetch(changesPageUrl(`${server.baseUrl}/sync/documents/`, '0', INITIAL_PULL_BATCH_SIZE), { headers: { authorization: `Bearer ${accessToken}` } });
  const body = (await first.json()) as { results: unknown[]; last_seq: string };
  assert.equal(body.results.length, INITIAL_PULL_BATCH_SIZE);
  assert.equal(first.headers.get(NEXT_PAGE_SINCE_HEADER), body.last_seq);
  assert.equal(first.headers.get(LOG_END_HEADER), '1');
  // The 2,500-record doctor's full pages are not the end.
  const { accessToken: otherToken } = await server.signIn(doctor.phone, doctor.password);
  const notLast = await fetch(changesPageUrl(`${server.baseUrl}/sync/documents/`, '0', INITIAL_PULL_BATCH_SIZE), { headers: { authorization: `Bearer ${otherToken}` } });
  assert.equal(notLast.headers.get(LOG_END_HEADER), null);

  // The page after the last one is answered from ahead, empty, as the server would answer it,
  // without asking the server: one request in all, the first page.
  const sent: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => (sent.push(String(input)), realFetch(input, init))) as typeof fetch;
  try {
    const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
    const network: Fetch = async (input) => {
      throw new Error(`asked the network for ${String(input)}`);
    };
    const firstPage = await ahead.through(network)(changesPageUrl(`${server.baseUrl}/sync/documents/`, '0', INITIAL_PULL_BATCH_SIZE));
    assert.equal(((await firstPage.json()) as { results: unknown[] }).results.length, INITIAL_PULL_BATCH_SIZE);
    const after = await ahead.through(network)(changesPageUrl(`${server.baseUrl}/sync/documents/`, body.last_seq, INITIAL_PULL_BATCH_SIZE));
    assert.deepEqual(await after.json(), { results: [], last_seq: body.last_seq });
    assert.equal(sent.length, 1, `sent: ${sent.join(', ')}`);
    ahead.drop();
  } finally {
    globalThis.fetch = realFetch;
  }

  // The app's own first sync with those pages: every record, and the replication goes on from the end.
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl).through(fetch) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), INITIAL_PULL_BATCH_SIZE);
  assert.deepEqual(device.errors, []);
});

test('pages ahead follow each other to the last one, on the headers alone', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    fetched.push(new URL(String(input)).searchParams.get('since') ?? '');
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
    // Every page ahead asked for and answered: the three this doctor has (fewer than the bound).
    for (let i = 0; fetched.length < 3 && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(fetched.length, 3);
    assert.ok(MAX_PAGES_AHEAD >= 3, 'the bound is above this doctor’s pages');
    ahead.drop();
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('a page ahead the server refused (a token not accepted) is asked for again with the device’s own', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const ahead = new FirstPagesAhead(documents, 'doctor', 'not-a-token', server.baseUrl);
  const asked: string[] = [];
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => ahead.through(recording(asked)(fetch)) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), RECORDS);
  assert.equal(asked[0], '0', 'the refused first page was asked for again');
});

test('another doctor’s pages ahead hold none of this doctor’s patients’ records', async () => {
  const { accessToken } = await server.signIn(otherDoctor.phone, otherDoctor.password);
  const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => ahead.through(fetch) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), 0);
});

test('dropped pages are not handed out: the replication asks the network', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
  ahead.drop();
  const asked: string[] = [];
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => ahead.through(recording(asked)(fetch)) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), RECORDS);
  assert.equal(asked[0], '0');
});
