/**
 * Our sync server as production builds it (buildApp with every plugin and the real module
 * registry), in its own process with a fresh data directory. N patient accounts are written
 * straight into the store (seeding is not measured); each device's access token is minted with
 * the server's own token issuer (the same code sign-in uses), one session per device.
 *
 * A round's change: one notification per patient (an announcement to every patient), written
 * with one `bulkDocs` into the store — each device's change lies in its own partition, so every
 * waiting longpoll must wake, read and answer with exactly its own row (the authorisation runs
 * per device, as it does in production; no collection is readable by every patient).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { reachOf } from '@oblako/domain';
import { buildApp } from '../../sync-server/src/app';
import { boundHeapGrowth } from '../../sync-server/src/heap-growth';
import { loadConfig } from '../../sync-server/src/config/index';
import { createAccessTokens } from '../../sync-server/src/plugins/auth/access-tokens';
import { MODULES } from '../../modules/registry';
import { collectGarbage, epochNow, exitWithParent, LOOPBACK, send, startCpuProfile, type DeviceSeed, type ServerCommand } from './protocol';

export const ANNOUNCEMENT_COLLECTION = 'notifications';

async function main(): Promise<void> {
  // As sync-server/src/main.ts starts the production server.
  boundHeapGrowth();
  const dir = process.env['BENCH_DIR']!;
  const count = Number(process.env['BENCH_DEVICES']);
  const jwtSecret = randomBytes(32).toString('base64url');
  const ttlSeconds = 3600;
  const config = loadConfig({}, {
    mode: 'production',
    jwtSecret,
    host: LOOPBACK,
    port: 0,
    logLevel: 'warn',
    dataDir: join(dir, 'oblako'),
    pwaDir: join(dir, 'pwa-not-built'),
    // The limiter still runs on every request; only its ceiling is lifted (2,000 devices, one IP).
    rateLimitPerMinute: 10_000_000,
    accessTokenTtlSeconds: ttlSeconds,
  });
  const app = await buildApp(config);
  await app.listen({ host: LOOPBACK, port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const tokens = createAccessTokens(jwtSecret, ttlSeconds);
  const now = new Date().toISOString();
  const patients = Array.from({ length: count }, (_, index) => ({ id: randomUUID(), index }));
  await app.store.db('users').bulkDocs(
    patients.map(({ id, index }) => ({
      _id: `account:${id}`, type: 'account', id, role: 'patient', phone: `+7999${String(index).padStart(7, '0')}`,
      name: `Пациент ${index + 1}`, passwordHash: 'not-used-by-the-bench', disabled: false, sessionGeneration: 0, createdAt: now, updatedAt: now,
    })),
  );
  const devices: DeviceSeed[] = [];
  for (const { id } of patients) {
    const { token } = await tokens.issue({ sub: id, role: 'patient', sid: randomUUID(), gen: 0 });
    devices.push({ authorization: `Bearer ${token}`, partition: id });
  }
  const feeds = MODULES.flatMap((module) => module.collections ?? [])
    .filter((definition) => reachOf(definition.access.read, { id: 'x', role: 'patient' }) !== null)
    .map((definition) => definition.name);

  const writeProfile = await startCpuProfile('oblako-live-server');
  let writeHeapProfile: (() => Promise<void>) | null = null;
  const startHeapProfile = async () => {
    const { Session } = await import('node:inspector/promises');
    const session = new Session();
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    writeHeapProfile = async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      (await import('node:fs')).writeFileSync(join(process.env['BENCH_HEAP_PROFILE']!, 'oblako.heapprofile'), JSON.stringify(profile));
    };
  };
  exitWithParent(async () => {
    await writeHeapProfile?.();
    await writeProfile();
    app.server.closeAllConnections();
    await app.close();
  });
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'until-held') {
      void app.replicationWaits.until(command.count).then(async () => {
        if (process.env['BENCH_HEAP_SNAPSHOT']) {
          const v8 = await import('node:v8');
          console.error('snapshot', v8.writeHeapSnapshot(join(dir, `held-${Date.now()}.heapsnapshot`)));
        }
        const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
        const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
        console.error(`held ${command.count}: rss ${mb(rss)}, heap ${mb(heapUsed)} used of ${mb(heapTotal)}, external ${mb(external)}`);
        send({ type: 'held', count: command.count });
      });
    } else if (command.type === 'collect') {
      void collectGarbage().then(() => send({ type: 'collected' }));
    } else if (command.type === 'write') {
      if (command.round === 2 && process.env['BENCH_HEAP_PROFILE']) void startHeapProfile();
      const started = epochNow();
      const createdAt = new Date().toISOString();
      const docs = patients.map(({ id }) => ({
        _id: `${id}:bench-announcement-${command.round}`,
        recipientId: id, patientId: id, kind: 'documents_requested', consultationId: `${id}:bench`, createdAt,
        text: `Объявление ${command.round}: клиника работает в праздники по обычному расписанию.`,
      }));
      const seenFirst = app.replicationWaits.changeSeen(ANNOUNCEMENT_COLLECTION, docs[0]!._id).then(() => epochNow());
      const seenLast = app.replicationWaits.changeSeen(ANNOUNCEMENT_COLLECTION, docs[docs.length - 1]!._id).then(() => epochNow());
      void Promise.all([seenFirst, seenLast]).then(([first, last]) => console.error(`round ${command.round}: feed saw the first change ${(first - started).toFixed(0)} ms, the last ${(last - started).toFixed(0)} ms after the write started`));
      void app.store.db(ANNOUNCEMENT_COLLECTION).bulkDocs(docs).then(() => {
        const answeredAt = epochNow();
        send({ type: 'written', round: command.round, answeredAt, writeMs: answeredAt - started });
      });
    }
  });
  // BENCH_GC_LOG: a full collection before each line, to tell retained memory from garbage.
  let collect: (() => void) | null = null;
  if (process.env['BENCH_GC_LOG']) {
    (await import('node:v8')).setFlagsFromString('--expose-gc');
    collect = (await import('node:vm')).runInNewContext('gc') as () => void;
  }
  setInterval(() => {
    collect?.();
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.error(`${new Date().toISOString()} held ${app.replicationWaits.held}; heap used ${mb(heapUsed)} of ${mb(heapTotal)}, external ${mb(external)}, array buffers ${mb(arrayBuffers)}`);
  }, 5000).unref();
  console.error(`ready: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB used of ${(process.memoryUsage().heapTotal / 2 ** 20).toFixed(0)} MB`);
  send({ type: 'ready', baseUrl: `http://${LOOPBACK}:${port}`, devices, feeds });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
