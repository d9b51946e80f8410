/**
 * Child process: the real server (buildApp with every module, production mode, embedded store in
 * a fresh directory, the built PWA) with a doctor assigned to one patient who has `RECORDS`
 * document records, written straight into the server's store (bulkDocs) — seeding is not what
 * is tested. Prints `READY <json>` (port, phones, password, patient id) and serves until SIGTERM.
 *
 * Used by e2e/documents-5000-records.test.ts and bench/patient-page/run.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { buildApp } from '../../sync-server/src/app';
import { loadConfig } from '../../sync-server/src/config/index';

export interface SeededServerInfo {
  port: number;
  doctorPhone: string;
  patientPhone: string;
  password: string;
  patientId: string;
  patientName: string;
  records: number;
  seedMs: number;
}

const ROOT = resolve(import.meta.dirname, '../..');
const DOCTOR_PHONE = '+79005550001';
const PATIENT_PHONE = '+79005550002';
const PASSWORD = 'oblako-records-1';
const PATIENT_NAME = 'Орлова Вера Николаевна';
const TYPES = ['lab', 'ultrasound', 'ecg', 'discharge', 'mri', 'ct', 'other'] as const;

/** The `index`-th record: a lab result most of the time, some with notes, every tenth with two files. */
export function seededDocument(patientId: string, doctorId: string, index: number, count: number): Record<string, unknown> {
  const day = new Date(Date.UTC(2026, 10, 30) - Math.floor((index * 3 * 86_400_000) / 2));
  const date = day.toISOString().slice(0, 10);
  const number = index + 1;
  const files = Array.from({ length: index % 10 === 0 ? 2 : 1 }, (_, page) => ({
    fileId: `r${String(index).padStart(5, '0')}p${page + 1}`,
    name: `Запись ${number}${page ? `, стр. ${page + 1}` : ''}.pdf`,
    size: 180_000 + ((index * 7919) % 900_000),
    mime: 'application/pdf',
    sha256: randomBytes(32).toString('hex'),
  }));
  const at = `${date}T09:00:00.000Z`;
  return {
    _id: `${patientId}:rec-${String(index).padStart(5, '0')}`,
    patientId,
    type: TYPES[index % TYPES.length],
    date,
    note: index % 4 === 0 ? `Запись ${number} из ${count}: контроль после курса лечения` : '',
    files,
    createdAt: at,
    updatedAt: at,
    // The newest 40 wait for the doctor; the rest were reviewed long ago.
    ...(index >= 40 ? { reviewedAt: at, reviewedBy: doctorId } : {}),
  };
}

async function main(): Promise<void> {
  const dataDir = process.env['SEED_DATA_DIR'];
  const records = Number(process.env['SEED_RECORDS'] ?? 5_000);
  if (!dataDir) throw new Error('SEED_DATA_DIR is required');
  const config = loadConfig({}, {
    mode: 'production',
    jwtSecret: randomBytes(32).toString('base64url'),
    host: '127.0.0.1',
    port: 0,
    logLevel: 'warn',
    dataDir,
    pwaDir: process.env['PWA_DIR'] ?? resolve(ROOT, 'dist/pwa/browser'),
    rateLimitPerMinute: 1_000_000,
    signInRateLimitPerMinute: 1_000_000,
  });
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const doctor = await app.accounts.create({ role: 'doctor', phone: DOCTOR_PHONE, password: PASSWORD, name: 'Смирнов Андрей Викторович' });
  const patient = await app.accounts.create({ role: 'patient', phone: PATIENT_PHONE, password: PASSWORD, name: PATIENT_NAME });
  await (app as unknown as { access: { assign(doctorId: string, patientId: string): Promise<void> } }).access.assign(doctor.id, patient.id);

  const started = performance.now();
  const now = new Date().toISOString();
  // The account came with an empty profile: fill it, as the patient would have.
  const profiles = app.store.db('profiles');
  const profileId = `${patient.id}:profile`;
  const existing = await profiles.get<Record<string, unknown>>(profileId).catch(() => null);
  await profiles.put({
    ...(existing ?? {}), _id: profileId, patientId: patient.id, fullName: PATIENT_NAME, birthDate: '1961-04-12',
    region: 'Архангельская область', timeZone: 'Europe/Moscow', contactPhone: '', updatedAt: now,
  });
  const documents = app.store.db('documents');
  for (let start = 0; start < records; start += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, records - start) }, (_, i) => seededDocument(patient.id, doctor.id, start + i, records));
    const results = await documents.bulkDocs(batch);
    const failed = results.find((result) => 'error' in result && result.error);
    if (failed) throw new Error(`seeding failed: ${JSON.stringify(failed)}`);
  }
  const info: SeededServerInfo = {
    port, doctorPhone: DOCTOR_PHONE, patientPhone: PATIENT_PHONE, password: PASSWORD, patientId: patient.id,
    patientName: PATIENT_NAME, records, seedMs: Math.round(performance.now() - started),
  };
  console.log(`READY ${JSON.stringify(info)}`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Starts the child and resolves once it is ready (waits for its READY line, however long seeding takes). */
export async function startServerWithRecords(records: number, dataDir: string, output: (chunk: string) => void = () => undefined) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
    cwd: ROOT,
    env: { ...process.env, SEED_DATA_DIR: dataDir, SEED_RECORDS: String(records) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const info = await new Promise<SeededServerInfo>((resolveReady, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk;
      output(String(chunk));
      const line = log.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolveReady(JSON.parse(line.slice('READY '.length)) as SeededServerInfo);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk;
      output(String(chunk));
    });
    child.once('exit', (code) => reject(new Error(`seeded server exited (${code}):\n${log}`)));
  });
  return {
    info,
    baseUrl: `http://127.0.0.1:${info.port}`,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
