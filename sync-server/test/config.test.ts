import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, ENV_VARS, loadConfig } from '../src/config/index';

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'oblako-config-'));
  created.push(dir);
  return dir;
};
after(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const SECRET = 'a'.repeat(40);
// A real pair (web-push generateVAPIDKeys), only for this test.
const VAPID_PUBLIC = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
const VAPID_PRIVATE = 'UUxI4O8-FbRouAevSmBQ6o18hgE4nSG3qwvJTfKc-ls';

describe('configuration from the environment', () => {
  test('demo mode by default, with the documented defaults', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir });
    assert.equal(config.mode, 'demo');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, dataDir);
    assert.equal(config.couchUrl, undefined);
    assert.equal(config.dbPrefix, 'oblako_');
    assert.equal(config.accessTokenTtlSeconds, 900);
    assert.equal(config.refreshTokenTtlDays, 30);
    assert.equal(config.refreshReuseLeewaySeconds, 10);
    assert.equal(config.pwaDir, resolve('dist/pwa/browser'));
    assert.equal(config.trustProxy, false);
    assert.equal(config.logLevel, 'info');
  });

  test('demo mode generates a JWT secret once, owner-readable only, outside the repository', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'secrets', 'jwt-secret');
    assert.ok(first.jwtSecret.length >= 32);
    assert.equal(readFileSync(file, 'utf8'), first.jwtSecret);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'secrets')).mode & 0o777, 0o700);
    assert.equal(loadConfig({ DATA_DIR: dataDir }).jwtSecret, first.jwtSecret, 'kept across restarts');
    assert.notEqual(loadConfig({ DATA_DIR: tempDir() }).jwtSecret, first.jwtSecret);
  });

  test('production mode requires JWT_SECRET', () => {
    for (const env of [{ OBLAKO_MODE: 'production' }, { NODE_ENV: 'production' }, { NODE_ENV: 'production', OBLAKO_MODE: 'demo' }]) {
      assert.throws(() => loadConfig({ ...env, DATA_DIR: tempDir() }), (error: Error) => error instanceof ConfigError && /JWT_SECRET is required/.test(error.message));
    }
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATA_DIR: tempDir() });
    assert.equal(config.mode, 'production');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.jwtSecret, SECRET);
  });

  test('every variable is read and checked', () => {
    const config = loadConfig({
      OBLAKO_MODE: 'production', PORT: '8123', HOST: '0.0.0.0', DATA_DIR: '/srv/oblako', COUCH_URL: 'http://admin:pw@couch:5984',
      COUCH_DB_PREFIX: 'clinic1_', JWT_SECRET: SECRET, ACCESS_TOKEN_TTL_SECONDS: '300', REFRESH_TOKEN_TTL_DAYS: '7',
      REFRESH_REUSE_LEEWAY_SECONDS: '5', SIGN_IN_MAX_ATTEMPTS: '10', SIGN_IN_WINDOW_SECONDS: '60', RATE_LIMIT_PER_MINUTE: '100',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '20', BODY_LIMIT_BYTES: '2000000', PWA_DIR: '/srv/pwa', TLS_CERT: '/etc/cert.pem',
      TLS_KEY: '/etc/key.pem', TRUST_PROXY: 'true', LOG_LEVEL: 'warn', JITSI_DOMAIN: 'meet.example.ru',
      BLOB_DIR: '/srv/blobs', FILE_MAX_BYTES: '1000000', PATIENT_QUOTA_BYTES: '5000000', UPLOAD_EXPIRY_HOURS: '24',
      BLOB_STORE: 's3', S3_BUCKET: 'oblako-files', S3_REGION: 'ru-central1', S3_ENDPOINT: 'https://storage.yandexcloud.net',
      S3_ACCESS_KEY_ID: 'key-id', S3_SECRET_ACCESS_KEY: 'secret-key', S3_FORCE_PATH_STYLE: 'true',
      SMS_PROVIDER: 'smsc', SMS_RU_API_ID: 'ru-key', SMSC_LOGIN: 'oblako', SMSC_PASSWORD: 'psw', SMSC_APIKEY: 'smsc-key', SMS_SENDER: 'Oblako',
      SMS_API_URL: 'https://smsc.example', SMS_TEST: 'true', SMS_MAX_ATTEMPTS: '5', SMS_POLL_INTERVAL_MS: '500', SMS_LEASE_SECONDS: '30', FOLLOWER_LEASE_SECONDS: '12',
      PUBLIC_URL: 'https://oblako.example.ru',
      JITSI_APP_ID: 'oblako', JITSI_APP_SECRET: 'jitsi-secret-0123456789', VIDEO_JOIN_BEFORE_MINUTES: '10', VIDEO_JOIN_AFTER_MINUTES: '20',
      VIDEO_TOKEN_TTL_SECONDS: '120', STUN_URLS: 'stun:turn.example.ru:3478', TURN_URLS: 'turn:turn.example.ru:3478?transport=udp, turns:turn.example.ru:5349',
      TURN_SECRET: 'turn-secret-0123456789', TURN_CREDENTIAL_TTL_SECONDS: '3600',
      VAPID_PUBLIC_KEY: VAPID_PUBLIC, VAPID_PRIVATE_KEY: VAPID_PRIVATE, VAPID_SUBJECT: 'mailto:ops@oblako.example.ru',
      PUSH_ALLOW_PRIVATE_ENDPOINTS: 'false', PUSH_RETRY_BASE_MS: '1000', PUSH_MAX_ATTEMPTS: '5', PUSH_POLL_INTERVAL_MS: '500', PUSH_LEASE_SECONDS: '30',
    });
    assert.deepEqual(config, {
      mode: 'production', host: '0.0.0.0', port: 8123, dataDir: '/srv/oblako', couchUrl: 'http://admin:pw@couch:5984',
      dbPrefix: 'clinic1_', jwtSecret: SECRET, accessTokenTtlSeconds: 300, refreshTokenTtlDays: 7, refreshReuseLeewaySeconds: 5,
      signInMaxAttempts: 10, signInWindowSeconds: 60, rateLimitPerMinute: 100, signInRateLimitPerMinute: 20,
      bodyLimitBytes: 2_000_000, pwaDir: '/srv/pwa', tlsCert: '/etc/cert.pem', tlsKey: '/etc/key.pem', trustProxy: true,
      logLevel: 'warn', jitsiDomain: 'meet.example.ru',
      blobDir: '/srv/blobs', fileMaxBytes: 1_000_000, patientQuotaBytes: 5_000_000, uploadExpiryHours: 24,
      blobStore: 's3', s3Bucket: 'oblako-files', s3Region: 'ru-central1', s3Endpoint: 'https://storage.yandexcloud.net',
      s3AccessKeyId: 'key-id', s3SecretAccessKey: 'secret-key', s3ForcePathStyle: true,
      smsProvider: 'smsc', smsRuApiId: 'ru-key', smscLogin: 'oblako', smscPassword: 'psw', smscApiKey: 'smsc-key', smsSender: 'Oblako',
      smsApiUrl: 'https://smsc.example', smsTest: true, smsMaxAttempts: 5, smsPollIntervalMs: 500, smsLeaseSeconds: 30, followerLeaseSeconds: 12,
      publicUrl: 'https://oblako.example.ru',
      jitsiAppId: 'oblako', jitsiAppSecret: 'jitsi-secret-0123456789', videoJoinBeforeMinutes: 10, videoJoinAfterMinutes: 20,
      videoTokenTtlSeconds: 120, stunUrls: ['stun:turn.example.ru:3478'], turnUrls: ['turn:turn.example.ru:3478?transport=udp', 'turns:turn.example.ru:5349'],
      turnSecret: 'turn-secret-0123456789', turnCredentialTtlSeconds: 3600,
      vapidPublicKey: VAPID_PUBLIC, vapidPrivateKey: VAPID_PRIVATE, vapidSubject: 'mailto:ops@oblako.example.ru',
      pushAllowPrivateEndpoints: false, pushRetryBaseMs: 1000, pushMaxAttempts: 5, pushPollIntervalMs: 500, pushLeaseSeconds: 30,
    });
  });

  test('web push keys come as a set', () => {
    assert.throws(() => loadConfig({ OBLAKO_MODE: 'production', JWT_SECRET: SECRET, VAPID_PUBLIC_KEY: VAPID_PUBLIC, DATA_DIR: tempDir() }), /VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT/);
    assert.throws(() => loadConfig({ OBLAKO_MODE: 'production', JWT_SECRET: SECRET, VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: VAPID_PRIVATE, VAPID_SUBJECT: 'mailto:a@b.ru', DATA_DIR: tempDir() }), /vapidPublicKey/);
    // None at all: push is off, the server starts (SMS and the cabinet carry notifications).
    assert.equal(loadConfig({ OBLAKO_MODE: 'production', JWT_SECRET: SECRET, DATA_DIR: tempDir() }).vapidPublicKey, undefined);
  });

  test('bad values are refused with every problem named', () => {
    const bad = { OBLAKO_MODE: 'production', JWT_SECRET: 'short', PORT: 'eighty', TRUST_PROXY: 'maybe', DATA_DIR: tempDir() };
    assert.throws(() => loadConfig(bad), (error: Error) =>
      error instanceof ConfigError && /PORT must be a number/.test(error.message) && /TRUST_PROXY must be true or false/.test(error.message));
    const cases: Record<string, NodeJS.ProcessEnv> = {
      'short secret': { JWT_SECRET: 'short' },
      'port out of range': { PORT: '70000' },
      'unknown mode': { OBLAKO_MODE: 'staging' },
      'cert without key': { TLS_CERT: '/etc/cert.pem' },
      'bad couch url': { COUCH_URL: 'couch:5984' },
      'bad prefix': { COUCH_DB_PREFIX: 'Oblako' },
      'bad log level': { LOG_LEVEL: 'verbose' },
      'zero attempts': { SIGN_IN_MAX_ATTEMPTS: '0' },
      's3 without a bucket': { BLOB_STORE: 's3' },
      'unknown blob store': { BLOB_STORE: 'ftp' },
      'TURN without its secret': { TURN_URLS: 'turn:turn.example.ru:3478' },
      'a STUN url that is not one': { STUN_URLS: 'https://turn.example.ru' },
      'Jitsi app id without its secret': { JITSI_APP_ID: 'oblako' },
      'unknown SMS provider': { SMS_PROVIDER: 'pigeon' },
      'SMS.ru without a key': { SMS_PROVIDER: 'smsru' },
      'SMSC.ru with a login only': { SMS_PROVIDER: 'smsc', SMSC_LOGIN: 'oblako' },
    };
    for (const [name, env] of Object.entries(cases)) {
      assert.throws(() => loadConfig({ ...env, DATA_DIR: tempDir() }), ConfigError, name);
    }
  });

  test('overrides win over the environment and are validated too', () => {
    const config = loadConfig({ PORT: '9000', DATA_DIR: tempDir() }, { port: 0, jwtSecret: SECRET });
    assert.equal(config.port, 0);
    assert.equal(config.jwtSecret, SECRET);
    assert.throws(() => loadConfig({ DATA_DIR: tempDir() }, { accessTokenTtlSeconds: 1 }), ConfigError);
  });

  test('the README documents every environment variable', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const variable of ENV_VARS) assert.ok(readme.includes(`\`${variable.name}\``), `${variable.name} is missing from sync-server/README.md`);
  });
});
