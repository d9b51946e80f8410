import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { CONFIG_SCHEMA } from './schema';
import { demoJwtSecret } from './jwt-secret';

export { ENV_VARS, type EnvVar } from './env';

export type Mode = 'demo' | 'production';

export interface Config {
  /** `demo`: demo accounts and a generated JWT secret; `production`: neither. */
  mode: Mode;
  host: string;
  port: number;
  /** Absolute. Embedded store under `<dataDir>/db/`, demo secret under `<dataDir>/secrets/`. */
  dataDir: string;
  /** Apache CouchDB base URL; absent → embedded LevelDB. */
  couchUrl?: string;
  dbPrefix: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  refreshReuseLeewaySeconds: number;
  /** Absolute path of the built PWA. */
  pwaDir: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel: string;
  trustProxy: boolean;
  signInMaxAttempts: number;
  signInWindowSeconds: number;
  rateLimitPerMinute: number;
  /** Sign-in requests per minute per client IP (password spraying across many phones). */
  signInRateLimitPerMinute: number;
  bodyLimitBytes: number;
  jitsiDomain?: string;
  /** Jitsi token authentication: `iss` and HS256 key of the participants' JWTs. */
  jitsiAppId?: string;
  jitsiAppSecret?: string;
  /** The join window of a video consultation: slot start − before … slot end + after. */
  videoJoinBeforeMinutes: number;
  videoJoinAfterMinutes: number;
  videoTokenTtlSeconds: number;
  /** ICE servers of the built-in WebRTC calls; TURN credentials by the TURN REST API shared secret. */
  stunUrls: string[];
  turnUrls: string[];
  turnSecret?: string;
  turnCredentialTtlSeconds: number;
  /** Where SMS go: stored only (`outbox`), SMS.ru or SMSC.ru. */
  smsProvider: 'outbox' | 'smsru' | 'smsc';
  smsRuApiId?: string;
  smscLogin?: string;
  smscPassword?: string;
  smscApiKey?: string;
  smsSender?: string;
  /** Provider API base URL override (backup host, local fake in tests). */
  smsApiUrl?: string;
  /** Provider dry run: requests are checked, nothing is delivered. */
  smsTest: boolean;
  smsMaxAttempts: number;
  smsPollIntervalMs: number;
  smsLeaseSeconds: number;
  /** Lease of a change-feed follower (one instance follows each feed; a crashed one is replaced after this). */
  followerLeaseSeconds: number;
  /** The public address of the service (for links in SMS). */
  publicUrl?: string;
  /** Where patients get help (the account page); absent when the operator has not set them. */
  supportPhone?: string;
  supportEmail?: string;
  /** Absolute. Medical files: `uploads/` (tus, in progress) and `files/` (verified) below it. */
  blobDir: string;
  /** Largest medical file accepted, in bytes. */
  fileMaxBytes: number;
  /** Total bytes of one patient's files (uploaded + in progress). */
  patientQuotaBytes: number;
  /** Unfinished uploads older than this are deleted and stop counting against the quota. */
  uploadExpiryHours: number;
  /** Where file bytes live: `disk` (blobDir) or an S3-compatible bucket. */
  blobStore: 'disk' | 's3';
  s3Bucket?: string;
  s3Region: string;
  s3Endpoint?: string;
  s3AccessKeyId?: string;
  s3SecretAccessKey?: string;
  s3ForcePathStyle: boolean;
  /** Web push (VAPID): all three from the environment, or generated in demo mode (modules/push). */
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
  vapidSubject?: string;
  /** Accept http:/loopback/private push endpoints (test stand-ins only). */
  pushAllowPrivateEndpoints: boolean;
  pushRetryBaseMs: number;
  pushMaxAttempts: number;
  pushPollIntervalMs: number;
  pushLeaseSeconds: number;
}

/** A configuration the server must not start with; the message is for the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const validate = new Ajv({ allErrors: true }).compile(CONFIG_SCHEMA);

/**
 * Reads the configuration from environment variables (names in ./env.ts), applies overrides
 * (tests, embedding) and validates the result. Throws ConfigError with every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const mode = overrides.mode ?? readMode(env, problems);
  const production = mode === 'production';
  const number = (name: string, fallback: number): number => readNumber(env, name, fallback, problems);

  const draft: Partial<Config> = {
    mode,
    host: text(env['HOST']) ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: number('PORT', 8080),
    dataDir: text(env['DATA_DIR']) ?? './data',
    couchUrl: text(env['COUCH_URL']),
    dbPrefix: env['COUCH_DB_PREFIX'] ?? 'oblako_',
    jwtSecret: text(env['JWT_SECRET']),
    accessTokenTtlSeconds: number('ACCESS_TOKEN_TTL_SECONDS', 900),
    refreshTokenTtlDays: number('REFRESH_TOKEN_TTL_DAYS', 30),
    refreshReuseLeewaySeconds: number('REFRESH_REUSE_LEEWAY_SECONDS', 10),
    pwaDir: text(env['PWA_DIR']) ?? 'dist/pwa/browser',
    tlsCert: text(env['TLS_CERT']),
    tlsKey: text(env['TLS_KEY']),
    logLevel: text(env['LOG_LEVEL']) ?? 'info',
    trustProxy: readBoolean(env, 'TRUST_PROXY', false, problems),
    signInMaxAttempts: number('SIGN_IN_MAX_ATTEMPTS', 5),
    signInWindowSeconds: number('SIGN_IN_WINDOW_SECONDS', 900),
    rateLimitPerMinute: number('RATE_LIMIT_PER_MINUTE', 1200),
    signInRateLimitPerMinute: number('SIGN_IN_RATE_LIMIT_PER_MINUTE', 30),
    bodyLimitBytes: number('BODY_LIMIT_BYTES', 1024 * 1024),
    jitsiDomain: text(env['JITSI_DOMAIN']),
    jitsiAppId: text(env['JITSI_APP_ID']),
    jitsiAppSecret: text(env['JITSI_APP_SECRET']),
    videoJoinBeforeMinutes: number('VIDEO_JOIN_BEFORE_MINUTES', 15),
    videoJoinAfterMinutes: number('VIDEO_JOIN_AFTER_MINUTES', 30),
    videoTokenTtlSeconds: number('VIDEO_TOKEN_TTL_SECONDS', 300),
    stunUrls: list(env['STUN_URLS']),
    turnUrls: list(env['TURN_URLS']),
    turnSecret: text(env['TURN_SECRET']),
    turnCredentialTtlSeconds: number('TURN_CREDENTIAL_TTL_SECONDS', 7200),
    smsProvider: (text(env['SMS_PROVIDER']) ?? 'outbox') as Config['smsProvider'],
    smsRuApiId: text(env['SMS_RU_API_ID']),
    smscLogin: text(env['SMSC_LOGIN']),
    smscPassword: text(env['SMSC_PASSWORD']),
    smscApiKey: text(env['SMSC_APIKEY']),
    smsSender: text(env['SMS_SENDER']),
    smsApiUrl: text(env['SMS_API_URL']),
    smsTest: readBoolean(env, 'SMS_TEST', false, problems),
    smsMaxAttempts: number('SMS_MAX_ATTEMPTS', 8),
    smsPollIntervalMs: number('SMS_POLL_INTERVAL_MS', 2000),
    smsLeaseSeconds: number('SMS_LEASE_SECONDS', 60),
    followerLeaseSeconds: number('FOLLOWER_LEASE_SECONDS', 30),
    publicUrl: text(env['PUBLIC_URL']),
    supportPhone: text(env['SUPPORT_PHONE']),
    supportEmail: text(env['SUPPORT_EMAIL']),
    blobDir: text(env['BLOB_DIR']),
    fileMaxBytes: number('FILE_MAX_BYTES', 200 * 1024 * 1024),
    patientQuotaBytes: number('PATIENT_QUOTA_BYTES', 2 * 1024 * 1024 * 1024),
    uploadExpiryHours: number('UPLOAD_EXPIRY_HOURS', 7 * 24),
    blobStore: (text(env['BLOB_STORE']) ?? 'disk') as Config['blobStore'],
    s3Bucket: text(env['S3_BUCKET']),
    s3Region: text(env['S3_REGION']) ?? 'ru-central1',
    s3Endpoint: text(env['S3_ENDPOINT']),
    s3AccessKeyId: text(env['S3_ACCESS_KEY_ID']),
    s3SecretAccessKey: text(env['S3_SECRET_ACCESS_KEY']),
    s3ForcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', false, problems),
    vapidPublicKey: text(env['VAPID_PUBLIC_KEY']),
    vapidPrivateKey: text(env['VAPID_PRIVATE_KEY']),
    vapidSubject: text(env['VAPID_SUBJECT']),
    pushAllowPrivateEndpoints: readBoolean(env, 'PUSH_ALLOW_PRIVATE_ENDPOINTS', false, problems),
    pushRetryBaseMs: number('PUSH_RETRY_BASE_MS', 30_000),
    pushMaxAttempts: number('PUSH_MAX_ATTEMPTS', 4),
    pushPollIntervalMs: number('PUSH_POLL_INTERVAL_MS', 1000),
    pushLeaseSeconds: number('PUSH_LEASE_SECONDS', 60),
    ...overrides,
  };
  draft.dataDir = resolve(draft.dataDir ?? './data');
  draft.pwaDir = resolve(draft.pwaDir ?? 'dist/pwa/browser');
  draft.blobDir = resolve(draft.blobDir ?? join(draft.dataDir, 'blobs'));
  for (const key of Object.keys(draft) as (keyof Config)[]) {
    if (draft[key] === undefined) delete draft[key];
  }

  if (!draft.jwtSecret) {
    if (production) problems.push('JWT_SECRET is required in production mode (at least 32 random characters, the same on every instance).');
    else if (problems.length === 0) draft.jwtSecret = demoJwtSecret(draft.dataDir);
  }
  if (Boolean(draft.tlsCert) !== Boolean(draft.tlsKey)) problems.push('TLS_CERT and TLS_KEY go together: set both or neither.');
  if (draft.blobStore === 's3' && !draft.s3Bucket) problems.push('BLOB_STORE=s3 needs S3_BUCKET.');
  if (Boolean(draft.s3AccessKeyId) !== Boolean(draft.s3SecretAccessKey)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither.');
  problems.push(...smsProblems(draft));
  if (draft.turnUrls?.length && !draft.turnSecret) problems.push('TURN_URLS needs TURN_SECRET (coturn static-auth-secret).');
  if (Boolean(draft.jitsiAppId) !== Boolean(draft.jitsiAppSecret)) problems.push('JITSI_APP_ID and JITSI_APP_SECRET go together: set both or neither.');
  problems.push(...vapidProblems(draft));
  if (problems.length === 0 && !validate(draft)) {
    for (const error of validate.errors ?? []) {
      problems.push(`${error.instancePath.slice(1) || 'config'} ${error.message ?? 'is invalid'}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return draft as Config;
}

function readMode(env: NodeJS.ProcessEnv, problems: string[]): Mode {
  if (env['NODE_ENV'] === 'production') return 'production';
  const mode = text(env['OBLAKO_MODE']) ?? 'demo';
  if (mode === 'demo' || mode === 'production') return mode;
  problems.push(`OBLAKO_MODE must be "demo" or "production", got "${mode}".`);
  return 'production';
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A comma-separated list; empty entries dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = text(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) problems.push(`${name} must be a number, got "${raw}".`);
  return value;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = text(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false, got "${raw}".`);
  return fallback;
}

/** The chosen SMS provider must have its credentials (a queue that can never send hides the problem). */
function smsProblems(draft: Partial<Config>): string[] {
  if (draft.smsProvider === 'smsru' && !draft.smsRuApiId) return ['SMS_PROVIDER=smsru needs SMS_RU_API_ID.'];
  if (draft.smsProvider === 'smsc' && !draft.smscApiKey && !(draft.smscLogin && draft.smscPassword)) {
    return ['SMS_PROVIDER=smsc needs SMSC_APIKEY, or SMSC_LOGIN and SMSC_PASSWORD.'];
  }
  return [];
}

/**
 * VAPID keys come as a set. Production never generates them (every instance must sign alike and
 * subscriptions die with the key): without them web push is off there and SMS carry everything.
 */
function vapidProblems(draft: Partial<Config>): string[] {
  const given = [draft.vapidPublicKey, draft.vapidPrivateKey, draft.vapidSubject].filter(Boolean).length;
  if (draft.mode === 'production' && given > 0 && given < 3) return ['Web push needs all of VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT (generate a pair with `npx web-push generate-vapid-keys`), or none of them (push off).'];
  if (given > 0 && !(draft.vapidPublicKey && draft.vapidPrivateKey)) return ['VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both or neither.'];
  return [];
}
