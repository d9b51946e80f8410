import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentsModule } from '../../modules/documents/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { INITIAL_PULL_BATCH_SIZE } from '../../pwa/src/app/core/replication/collection-replication';
import { FirstPagesAhead } from '../../pwa/src/app/core/replication/first-pages-ahead';
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

test('the first sync takes the page asked for ahead: every record stored, the first page not asked for again', async () => {
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  const ahead = new FirstPagesAhead(documents, 'doctor', accessToken, server.baseUrl);
  const asked: string[] = [];
  const device = await openAppDevice(server, { definitions: documents, role: 'doctor', accessToken, network: (fetch) => ahead.through(recording(asked)(fetch)) });
  devices.push(device);
  assert.equal(await device.collections['documents']!.count().exec(), RECORDS);
  assert.ok(!asked.includes('0'), `the first page came from ahead; the device asked for: ${asked.join(', ')}`);
  assert.ok(asked.length >= 2, 'the later pages were asked for as always');
  assert.deepEqual(device.errors, []);
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
