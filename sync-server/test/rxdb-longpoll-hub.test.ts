import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionDefinition } from '@oblako/domain';
import { profileModule } from '../../modules/profile/index';
import { documentsModule } from '../../modules/documents/index';
import { adminModule } from '../../modules/admin/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { openAppDevice, startCareLab, type AppDevice, type CareLab } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';
import type { TestAccount, TestServer } from './helpers/test-server';

/**
 * The PWA's live sync as it runs in the browser — the app's replication of each collection
 * (replicateCollection), its conflict handlers and ONE LongpollHub per device — against the
 * real server, with several collections: one waiting request per device, and live changes
 * still arrive at once.
 */
type Doc = Record<string, unknown>;

const DEFINITIONS: CollectionDefinition[] = [profileModule, documentsModule, adminModule].flatMap((m) => [...(m.collections ?? [])]);

interface Device extends AppDevice {
  /** Waiting requests right now, and the most ever seen at once. */
  waiting: { now: number; max: number; perCollection: number };
}

async function openDevice(server: TestServer, accessToken: string, role: 'patient' | 'doctor'): Promise<Device> {
  const waiting = { now: 0, max: 0, perCollection: 0 };
  const counting = (fetch: Fetch): Fetch => async (input, init = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    const longpoll = url.endsWith('/sync/_changes') || url.includes('feed=longpoll');
    if (url.includes('feed=longpoll')) waiting.perCollection++;
    if (longpoll) waiting.max = Math.max(waiting.max, ++waiting.now);
    try {
      const response = await fetch(input, init);
      if (!longpoll) return response;
      // Headers come at once; the wait lasts until the body is complete.
      const text = await response.text();
      return new Response(text, { status: response.status, headers: response.headers });
    } finally {
      if (longpoll) waiting.now--;
    }
  };
  const device = await openAppDevice(server, { definitions: DEFINITIONS, role, accessToken, network: counting });
  return Object.assign(device, { waiting });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`RxDB live sync of ${DEFINITIONS.length} collections through one LongpollHub`, () => {
  let lab: CareLab;
  let server: TestServer;
  let patient: TestAccount;
  let other: TestAccount;
  let doctor: TestAccount;

  before(async () => {
    lab = await startCareLab();
    ({ server, patient, other, doctor } = lab);
  });
  after(() => lab.close());

  const open = (account: TestAccount) => lab.open(account, openDevice);

  test('one waiting request per device; an edit on one device shows up live on the other', async () => {
    const phone = await open(patient);
    const laptop = await open(patient);
    const id = `${patient.user.id}:profile`;
    await pause(300);
    for (const device of [phone, laptop]) {
      assert.equal(device.waiting.perCollection, 0, 'no per-collection longpoll was sent');
      assert.equal(device.waiting.now, 1, 'exactly one request waits');
      assert.deepEqual(device.hub.waiting.sort(), Object.keys(device.states).sort());
    }

    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      const region = `Регион ${round}`;
      const arrived = waitForDoc<Doc>(laptop.collections['profiles']!, id, (doc) => doc?.['region'] === region);
      const doc = await phone.collections['profiles']!.findOne(id).exec();
      await doc!.incrementalPatch({ region, updatedAt: new Date().toISOString() });
      latencies.push(await arrived);
    }
    latencies.sort((a, b) => a - b);
    console.log(`# hub: RxDB device → server → device latency over 5 edits: median ${latencies[2]} ms, max ${latencies[4]} ms (${latencies.join(', ')})`);
    assert.ok(latencies[2]! < 1000, 'within a second');
    for (const device of [phone, laptop]) {
      assert.equal(device.waiting.max, 1, `never more than one waiting request (max ${device.waiting.max})`);
      assert.equal(device.waiting.perCollection, 0);
      assert.deepEqual(device.errors, []);
    }
  });

  test("a change in another collection arrives too, and another patient's data never does", async () => {
    const [phone] = lab.devices;
    const docId = `${patient.user.id}:hub-doc-1`;
    const arrived = waitForDoc<Doc>(phone!.collections['documents']!, docId, (doc) => doc !== null);
    // Written by the server itself (as its own background work does), straight into the store.
    const documents = server.app.store.db('documents');
    await documents.put({ _id: `${other.user.id}:hub-doc-2`, patientId: other.user.id });
    await documents.put({ _id: docId, patientId: patient.user.id });
    console.log(`# hub: server write → documents on the device: ${await arrived} ms`);
    assert.equal(await phone!.collections['documents']!.findOne(`${other.user.id}:hub-doc-2`).exec(), null);
  });

  test("a doctor's device gets a newly assigned patient's profile through the hub", async () => {
    const device = await open(doctor);
    const id = `${other.user.id}:profile`;
    const assignedAt = Date.now();
    const arrived = waitForDoc<Doc>(device.collections['profiles']!, id, (doc) => doc?.['fullName'] === 'Олег Смирнов');
    await server.app.access.assign(doctor.user.id, other.user.id);
    await arrived;
    console.log(`# hub: assignment → profile on the doctor's device: ${Date.now() - assignedAt} ms`);
    const gone = waitForDoc<Doc>(device.collections['profiles']!, id, (doc) => doc === null);
    await server.app.access.revoke(doctor.user.id, other.user.id);
    await gone;
    assert.equal(device.waiting.max, 1);
    assert.deepEqual(device.errors, []);
  });
});
