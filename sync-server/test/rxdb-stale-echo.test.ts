import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getLastCheckpointDoc } from 'rxdb';
import { profileModule } from '../../modules/profile/index';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import type { CollectionReplication } from '../../pwa/src/app/core/replication/collection-replication';
import { openAppDevice, startPatientLab, type PatientLab } from './helpers/app-device';
import { waitForDoc } from './helpers/rxdb-wait';

/**
 * A slow phone: the live pull's answer carrying the device's own version N reaches RxDB only
 * after the device has pushed N+1 (the answer is held back until then — the delay is injected,
 * not hoped for). That page is an echo of an older revision; it must neither overwrite the
 * local N+1 nor become the base the next edit is pushed on (which would turn the person's own
 * edit into a conflict with a false «Ваше изменение не удалось применить»).
 */
type Doc = Record<string, unknown>;

/** Holds back the next longpoll answer that carries rows of `collection`, until released. */
class HeldFeed {
  private armed: string | null = null;
  private release: (() => void) | null = null;
  private held: ((body: { last_seq: Record<string, string> }) => void) | null = null;

  readonly network = (fetch: Fetch): Fetch => async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (!url.endsWith('/sync/_changes') || !response.ok) return response;
    const text = await response.text();
    const body = JSON.parse(text) as { results: Record<string, { results: unknown[] }>; last_seq: Record<string, string> };
    const collection = this.armed;
    if (collection && (body.results[collection]?.results.length ?? 0) > 0) {
      this.armed = null;
      const opened = new Promise<void>((resolve) => (this.release = resolve));
      this.held?.(body);
      await opened;
    }
    return new Response(text, { status: response.status, headers: response.headers });
  };

  /** Resolves with the held answer once one carrying rows of `collection` came back. */
  arm(collection: string): Promise<{ last_seq: Record<string, string> }> {
    this.armed = collection;
    return new Promise((resolve) => (this.held = resolve));
  }

  open(): void {
    this.release?.();
  }
}

/** Resolves once RxDB has applied pulls up to `sequence` (its stored downstream checkpoint). */
async function applied(state: CollectionReplication, sequence: string): Promise<void> {
  for (;;) {
    const checkpoint = (await getLastCheckpointDoc(state.internalReplicationState!, 'down')) as { sequence?: string } | undefined;
    if (checkpoint?.sequence === sequence) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a stale echo of the device’s own write', () => {
  let lab: PatientLab;
  before(async () => {
    lab = await startPatientLab();
  });
  after(() => lab.close());

  test('arrives after the next push: the local copy keeps the newer edit, the next edit goes through, no notice', async () => {
    const { server, patient, devices } = lab;
    const feed = new HeldFeed();
    const { accessToken } = await server.signIn(patient.phone, patient.password);
    const phone = await openAppDevice(server, { definitions: profileModule.collections!, role: 'patient', accessToken, network: feed.network });
    devices.push(phone);
    const profiles = phone.collections['profiles']!;
    const state = phone.states['profiles']!;
    const id = `${patient.user.id}:profile`;
    const edit = async (patch: Doc) => (await profiles.findOne(id).exec())!.incrementalPatch({ ...patch, updatedAt: new Date().toISOString() });

    // N: pushed; the live pull's answer carrying N comes back and is held (the slow link).
    const heldAnswer = feed.arm('profiles');
    await edit({ region: 'Регион N' });
    const held = await heldAnswer;

    // N+1: pushed and acknowledged while that answer is still on its way.
    const sent = new Promise<void>((resolve) => state.sent$.subscribe((doc) => doc['region'] === 'Регион N+1' && resolve()));
    await edit({ region: 'Регион N+1' });
    await sent;
    await state.awaitInSync();
    const stored = (await server.app.store.db('profiles').get(id)) as unknown as Doc;
    assert.equal(stored['region'], 'Регион N+1');

    // The old answer arrives now and is applied.
    feed.open();
    await applied(state, held.last_seq['profiles']!);
    await state.awaitInSync();
    assert.equal((await profiles.findOne(id).exec())!.get('region'), 'Регион N+1', 'the echo of N did not overwrite N+1');

    // The next edit is made on N+1 and reaches the server as it is: no conflict, no notice.
    await edit({ fullName: 'Мария Петровна Иванова' });
    await state.awaitInSync();
    const after = (await server.app.store.db('profiles').get(id)) as unknown as Doc;
    assert.equal(after['region'], 'Регион N+1');
    assert.equal(after['fullName'], 'Мария Петровна Иванова');
    assert.deepEqual(await phone.user.notices.list(), [], 'no «Ваше изменение не удалось применить»');
    assert.deepEqual(phone.errors, []);
    await waitForDoc<Doc>(profiles, id, (doc) => doc?.['fullName'] === 'Мария Петровна Иванова' && doc['region'] === 'Регион N+1');
  });
});
