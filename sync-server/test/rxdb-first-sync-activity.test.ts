import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { documentsModule } from '../../modules/documents/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { INITIAL_PULL_BATCH_SIZE } from '../../pwa/src/app/core/replication/collection-replication';
import { firstSyncRunning, whenNoFirstSync } from '../../pwa/src/app/core/replication/first-sync-activity';
import { doctorWithRecords } from './helpers/documents';
import { openAppDevice, type AppDevice } from './helpers/app-device';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';

/**
 * The service worker's prefetch waits while a first sync stores pages (first-sync-activity.ts),
 * never behind a first sync that keeps failing: the app's own database and replication
 * (openAppDevice) against the real server, the network cut after the first page for two
 * requests. What the app reports as "a first sync runs" is read at every page request.
 */
const RECORDS = 3 * INITIAL_PULL_BATCH_SIZE;

let server: TestServer;
let doctor: TestAccount;
let device: AppDevice | null = null;

before(async () => {
  server = await startTestServer({}, { modules: [documentsModule] });
  ({ doctor } = await doctorWithRecords(server, RECORDS, { withFiles: true }));
});
after(async () => {
  await device?.close().catch(() => undefined);
  server.app.server.closeAllConnections();
  await server.close();
});

test('a first sync counts as running while it stores pages, not while a failing page is retried', async () => {
  assert.equal(firstSyncRunning(), false, 'nothing runs before the device opens');
  /** At each documents page request: [what was asked (since), whether a first sync was reported running]. */
  const requests: [string, boolean][] = [];
  let answered = 0;
  let failuresLeft = 2;
  const network = (fetch: Fetch): Fetch => async (input, init) => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/sync/documents/_changes')) return fetch(input, init);
    requests.push([url.searchParams.get('since') ?? '', firstSyncRunning()]);
    if (answered === 1 && failuresLeft > 0) {
      failuresLeft -= 1;
      throw new TypeError('network cut (injected by the test)');
    }
    answered += 1;
    return fetch(input, init);
  };
  const { accessToken } = await server.signIn(doctor.phone, doctor.password);
  // The documents collection alone: another collection's first sync would count as running too.
  const definitions = documentsModule.collections!.filter((definition) => definition.name === 'documents');
  device = await openAppDevice(server, { definitions, role: 'doctor', accessToken, network, retryTime: 100, awaitInitial: false });
  const all = firstValueFrom(device.collections['documents']!.count().$.pipe(filter((n) => n === RECORDS), timeout({ first: 60_000 })));
  await all;
  await device.states['documents']!.awaitInitialReplication();
  await whenNoFirstSync();
  assert.equal(firstSyncRunning(), false, 'nothing runs once the first sync is done');

  const running = requests.map(([, isRunning]) => isRunning);
  // 1: the first page (running); 2: the second page, asked while the first is stored (running),
  // fails; 3: its retry (not running: the prefetch may go on meanwhile), fails again; 4: the
  // retry that succeeds (not running when asked); then the third page and the empty end page,
  // asked while pages are stored again (running); then RxDB's own pull (the first sync is over).
  assert.deepEqual(running.slice(0, 6), [true, true, false, false, true, true], `requests: ${JSON.stringify(requests)}`);
  assert.equal(requests[2]![0], requests[1]![0], 'the failed page is asked again from the same place');
  assert.ok(running.slice(6).every((isRunning) => !isRunning), 'RxDB\'s own replication afterwards is not a first sync');
  assert.equal(await device.collections['documents']!.count().exec(), RECORDS, 'every record is on the device');
});
