import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RxStorageInstance } from 'rxdb';
import { profileModule } from '../../modules/profile/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { openAppDevice, startPatientLab, type PatientLab } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';

/**
 * The app is closed (a reload, `page.goto`, a killed tab) in the middle of a pull: RxDB has
 * written the pulled profile into the device's database but not yet what it remembers the server
 * holds (its "assumed master state", a separate IndexedDB database written right after). On the
 * next start the person edits the profile (time zone Moscow → Vladivostok) before the pull has
 * been made again (RxDB's re-pull would not repair it anyway: the inserted copy carries no mark of
 * having come from the server, so it counts as a local write). The edit must reach the server.
 * It was lost: pushed as if the device had created the document, it met the server's copy as a
 * conflict with no common base, and the merge gave every field to the server (Moscow came back on
 * the phone and stayed on the server, with a false conflict notice).
 */
type Doc = Record<string, unknown>;

/** Holds the device's pulls of one collection (`feed=normal`) until released. */
class HeldPull {
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  private askedSignal: (() => void) | null = null;
  readonly asked = new Promise<void>((resolve) => (this.askedSignal = resolve));

  constructor(private readonly collection: string) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes(`/sync/${this.collection}/_changes`)) {
      this.askedSignal?.();
      if (this.gate) await this.gate;
    }
    return fetch(input, init);
  };
}

describe('an edit made after the app was closed half-way through a pull', () => {
  let lab: PatientLab;
  before(async () => {
    lab = await startPatientLab();
  });
  after(() => lab.close());

  test('reaches the server, stays on the device, and raises no conflict notice', async () => {
    const { server, patient, devices } = lab;
    const id = `${patient.user.id}:profile`;
    const store = server.app.store.db('profiles');
    const imported = (await store.get(id)) as unknown as Doc;
    await store.put({ ...imported, timeZone: 'Europe/Samara' } as never);
    const { accessToken } = await server.signIn(patient.phone, patient.password);
    const name = `lost-pull-meta-${process.pid}`;

    // First run: the first sync brings the profile; then RxDB's pull of a server change (the zone
    // set to Moscow elsewhere) writes it, and the app is closed before RxDB's meta write.
    const first = await openAppDevice(server, { definitions: profileModule.collections!, role: 'patient', accessToken, name });
    const meta = first.states['profiles']!.metaInstance as RxStorageInstance<unknown, unknown, unknown>;
    let forkWritten!: () => void;
    const closedMidPull = new Promise<void>((resolve) => (forkWritten = resolve));
    const bulkWrite = meta.bulkWrite.bind(meta);
    meta.bulkWrite = (rows, context) => {
      if (context !== 'replication-down-write-meta') return bulkWrite(rows, context);
      forkWritten();
      return new Promise(() => undefined); // the app is gone before this write
    };
    const samara = (await store.get(id)) as unknown as Doc;
    await store.put({ ...samara, timeZone: 'Europe/Moscow' } as never);
    await closedMidPull;
    assert.equal((await first.collections['profiles']!.findOne(id).exec())?.get('timeZone'), 'Europe/Moscow', 'the pulled profile is on the device');
    await first.close({ keep: true });

    // Next start: the person changes the zone before the pull has been made again.
    const secondPull = new HeldPull('profiles');
    secondPull.hold();
    const phone = await openAppDevice(server, { definitions: profileModule.collections!, role: 'patient', accessToken, name, network: secondPull.network, awaitInitial: false });
    devices.push(phone);
    const profiles = phone.collections['profiles']!;
    const state = phone.states['profiles']!;
    const sent = new Promise<Doc>((resolve) => state.sent$.subscribe((doc) => resolve(doc as Doc)));
    await (await profiles.findOne(id).exec())!.incrementalPatch({ timeZone: 'Asia/Vladivostok', updatedAt: new Date().toISOString() });
    await sent;
    secondPull.release();
    await state.awaitInSync();

    const stored = (await store.get(id)) as unknown as Doc;
    assert.equal(stored['timeZone'], 'Asia/Vladivostok', 'the server has the new zone');
    await waitForDoc<Doc>(profiles, id, (doc) => doc?.['timeZone'] === 'Asia/Vladivostok');
    assert.deepEqual(await phone.user.notices.list(), [], 'no conflict notice: nobody else changed the profile');

    // And the next edit builds on it.
    await (await profiles.findOne(id).exec())!.incrementalPatch({ region: 'Приморский край', updatedAt: new Date().toISOString() });
    await state.awaitInSync();
    const next = (await store.get(id)) as unknown as Doc;
    assert.equal(next['timeZone'], 'Asia/Vladivostok');
    assert.equal(next['region'], 'Приморский край');
  });
});
