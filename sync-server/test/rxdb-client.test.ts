import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RxCollection } from 'rxdb';
import { profileModule, type PatientProfile } from '../../modules/profile/index';
import { openAppDevice, startCareLab, type AppDevice, type CareLab } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';
import type { TestAccount, TestServer } from './helpers/test-server';

/**
 * The real client: the app's database (RxDB 17, Dexie on fake-indexeddb, the app's conflict
 * handler) and the app's replication of /sync/profiles/ against the real server, exactly as
 * the PWA runs it (no dev-mode).
 */
interface Device extends AppDevice {
  profiles: RxCollection<PatientProfile>;
}

async function openDevice(server: TestServer, accessToken: string, role: 'patient' | 'doctor'): Promise<Device> {
  const device = await openAppDevice(server, { definitions: profileModule.collections!, role, accessToken });
  return Object.assign(device, { profiles: device.collections['profiles'] as unknown as RxCollection<PatientProfile> });
}

describe('the app replication (RxDB) against /sync/profiles/', () => {
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

  test("two devices of one patient: an edit on one shows up live on the other; nobody else's data", async () => {
    const phone = await open(patient);
    const laptop = await open(patient);
    const id = `${patient.user.id}:profile`;
    for (const device of [phone, laptop]) {
      const all = await device.profiles.find().exec();
      assert.deepEqual(all.map((doc) => doc.primary), [id], 'only the own profile arrives');
    }

    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      const region = `Регион ${round}`;
      const arrived = waitForDoc<PatientProfile>(laptop.profiles, id, (doc) => doc?.region === region);
      const doc = await phone.profiles.findOne(id).exec();
      await doc!.incrementalPatch({ region, updatedAt: new Date().toISOString() });
      latencies.push(await arrived);
    }
    latencies.sort((a, b) => a - b);
    console.log(`# RxDB device → server → device latency over 5 edits: median ${latencies[2]} ms, max ${latencies[4]} ms (${latencies.join(', ')})`);
    assert.ok(latencies[2]! < 1000, 'within a second');

    const stored = (await server.app.store.db('profiles').get(id)) as unknown as Record<string, unknown>;
    assert.equal(stored['region'], 'Регион 4');
    assert.deepEqual(phone.errors, []);
    assert.deepEqual(laptop.errors, []);
  });

  test('a doctor device gets the profile after assignment and loses it after revocation', async () => {
    const id = `${other.user.id}:profile`;
    const device = await open(doctor);
    assert.equal((await device.profiles.find().exec()).length, 0);

    const assignedAt = Date.now();
    const arrived = waitForDoc<PatientProfile>(device.profiles, id, (doc) => doc?.fullName === 'Олег Смирнов');
    await server.app.access.assign(doctor.user.id, other.user.id);
    await arrived;
    console.log(`# assignment → profile on the doctor's device: ${Date.now() - assignedAt} ms`);

    const revokedAt = Date.now();
    const gone = waitForDoc<PatientProfile>(device.profiles, id, (doc) => doc === null);
    await server.app.access.revoke(doctor.user.id, other.user.id);
    await gone;
    console.log(`# revocation → profile gone from the doctor's device: ${Date.now() - revokedAt} ms`);
    assert.deepEqual((await device.profiles.find().exec()).map((doc) => doc.primary), []);
    assert.deepEqual(device.errors, []);
  });
});
