import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { profileModule } from '../../modules/profile/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { openAppDevice, startPatientLab, type AppDevice, type PatientLab } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';

/**
 * The link drops right after the server stored the phone's write, so the phone never hears the
 * answer; the person edits the same field again offline and closes the app. When the app comes
 * back online, the newer edit must reach the server as the person made it: no false conflict
 * with their own earlier write, nothing of theirs lost.
 */
type Doc = Record<string, unknown>;

class DroppingLink {
  offline = false;
  private drop: (() => void) | null = null;

  /** Resolves once the next `_bulk_docs` reached the server and its answer was thrown away. */
  dropNextAnswer(): Promise<void> {
    return new Promise((resolve) => (this.drop = resolve));
  }

  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    if (this.offline) throw new TypeError('offline (injected by the test)');
    const response = await fetch(input, init);
    if (this.drop && String(input).endsWith('/_bulk_docs')) {
      await response.text();
      this.offline = true;
      this.drop();
      this.drop = null;
      throw new TypeError('connection lost before the answer (injected by the test)');
    }
    return response;
  };
}

describe('a write whose answer was lost, then the app closed', () => {
  let lab: PatientLab;
  before(async () => {
    lab = await startPatientLab();
  });
  after(() => lab.close());

  test('the newer offline edit reaches the server after the restart, with no notice', async () => {
    const { server, patient, devices } = lab;
    const id = `${patient.user.id}:profile`;
    const name = `lost-answer-${process.pid}`;
    const open = async (link: DroppingLink) => {
      const { accessToken } = await server.signIn(patient.phone, patient.password);
      const device = await openAppDevice(server, { definitions: profileModule.collections!, role: 'patient', accessToken, network: link.network, name });
      devices.push(device);
      return device;
    };
    const edit = async (device: AppDevice, region: string) =>
      (await device.collections['profiles']!.findOne(id).exec())!.incrementalPatch({ region, updatedAt: new Date().toISOString() });

    const link = new DroppingLink();
    const phone = await open(link);
    const dropped = link.dropNextAnswer();
    await edit(phone, 'Приморский край');
    await dropped;
    const stored = (await server.app.store.db('profiles').get(id)) as unknown as Doc;
    assert.equal(stored['region'], 'Приморский край', 'the server has the write whose answer was lost');

    await edit(phone, 'Хабаровский край');
    await phone.close({ keep: true });
    devices.splice(devices.indexOf(phone), 1);

    const restarted = await open(new DroppingLink());
    const state = restarted.states['profiles']!;
    await state.awaitInSync();
    await waitForDoc<Doc>(restarted.collections['profiles']!, id, (doc) => doc?.['region'] === 'Хабаровский край');
    for (let attempt = 0; ((await server.app.store.db('profiles').get(id)) as unknown as Doc)['region'] !== 'Хабаровский край'; attempt++) {
      assert.ok(attempt < 500, 'the newer edit reached the server');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await restarted.user.notices.list(), [], 'no «Ваше изменение не удалось применить»');
  });
});
