/**
 * Child process: the Oblako sync server with its real plugins on a temporary data directory,
 * plus one signed-in patient who has consented. Prints `READY <json>` and serves until killed.
 */
import { randomBytes } from 'node:crypto';
import { CONSENT_API, CONSENT_VERSION, type SessionResponse } from '@oblako/domain';
import { buildApp } from '../../sync-server/src/app';
import { loadConfig } from '../../sync-server/src/config/index';

const [dataDir, port = '0'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: oblako-server.ts <dataDir> [port]');

const config = loadConfig({}, {
  mode: 'production',
  jwtSecret: randomBytes(32).toString('base64url'),
  host: '127.0.0.1',
  port: Number(port),
  logLevel: 'warn',
  dataDir,
  pwaDir: `${dataDir}/no-pwa`,
  rateLimitPerMinute: 1_000_000,
  signInRateLimitPerMinute: 1_000_000,
  accessTokenTtlSeconds: 3600,
});
const app = await buildApp(config);
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
const actualPort = typeof address === 'object' && address ? address.port : Number(port);
const base = `http://127.0.0.1:${actualPort}`;

const password = 'bench-password-1';
const account = await app.accounts.create({ role: 'patient', phone: '+79001234567', password, name: 'Пациент для замера' });
const session = (await (await fetch(`${base}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ phone: account.phone, password }),
})).json()) as SessionResponse;
const consent = await fetch(`${base}${CONSENT_API.current}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
  body: JSON.stringify({ version: CONSENT_VERSION }),
});
if (consent.status !== 200) throw new Error(`consent failed: ${consent.status}`);

console.log(`READY ${JSON.stringify({ port: actualPort, token: session.accessToken, patientId: account.id })}`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
