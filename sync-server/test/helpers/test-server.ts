import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AUTH_API, AUTH_COOKIE_NAME, normalizePhone, type Role, type SessionResponse } from '@oblako/domain';
import { buildApp, type BuildAppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/index';
import type { AuthUser } from '../../src/plugins/auth/index';

export const TEST_PASSWORD = 'test-password-1';

export interface TestAccount {
  user: AuthUser;
  phone: string;
  password: string;
}

export interface TestServer {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  /** A fresh temporary directory removed by close(), unless the caller passed `dataDir`. */
  dataDir: string;
  config: Config;
  close(): Promise<void>;
  /** Creates an account directly (not over HTTP); phone and name are made up unless given. */
  createAccount(role: Role, options?: { phone?: string; password?: string; name?: string }): Promise<TestAccount>;
  /** Signs in over HTTP (fails the test unless 200); `cookie` is ready for a `Cookie:` header. */
  signIn(phone: string, password: string): Promise<SessionResponse & { cookie: string }>;
}

/**
 * A real server on 127.0.0.1 with its own embedded store in a fresh temp directory. Production
 * mode by default (no demo accounts, quick start); pass `{ mode: 'demo' }` to get them. Rate
 * limits are lifted unless a test sets them.
 */
export async function startTestServer(overrides: Partial<Config> = {}, options: BuildAppOptions = {}): Promise<TestServer> {
  // A given dataDir belongs to the caller (restart tests); only a directory made here is removed.
  const ownsDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'oblako-test-')));
  const couch = testCouch(overrides);
  const config = loadConfig({}, {
    ...couch,
    mode: 'production',
    jwtSecret: randomBytes(32).toString('base64url'),
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    dataDir,
    pwaDir: join(dataDir, 'pwa-not-built'),
    rateLimitPerMinute: 1_000_000,
    signInRateLimitPerMinute: 1_000_000,
    ...overrides,
  });
  let app: FastifyInstance | null = null;
  try {
    app = await buildApp(config, options); // closes itself when it fails
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app?.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `${config.tlsCert ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    app,
    baseUrl,
    dataDir,
    config,
    async close() {
      await app.close();
      if (couch.couchUrl) await dropDatabases(couch.couchUrl, couch.dbPrefix);
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async createAccount(role, opts = {}) {
      const phone = opts.phone ?? randomPhone();
      const password = opts.password ?? TEST_PASSWORD;
      const account = await app.accounts.create({ role, phone, password, name: opts.name ?? `Тестовый пользователь (${role})` });
      return { user: { id: account.id, role: account.role, phone: account.phone, name: account.name }, phone: account.phone, password };
    },
    async signIn(phone, password) {
      const response = await fetch(`${baseUrl}${AUTH_API.signIn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, password }),
      });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      const session = (await response.json()) as SessionResponse;
      return { ...session, cookie: refreshCookieOf(response) ?? '' };
    },
  };
}

/**
 * Opt-in: `OBLAKO_TEST_COUCH_URL=http://admin:pw@127.0.0.1:5984` runs every server test against
 * a real Apache CouchDB, each test server in its own database prefix (dropped on close).
 */
function testCouch(overrides: Partial<Config>): { couchUrl?: string; dbPrefix?: string } {
  const url = process.env['OBLAKO_TEST_COUCH_URL'];
  if (!url || overrides.couchUrl !== undefined) return {};
  return { couchUrl: url, dbPrefix: `test_${randomBytes(6).toString('hex')}_` };
}

async function dropDatabases(couchUrl: string, prefix = ''): Promise<void> {
  const base = new URL(couchUrl);
  const auth = base.username ? { authorization: `Basic ${btoa(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`)}` } : undefined;
  base.username = '';
  base.password = '';
  const root = base.href.replace(/\/+$/, '');
  const names = (await (await fetch(`${root}/_all_dbs`, { headers: auth })).json()) as string[];
  for (const name of names.filter((db) => db.startsWith(prefix))) {
    await fetch(`${root}/${encodeURIComponent(name)}`, { method: 'DELETE', headers: auth });
  }
}

/** `oblako_refresh=<token>` from a response's Set-Cookie, or null when it sets none (or clears it). */
export function refreshCookieOf(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    if (pair.startsWith(`${AUTH_COOKIE_NAME}=`) && pair.length > AUTH_COOKIE_NAME.length + 1) return pair;
  }
  return null;
}

/** A valid, random Russian mobile number in E.164 (collisions are astronomically unlikely). */
export function randomPhone(): string {
  for (;;) {
    const candidate = `+79${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
    const normalized = normalizePhone(candidate);
    if (normalized) return normalized;
  }
}
