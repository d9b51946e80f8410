/**
 * Our sync server, as production builds it (buildApp with every plugin: helmet, rate limit,
 * auth, authorised replication), with a bench-only module instead of the registry. Runs as a
 * child process so it never shares an event loop with the measured client.
 *
 * The 5,000 pull documents are written straight into the store (bulkDocs), as the brief asks:
 * seeding is not what we measure. One patient owns every document and signs in over HTTP; the
 * client then replicates with that patient's access token.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AUTH_API, type SessionResponse } from '@oblako/domain';
import { buildApp } from '../../../sync-server/src/app';
import { loadConfig } from '../../../sync-server/src/config/index';
import { benchModule, pullRecords, PULL_COLLECTION, PUSH_COLLECTION } from '../records';
import { LOOPBACK, onStopRequest, send, startCpuProfile } from './protocol';

const PATIENT_PHONE = '+79990001234';
const PATIENT_PASSWORD = 'bench-password-1';

async function main(): Promise<void> {
  const dir = process.env['BENCH_DIR']!;
  const docs = Number(process.env['BENCH_PULL_DOCS']);
  const docBytes = Number(process.env['BENCH_DOC_BYTES']);

  const config = loadConfig({}, {
    mode: 'production',
    jwtSecret: randomBytes(32).toString('base64url'),
    host: LOOPBACK,
    port: 0,
    dataDir: join(dir, 'oblako'),
    pwaDir: join(dir, 'pwa-not-built'),
    // The limiter still runs on every request; only its ceiling is lifted so no run hits it.
    rateLimitPerMinute: 1_000_000,
    // The token must outlive the whole bench.
    accessTokenTtlSeconds: 3600,
  });
  const app = await buildApp(config, { modules: [benchModule] });
  // No cache header added here: /sync/* answers `Cache-Control: no-store` by itself (the bench
  // prints what it sends).
  await app.listen({ host: LOOPBACK, port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://${LOOPBACK}:${port}`;

  const account = await app.accounts.create({ role: 'patient', phone: PATIENT_PHONE, password: PATIENT_PASSWORD, name: 'Пациент Бенчмарков' });
  const signIn = await fetch(`${base}${AUTH_API.signIn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: PATIENT_PHONE, password: PATIENT_PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const session = (await signIn.json()) as SessionResponse;

  const started = performance.now();
  const pullDb = app.store.db(PULL_COLLECTION);
  await pullDb.bulkDocs(pullRecords(account.id, docs, docBytes));
  const info = await pullDb.info();
  await app.store.db(PUSH_COLLECTION).info();
  const seedMs = performance.now() - started;

  const writeProfile = await startCpuProfile('oblako-server');
  onStopRequest(async () => {
    await writeProfile();
    await app.close();
  });
  send({
    type: 'ready',
    pullUrl: `${base}/sync/${PULL_COLLECTION}/`,
    pushUrl: `${base}/sync/${PUSH_COLLECTION}/`,
    authorization: `Bearer ${session.accessToken}`,
    patientId: account.id,
    seededDocs: info.doc_count,
    seedMs,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
