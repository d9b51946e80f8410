/**
 * (b) Two devices through the app's own replication: the patient's and the doctor's, each the
 * PWA's per-user RxDB (its paged storage on fake-indexeddb) with its replication of every collection the
 * role reads and one LongpollHub (sync-server/test/helpers/app-device.ts), in this process;
 * the server in its own. The patient adds a document; the time until the doctor's RxDB has it,
 * with the write's own time (the patient's push answered by the server) broken out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectionDefinition } from '@oblako/domain';
import { MODULES } from '../../modules/registry';
import type { Fetch } from '../../pwa/src/app/core/replication/couch-push';
import { openAppDevice, type AppDevice } from '../../sync-server/test/helpers/app-device';
import { declared, documentDoc } from '../../sync-server/test/helpers/documents';
import { waitForDoc } from '../../sync-server/test/helpers/rxdb-wait';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { epochNow } from './protocol';
import { BenchChild } from './processes';
import type { PairReady } from './pair-server';

export interface PairResult {
  writes: number;
  /** Insert on the patient's device → the server answered its push (ms). */
  writeMs: number[];
  /** The push answered → the doctor's RxDB has the document (ms). */
  deliveryMs: number[];
  /** Insert → the doctor's RxDB has it (ms). */
  totalMs: number[];
}

const DEFINITIONS: CollectionDefinition[] = MODULES.flatMap((module) => [...(module.collections ?? [])]);

export async function runPair(writes: number): Promise<PairResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-pair-'));
  const server = new BenchChild<{ type: 'stop' }, PairReady | { type: 'failed'; message: string }>(join(import.meta.dirname, 'pair-server.ts'), { BENCH_DIR: dir }, join(dir, 'server.log'));
  const devices: AppDevice[] = [];
  try {
    const ready = await server.next('ready', 180_000);
    const host = { baseUrl: ready.baseUrl } as TestServer;
    /** When the server answered a push carrying each document id. */
    const pushAnswered = new Map<string, number>();
    const watchingPushes = (fetch: Fetch): Fetch => async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/_bulk_docs') && typeof init?.body === 'string') {
        const at = epochNow();
        for (const doc of (JSON.parse(init.body) as { docs: Array<{ _id: string }> }).docs) if (!pushAnswered.has(doc._id)) pushAnswered.set(doc._id, at);
      }
      return response;
    };
    const patient = await openAppDevice(host, { definitions: DEFINITIONS, role: 'patient', accessToken: ready.patientToken, network: watchingPushes });
    devices.push(patient);
    const doctor = await openAppDevice(host, { definitions: DEFINITIONS, role: 'doctor', accessToken: ready.doctorToken });
    devices.push(doctor);

    const result: PairResult = { writes, writeMs: [], deliveryMs: [], totalMs: [] };
    for (let index = 0; index < writes; index++) {
      // A photographed lab report declared (its bytes would follow by upload; not part of the sync).
      const file = declared(new TextEncoder().encode(`анализ крови ${index}`), `анализ-${index + 1}.jpg`, 'image/jpeg');
      const { _id, ...fields } = documentDoc(ready.patientId, [file], { note: `Запись ${index + 1}: давление 130/85, пульс 72` });
      const id = _id as string;
      const arrived = waitForDoc(doctor.collections['documents']!, id, (doc) => doc !== null, 30_000).then(() => epochNow());
      const started = epochNow();
      await patient.collections['documents']!.insert({ id, ...fields });
      const doctorHas = await arrived;
      const answered = pushAnswered.get(id);
      if (answered === undefined) throw new Error(`the push of ${id} was not seen`);
      result.writeMs.push(answered - started);
      result.deliveryMs.push(doctorHas - answered);
      result.totalMs.push(doctorHas - started);
    }
    const errors = [...patient.errors, ...doctor.errors];
    if (errors.length > 0) console.log(`  replication errors during the run: ${errors.length} (first: ${String(errors[0])})`);
    return result;
  } finally {
    for (const device of devices) await device.close().catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
