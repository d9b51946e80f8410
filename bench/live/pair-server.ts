/**
 * The server of the two-device run: production build of the app (every module), its own process
 * and fresh data directory; a patient (consent given) and the doctor assigned to them, both
 * signed in over HTTP as the app does.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AUTH_API, CONSENT_API, CONSENT_VERSION, type SessionResponse } from '@oblako/domain';
import { buildApp } from '../../sync-server/src/app';
import { loadConfig } from '../../sync-server/src/config/index';
import { exitWithParent, LOOPBACK, startCpuProfile } from './protocol';

export interface PairReady {
  type: 'ready';
  baseUrl: string;
  patientId: string;
  patientToken: string;
  doctorToken: string;
}

async function main(): Promise<void> {
  const dir = process.env['BENCH_DIR']!;
  const config = loadConfig({}, {
    mode: 'production', jwtSecret: randomBytes(32).toString('base64url'), host: LOOPBACK, port: 0, logLevel: 'warn',
    dataDir: join(dir, 'oblako'), pwaDir: join(dir, 'pwa-not-built'), rateLimitPerMinute: 1_000_000, accessTokenTtlSeconds: 3600,
  });
  const app = await buildApp(config);
  await app.listen({ host: LOOPBACK, port: 0 });
  const baseUrl = `http://${LOOPBACK}:${(app.server.address() as AddressInfo).port}`;
  const signIn = async (role: 'patient' | 'doctor', phone: string, name: string) => {
    const account = await app.accounts.create({ role, phone, password: 'bench-password-1', name });
    const response = await fetch(`${baseUrl}${AUTH_API.signIn}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'bench-password-1' }),
    });
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
    return { id: account.id, token: ((await response.json()) as SessionResponse).accessToken };
  };
  const patient = await signIn('patient', '+79990002001', 'Мария Иванова');
  const doctor = await signIn('doctor', '+79990002002', 'Пётр Смирнов');
  const consent = await fetch(`${baseUrl}${CONSENT_API.current}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${patient.token}` }, body: JSON.stringify({ version: CONSENT_VERSION }),
  });
  if (consent.status !== 200) throw new Error(`consent failed: ${consent.status}`);
  await app.access.assign(doctor.id, patient.id);

  const writeProfile = await startCpuProfile('oblako-pair-server');
  exitWithParent(async () => {
    await writeProfile();
    app.server.closeAllConnections();
    await app.close();
  });
  const ready: PairReady = { type: 'ready', baseUrl, patientId: patient.id, patientToken: patient.token, doctorToken: doctor.token };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
