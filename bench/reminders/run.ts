/**
 * `npm run bench:reminders` — prints figures, passes or fails nothing.
 *
 * 10,000 reminders («Врач ждёт вас», due at the same moment) for 1,000 patients with a device
 * each, as the scheduler leaves them in the store, sent by the real server (a child process:
 * `sync-server/src/main.ts`, production mode, embedded store) to an HTTPS push-service stand-in
 * on loopback. Half-way the server is killed with SIGKILL and started again. Printed: the time
 * from the due moment to the last reminder handed over, the duplicates (messages with a Topic
 * already seen: must be 0) and the lost (reminders never handed over: must be 0), and the send
 * rate against `web-push` called in a bare loop on the same machine (same stand-in, same
 * payload size, its own process): sequential, and 32 calls in flight.
 * Knobs: BENCH_REMINDERS (10000), BENCH_PATIENTS (1000), BENCH_LEAD_S (60: seconds from the
 * end of preparation to the due moment; the server must be up by then).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import PouchDB from 'pouchdb-node';
import webpush from 'web-push';
import { BenchPushService } from './stand-in';

const ROOT = resolve(import.meta.dirname, '../..');
const COUNT = Number(process.env['BENCH_REMINDERS'] ?? 10_000);
const PATIENTS = Number(process.env['BENCH_PATIENTS'] ?? 1000);
const LEAD_MS = Number(process.env['BENCH_LEAD_S'] ?? 60) * 1000;
const PREFIX = 'oblako_';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function tls(dir: string): { cert: Buffer; key: Buffer; certPath: string } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert: readFileSync(certPath), key: readFileSync(keyPath), certPath };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What the scheduler and earlier requests left in the store: accounts, devices, consultations, due reminders. */
async function prepare(dataDir: string, devices: { endpoint: string; keys: { p256dh: string; auth: string } }[], dueAt: number): Promise<void> {
  mkdirSync(join(dataDir, 'db'), { recursive: true });
  const db = (name: string) => new PouchDB(join(dataDir, 'db', `${PREFIX}${name}`));
  const [users, subscriptions, consultations, jobs] = [db('users'), db('push_subscriptions'), db('consultations'), db('push_jobs')];
  const now = new Date().toISOString();
  const patient = (index: number) => `bench-patient-${String(index).padStart(5, '0')}`;
  const write = async (target: PouchDB.Database, docs: object[]) => {
    for (let start = 0; start < docs.length; start += 500) await target.bulkDocs(docs.slice(start, start + 500) as PouchDB.Core.PutDocument<object>[]);
  };
  await write(users, Array.from({ length: PATIENTS }, (_, index) => ({
    _id: `account:${patient(index)}`, type: 'account', id: patient(index), role: 'patient', phone: `+7999${String(index).padStart(7, '0')}`,
    name: `Пациент ${index}`, passwordHash: '', disabled: false, sessionGeneration: 0, createdAt: now, updatedAt: now,
  })));
  await write(subscriptions, devices.map((device, index) => ({
    _id: `sub:${patient(index)}:${index.toString(16).padStart(32, '0')}`, type: 'push_subscription', accountId: patient(index), endpoint: device.endpoint, keys: device.keys,
    deviceName: 'Chrome, Android', language: 'ru', createdAt: now,
  })));
  const slot = { start: new Date(dueAt).toISOString(), end: new Date(dueAt + 30 * 60_000).toISOString() };
  const ids = Array.from({ length: COUNT }, (_, index) => `${patient(index % PATIENTS)}:consultation-bench-${index}`);
  await write(consultations, ids.map((id, index) => ({
    _id: id, patientId: patient(index % PATIENTS), doctorId: 'bench-doctor', status: 'scheduled', specialty: 'cardiology', slot, history: [], createdAt: now, updatedAt: now,
  })));
  await write(jobs, ids.map((id, index) => ({
    _id: `reminder:${id}:${dueAt}:reminder_start:${patient(index % PATIENTS)}`, type: 'push_job', source: 'reminder', accountId: patient(index % PATIENTS), role: 'patient',
    kind: 'reminder_start', consultationId: id, patientId: patient(index % PATIENTS), slot, dueAt: slot.start, expiresAt: new Date(dueAt + 15 * 60_000).toISOString(),
    state: 'queued', attempts: 0, createdAt: now, updatedAt: now,
  })));
  // The scheduler had seen these consultations (it planned the reminders above).
  await jobs.put({ _id: '_local/push-reminders', seq: (await consultations.info()).update_seq });
  for (const database of [users, subscriptions, consultations, jobs]) await database.close();
}

function startServer(env: Record<string, string>): { child: ChildProcess; healthy: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', process.env['BENCH_DEBUG'] ? 'inherit' : 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const healthy = (async () => {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited:\n${log}`);
      try {
        const answer = await fetch(`http://127.0.0.1:${env['PORT']}/health`, { signal: AbortSignal.timeout(2000) });
        if (process.env['BENCH_DEBUG']) console.log(`health ${answer.status}`);
        if (answer.ok) return;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { child, healthy, exited };
}

async function bareLoop(dir: string, service: BenchPushService, devices: { endpoint: string; keys: { p256dh: string; auth: string } }[], vapid: { publicKey: string; privateKey: string; subject: string }, concurrency: number, certPath: string): Promise<number> {
  service.reset();
  const input = join(dir, `bare-${concurrency}.json`);
  // The payload the server sends for «Врач ждёт вас» (same size).
  const payload = JSON.stringify({ notification: { title: 'Облако здоровья', body: 'Врач ждёт вас — подключиться.', icon: '/icons/icon-192.png', badge: '/icons/favicon-32.png', lang: 'ru', tag: 'x'.repeat(32), timestamp: Date.now(), data: { kind: 'reminder_start', consultationId: 'bench-patient-00001:consultation-bench-1', onActionClick: { default: { operation: 'navigateLastFocusedOrOpen', url: '/consultations?c=bench-patient-00001%3Aconsultation-bench-1' } } } } });
  writeFileSync(input, JSON.stringify({ count: COUNT, concurrency, vapid, devices, payload }));
  // Not execFileSync: the stand-in answering it lives in this process's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bare-loop.ts'), input], { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  if (code !== 0) throw new Error(`bare loop exited with ${code}`);
  const { ms } = JSON.parse(output) as { ms: number };
  if (service.topics.size !== COUNT) throw new Error(`bare loop: ${service.topics.size} of ${COUNT} arrived`);
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oblako-bench-reminders-'));
  try {
    const certificate = tls(dir);
    const service = await new BenchPushService(certificate).start();
    const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:bench@oblako.invalid' };
    const devices = Array.from({ length: PATIENTS }, (_, index) => service.device(`device-${index}`));
    // The baseline before and after our run: on a shared machine the load moves in minutes, and
    // a ratio against one baseline run taken at another load says more about the load.
    const bareBeforeMs = await bareLoop(dir, service, devices, vapid, 32, certificate.certPath);
    service.reset();
    console.log(`baseline before: web-push bare loop, 32 in flight: ${(COUNT / (bareBeforeMs / 1000)).toFixed(0)} /s (load ${loadavg()[0]!.toFixed(1)})`);
    const dataDir = join(dir, 'data');
    const prepStarted = Date.now();
    const dueAt = Math.ceil((prepStarted + LEAD_MS) / 1000) * 1000;
    await prepare(dataDir, devices, dueAt);
    console.log(`prepared ${COUNT} due reminders for ${PATIENTS} patients in ${seconds(Date.now() - prepStarted)}; due at ${new Date(dueAt).toISOString()}`);

    const port = await freePort();
    const env = {
      OBLAKO_MODE: 'production', JWT_SECRET: randomBytes(32).toString('base64url'), DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      PWA_DIR: join(dir, 'no-pwa'), VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: vapid.subject,
      PUSH_ALLOW_PRIVATE_ENDPOINTS: 'true', PUSH_LEASE_SECONDS: '5', PUSH_POLL_INTERVAL_MS: '200', NODE_EXTRA_CA_CERTS: certificate.certPath,
    };
    let server = startServer(env);
    await server.healthy;
    if (Date.now() > dueAt) console.log(`note: the server was up ${seconds(Date.now() - dueAt)} after the due moment (raise BENCH_LEAD_S)`);
    else console.log(`server up ${seconds(dueAt - Date.now())} before the due moment`);

    await service.whenDistinct(Math.floor(COUNT / 2));
    const killedAt = Date.now();
    const beforeKill = service.topics.size;
    server.child.kill('SIGKILL');
    await server.exited;
    const restarted = Date.now();
    server = startServer(env);
    if (process.env['BENCH_DEBUG']) console.log(`killed at ${beforeKill}; restarting`);
    await server.healthy;
    const upAgain = Date.now();
    if (process.env['BENCH_DEBUG']) console.log('healthy again');
    const progress = process.env['BENCH_DEBUG'] ? setInterval(() => console.log(`… ${service.topics.size} distinct, ${service.received} received`), 2000) : null;
    await service.whenDistinct(COUNT);
    if (progress) clearInterval(progress);
    const doneAt = service.lastAt;
    // Claims of the killed sender come back after their lease: wait for that and for the
    // queue to go quiet, so a re-send of an in-flight reminder is counted, not cut off.
    const leaseOver = restarted + Number(env.PUSH_LEASE_SECONDS) * 1000 + 2000;
    while (Date.now() < leaseOver || Date.now() - service.lastAt < 2000) await new Promise((r) => setTimeout(r, 250));
    server.child.kill('SIGTERM');
    await server.exited;

    // The store after the run: every reminder must be `sent`.
    const jobs = new PouchDB(join(dataDir, 'db', `${PREFIX}push_jobs`));
    const states = new Map<string, number>();
    for (const row of (await jobs.allDocs({ include_docs: true })).rows) {
      const state = (row.doc as { state?: string } | undefined)?.state;
      if (state) states.set(state, (states.get(state) ?? 0) + 1);
    }
    await jobs.close();
    const received = service.received;
    const distinct = service.topics.size;
    const duplicates = received - distinct;
    const lost = COUNT - distinct;
    const totalMs = doneAt - dueAt;
    const ourRate = COUNT / (totalMs / 1000);
    const firstHalfRate = beforeKill / ((killedAt - dueAt) / 1000);
    const sampled = service.decrypted;

    const bareSequentialMs = await bareLoop(dir, service, devices, vapid, 1, certificate.certPath);
    const bareParallelMs = await bareLoop(dir, service, devices, vapid, 32, certificate.certPath);
    await service.stop();

    const bareRate = COUNT / (bareSequentialMs / 1000);
    const bareParallelRate = COUNT / (bareParallelMs / 1000);
    const bareBeforeRate = COUNT / (bareBeforeMs / 1000);
    const bareParallelMean = (bareParallelRate + bareBeforeRate) / 2;
    console.log(`machine: ${cpus().length} cores, load ${loadavg().map((value) => value.toFixed(1)).join(' / ')}`);
    console.log('');
    console.log(`| ${COUNT.toLocaleString('en')} reminders due at one moment, server killed -9 at ${beforeKill.toLocaleString('en')} and restarted | figure |`);
    console.log('|---|---|');
    console.log(`| due moment → last reminder handed to the push service | ${seconds(totalMs)} |`);
    console.log(`| of which: kill -9 → server healthy again | ${seconds(upAgain - restarted)} (+ lease ${env.PUSH_LEASE_SECONDS} s for the killed sender's claims) |`);
    console.log(`| messages received / distinct reminders | ${received.toLocaleString('en')} / ${distinct.toLocaleString('en')} |`);
    console.log(`| duplicates at the push service (a Topic seen twice) | ${duplicates} |`);
    console.log(`| lost | ${lost} |`);
    console.log(`| jobs in the store afterwards | ${[...states].map(([state, count]) => `${state} ${count}`).join(', ')} |`);
    console.log(`| payloads decrypted at the stand-in (1 in 100) | ${sampled} |`);
    console.log(`| our rate, whole run incl. the crash | ${ourRate.toFixed(0)} /s |`);
    console.log(`| our rate before the kill | ${firstHalfRate.toFixed(0)} /s |`);
    console.log(`| web-push in a bare loop (sequential) | ${bareRate.toFixed(0)} /s (${seconds(bareSequentialMs)}) |`);
    console.log(`| web-push in a bare loop (32 in flight), before our run / after it | ${bareBeforeRate.toFixed(0)} /s / ${bareParallelRate.toFixed(0)} /s (${seconds(bareBeforeMs)} / ${seconds(bareParallelMs)}) |`);
    console.log(`| ratio ours (whole run) / bare sequential | ${(ourRate / bareRate).toFixed(2)}× |`);
    console.log(`| ratio ours (before the kill) / bare 32 in flight (mean of before and after) | ${(firstHalfRate / bareParallelMean).toFixed(2)}× |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
