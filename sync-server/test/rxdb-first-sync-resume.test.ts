import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getLastCheckpointDoc } from 'rxdb';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { docId } from '@oblako/domain';
import { documentsModule } from '../../modules/documents/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { INITIAL_PULL_BATCH_SIZE } from '../../pwa/src/app/core/replication/collection-replication';
import { readFirstSyncProgress } from '../../pwa/src/app/core/replication/first-sync-progress';
import { MAX_PAGE } from '../src/plugins/replication/schemas';
import { openAppDevice, type AppDevice } from './helpers/app-device';
import { startTestServer, type TestAccount, type TestServer } from './helpers/test-server';

/**
 * A doctor's first sync of a patient with thousands of records is interrupted half-way — the
 * network drops, or the tab is closed — and the app starts again: it must go on from the last
 * page it stored, never from zero. The device is the app's own database and replication
 * (openAppDevice) against the real server; the test counts what each run asks for and receives.
 */
const RECORDS = 4 * INITIAL_PULL_BATCH_SIZE;
const HALF = RECORDS / 2;

type Doc = Record<string, unknown>;

/** Counts the documents pages a device asks for and receives; can cut the link or hold a request. */
class CountingLink {
  readonly sinces: string[] = [];
  /** The `last_seq` of every page answered, in order. */
  readonly lastSeqs: string[] = [];
  received = 0;
  /** Pages answered before the link fails every request (a network cut). */
  cutAfterPages = Infinity;
  /** Pages answered before the next request is held until `release()` (a tab closed meanwhile). */
  holdAfterPages = Infinity;
  private pages = 0;
  private heldRelease: (() => void) | null = null;
  private heldSignal: (() => void) | null = null;
  readonly held = new Promise<void>((resolve) => (this.heldSignal = resolve));

  release(): void {
    this.heldRelease?.();
  }

  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/sync/documents/_changes')) return fetch(input, init);
    this.sinces.push(url.searchParams.get('since') ?? '');
    if (this.pages >= this.cutAfterPages) throw new TypeError('network cut (injected by the test)');
    if (this.pages >= this.holdAfterPages) {
      const released = new Promise<void>((resolve) => (this.heldRelease = resolve));
      this.heldSignal?.();
      await released;
      throw new TypeError('the tab was closed (injected by the test)');
    }
    const response = await fetch(input, init);
    const body = (await response.clone().json()) as { results?: unknown[]; last_seq?: string };
    if (response.ok) {
      this.pages += 1;
      this.lastSeqs.push(body.last_seq ?? '');
      this.received += body.results?.length ?? 0;
    }
    return response;
  };
}

function records(patientId: string, count: number): Doc[] {
  return Array.from({ length: count }, (_, n) => {
    const at = new Date(Date.UTC(2021, 0, 1) + n * 60_000).toISOString();
    const fileId = `file-${String(n).padStart(6, '0')}`;
    return {
      _id: docId(patientId, `record-${String(n).padStart(6, '0')}`),
      patientId,
      type: 'lab',
      date: at.slice(0, 10),
      note: `Анализ крови № ${n}`,
      files: [{ fileId, name: `скан-${n}.jpg`, size: 1000 + n, mime: 'image/jpeg', sha256: 'a'.repeat(64) }],
      createdAt: at,
      updatedAt: at,
    };
  });
}

/**
 * Resolves once the device recorded `sequence` as where its pull stands: the first sync's own
 * progress (first-sync.ts, stored after each page) or, once RxDB's replication runs, RxDB's
 * checkpoint (written after a page's documents).
 */
async function checkpointStored(device: AppDevice, sequence: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const internal = device.states['documents']!.internalReplicationState;
    const stored = internal
      ? ((await getLastCheckpointDoc(internal, 'down')) as { sequence?: string } | undefined)?.sequence
      : (await readFirstSyncProgress(device.user.db, 'oblako-sync-documents'))?.sequence;
    if (stored === sequence) return;
    if (Date.now() > deadline) throw new Error(`the checkpoint stayed at ${stored}, not ${sequence}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves when the collection holds `count` documents (RxDB's live count). */
function countReaches(device: AppDevice, count: number): Promise<number> {
  return firstValueFrom(device.collections['documents']!.count().$.pipe(filter((n) => n >= count), timeout({ first: 60_000 })));
}

test('the first sync never asks for more than the server answers in a page', () => {
  // RxDB takes a page shorter than it asked for as the end of the log: a server cap below the
  // client's page size would end a first sync after one page, the rest never pulled.
  assert.ok(INITIAL_PULL_BATCH_SIZE <= MAX_PAGE, `client pages of ${INITIAL_PULL_BATCH_SIZE}, server cap ${MAX_PAGE}`);
});

describe('an interrupted first sync of 4,000 records', () => {
  let server: TestServer;
  let doctor: TestAccount;
  const devices: AppDevice[] = [];

  before(async () => {
    server = await startTestServer({}, { modules: [documentsModule] });
    doctor = await server.createAccount('doctor');
    const patient = await server.createAccount('patient');
    await server.app.access.assign(doctor.user.id, patient.user.id);
    await server.app.store.db('documents').bulkDocs(records(patient.user.id, RECORDS));
  });
  after(async () => {
    for (const device of devices) await device.close().catch(() => undefined);
    server.app.server.closeAllConnections();
    await server.close();
  });

  async function open(link: CountingLink, name: string, awaitInitial: boolean): Promise<AppDevice> {
    const { accessToken } = await server.signIn(doctor.phone, doctor.password);
    const device = await openAppDevice(server, {
      definitions: documentsModule.collections!,
      role: 'doctor',
      accessToken,
      network: link.network,
      name,
      awaitInitial,
      retryTime: 500,
    });
    devices.push(device);
    return device;
  }

  /** The second run, with the network back: what it asks for and receives, and the end state. */
  async function resume(name: string): Promise<CountingLink> {
    const link = new CountingLink();
    const device = await open(link, name, true);
    assert.equal(await device.collections['documents']!.count().exec(), RECORDS, 'every record is on the device after the second run');
    await device.close();
    return link;
  }

  test('the network cut at 50 %: the app restarted pulls only the rest', async (t) => {
    const name = `resume-cut-${process.pid}`;
    const first = new CountingLink();
    first.cutAfterPages = HALF / INITIAL_PULL_BATCH_SIZE;
    const device = await open(first, name, false);
    await countReaches(device, HALF);
    await firstValueFrom(device.states['documents']!.error$.pipe(timeout({ first: 60_000 })));
    assert.equal(first.received, HALF, 'the first run received half the records before the cut');
    await checkpointStored(device, first.lastSeqs.at(-1)!);
    await device.close({ keep: true });

    const second = await resume(name);
    t.diagnostic(`second run: ${second.sinces.length} requests, ${second.received} records received`);
    assert.equal(second.sinces[0], first.lastSeqs.at(-1), 'the second run starts where the first one stopped');
    assert.equal(second.received, RECORDS - HALF, 'exactly the rest arrives');
  });

  test('the tab closed at 50 % with a page in flight: the app reopened pulls only the rest', async (t) => {
    const name = `resume-closed-${process.pid}`;
    const first = new CountingLink();
    first.holdAfterPages = HALF / INITIAL_PULL_BATCH_SIZE;
    const device = await open(first, name, false);
    await countReaches(device, HALF);
    await first.held;
    const closing = device.close({ keep: true });
    first.release();
    await closing;
    assert.equal(first.received, HALF);

    const second = await resume(name);
    t.diagnostic(`second run: ${second.sinces.length} requests, ${second.received} records received`);
    assert.ok(!second.sinces.includes('0'), `the second run never starts from zero (it asked since ${second.sinces.join(', ')})`);
    // A closed tab may not have stored the checkpoint of the page it was writing (RxDB writes
    // it after the page's documents): that one page comes again, the rest never does.
    assert.ok(second.received >= RECORDS - HALF, `the rest arrives (${second.received})`);
    assert.ok(second.received <= RECORDS - HALF + INITIAL_PULL_BATCH_SIZE, `only the rest arrives, not everything again (${second.received} of ${RECORDS})`);
  });
});
