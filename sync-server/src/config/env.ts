/**
 * The environment variables the server reads: one table, used by loadConfig and mirrored in
 * sync-server/README.md (a test keeps the two in step). Defaults are those of demo mode.
 */
export interface EnvVar {
  name: string;
  description: string;
  /** Shown in the README; `—` when unset by default. */
  default: string;
}

export const ENV_VARS: readonly EnvVar[] = [
  { name: 'OBLAKO_MODE', default: 'demo', description: '`demo` (demo accounts, generated JWT secret) or `production` (no demo accounts, JWT_SECRET required).' },
  { name: 'NODE_ENV', default: '—', description: '`production` forces production mode whatever OBLAKO_MODE says.' },
  { name: 'PORT', default: '8080', description: 'TCP port to listen on.' },
  { name: 'HOST', default: '127.0.0.1 (demo), 0.0.0.0 (production)', description: 'Interface to listen on; `0.0.0.0` to reach the server from a phone on the network.' },
  { name: 'DATA_DIR', default: './data', description: 'Embedded store (LevelDB under `<DATA_DIR>/db/`) and the demo JWT secret (`<DATA_DIR>/secrets/jwt-secret`, mode 0600).' },
  { name: 'COUCH_URL', default: '—', description: 'Apache CouchDB 3 base URL, e.g. `https://oblako:secret@couch.internal:5984`. When set, the store is CouchDB instead of the embedded LevelDB.' },
  { name: 'COUCH_DB_PREFIX', default: 'oblako_', description: 'Prefix of every database name in the store (lowercase letter first; `[a-z0-9_$()+/-]`).' },
  { name: 'JWT_SECRET', default: 'generated (demo)', description: 'HS256 key for access tokens, at least 32 characters. Required in production; the same on every instance.' },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', default: '900', description: 'Lifetime of an access token.' },
  { name: 'REFRESH_TOKEN_TTL_DAYS', default: '30', description: 'Lifetime of a refresh token (renewed on each refresh, so a device used within this period stays signed in).' },
  { name: 'REFRESH_REUSE_LEEWAY_SECONDS', default: '10', description: 'A used refresh token presented again within this time (two tabs refreshing at once) gets a new token; later it counts as theft and ends the whole session family.' },
  { name: 'SIGN_IN_MAX_ATTEMPTS', default: '5', description: 'Failed sign-ins per phone number within the window before sign-in is refused with 429 (counted in the store, shared by all instances).' },
  { name: 'SIGN_IN_WINDOW_SECONDS', default: '900', description: 'The window of SIGN_IN_MAX_ATTEMPTS.' },
  { name: 'RATE_LIMIT_PER_MINUTE', default: '1200', description: 'Requests per minute per client IP across the API (in-memory per instance).' },
  { name: 'SIGN_IN_RATE_LIMIT_PER_MINUTE', default: '30', description: 'Sign-in requests per minute per client IP (in-memory per instance), against password spraying across many phones. The same limit covers code checks of registration and password restore; SMS code requests get a sixth of it.' },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', description: 'Largest accepted request body; larger → 413.' },
  { name: 'PWA_DIR', default: 'dist/pwa/browser', description: 'The built PWA served at `/`.' },
  { name: 'TLS_CERT', default: '—', description: 'PEM certificate file: serve HTTPS directly (set together with TLS_KEY).' },
  { name: 'TLS_KEY', default: '—', description: 'PEM private key file of TLS_CERT.' },
  { name: 'TRUST_PROXY', default: 'false', description: '`true` behind a TLS-terminating reverse proxy: client IP and protocol come from X-Forwarded-* (secure cookies, HSTS).' },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.' },
  { name: 'BLOB_DIR', default: '<DATA_DIR>/blobs', description: 'Medical files on the local disk: uploads in progress under `uploads/` (they survive a restart), verified files under `files/<patient>/<file>`. Keep it on one file system and back it up with the store.' },
  { name: 'FILE_MAX_BYTES', default: '209715200', description: 'Largest medical file accepted (200 MiB); a larger upload is refused before any byte is sent.' },
  { name: 'PATIENT_QUOTA_BYTES', default: '2147483648', description: 'Total size of one patient\'s files, uploaded and in progress (2 GiB).' },
  { name: 'UPLOAD_EXPIRY_HOURS', default: '168', description: 'An upload not finished within this time is deleted (and stops counting against the quota); the device starts it anew.' },
  { name: 'BLOB_STORE', default: 'disk', description: '`disk` (files under BLOB_DIR) or `s3` (an S3-compatible bucket through @tus/s3-store; not exercised by the tests).' },
  { name: 'S3_BUCKET', default: '—', description: 'Bucket of BLOB_STORE=s3 (private; in Russia for 152-FZ). Uploads in progress at its root, verified files under `files/`.' },
  { name: 'S3_REGION', default: 'ru-central1', description: 'Region of the bucket.' },
  { name: 'S3_ENDPOINT', default: '—', description: 'S3-compatible endpoint, e.g. `https://storage.yandexcloud.net`; AWS when unset.' },
  { name: 'S3_ACCESS_KEY_ID', default: '—', description: 'Access key of BLOB_STORE=s3 (with S3_SECRET_ACCESS_KEY); the SDK\'s default credential chain when unset.' },
  { name: 'S3_SECRET_ACCESS_KEY', default: '—', description: 'Secret key of S3_ACCESS_KEY_ID.' },
  { name: 'S3_FORCE_PATH_STYLE', default: 'false', description: '`true` for endpoints without virtual-host buckets (MinIO).' },
  { name: 'JITSI_DOMAIN', default: '—', description: 'Jitsi Meet deployment (host name) the PWA may embed; allowed in the Content-Security-Policy.' },
  { name: 'SMS_PROVIDER', default: 'outbox', description: '`outbox` (messages are only stored and listed for managers in «SMS»: nothing leaves the machine), `smsru` (SMS.ru) or `smsc` (SMSC.ru). Production needs a real provider.' },
  { name: 'SMS_RU_API_ID', default: '—', description: 'SMS.ru API key (`api_id`); required with `SMS_PROVIDER=smsru`.' },
  { name: 'SMSC_LOGIN', default: '—', description: 'SMSC.ru login; with SMSC_PASSWORD, or use SMSC_APIKEY instead.' },
  { name: 'SMSC_PASSWORD', default: '—', description: 'SMSC.ru password (`psw`).' },
  { name: 'SMSC_APIKEY', default: '—', description: 'SMSC.ru API key (`apikey`), instead of SMSC_LOGIN/SMSC_PASSWORD.' },
  { name: 'SMS_SENDER', default: '—', description: 'Sender name registered with the provider (`from` at SMS.ru, `sender` at SMSC.ru); the provider default when unset.' },
  { name: 'SMS_API_URL', default: 'the provider\'s', description: 'Base URL of the provider API (`https://sms.ru`, `https://smsc.ru`): a backup host, or a local fake in tests.' },
  { name: 'SMS_TEST', default: 'false', description: '`true`: the provider only checks requests (`test=1` at SMS.ru, `cost=1` at SMSC.ru); no SMS is delivered.' },
  { name: 'SMS_MAX_ATTEMPTS', default: '8', description: 'Sending attempts per message (backoff 30 s, 1, 2, 4 … min, at most 1 h apart) before it is marked failed.' },
  { name: 'SMS_POLL_INTERVAL_MS', default: '2000', description: 'How often the SMS queue is checked for due messages (new messages wake it at once).' },
  { name: 'SMS_LEASE_SECONDS', default: '60', description: 'A message being sent is leased for this long; if the sender dies, another attempt starts after it.' },
  { name: 'PUBLIC_URL', default: '—', description: 'The address people open, e.g. `https://oblako.example.ru`; put into credential SMS so patients know where to sign in.' },
  { name: 'VAPID_PUBLIC_KEY', default: 'generated (demo)', description: 'Web push VAPID public key (base64url, 65 bytes: `npx web-push generate-vapid-keys`). In production set all three VAPID_* (without them web push is off and SMS carry every notification); in demo mode a pair is generated at first start and kept in the store (the same for every instance).' },
  { name: 'VAPID_PRIVATE_KEY', default: 'generated (demo)', description: 'Web push VAPID private key (base64url, 32 bytes) of VAPID_PUBLIC_KEY. A secret: never in the repository.' },
  { name: 'VAPID_SUBJECT', default: 'mailto:admin@oblako.invalid (demo)', description: 'Contact the push services may reach the operator at: `mailto:` address or `https:` URL.' },
  { name: 'PUSH_ALLOW_PRIVATE_ENDPOINTS', default: 'false', description: '`true` accepts push subscriptions whose endpoint is `http:` or a loopback/private address (local push-service stand-ins in tests and benches). Never in production.' },
  { name: 'PUSH_RETRY_BASE_MS', default: '30000', description: 'First wait before retrying a push the push service refused with 5xx/429 or a network error; doubles each attempt.' },
  { name: 'PUSH_MAX_ATTEMPTS', default: '4', description: 'Push attempts before a notification falls back to SMS (where SMS is due) or is marked failed.' },
  { name: 'PUSH_LEASE_SECONDS', default: '60', description: 'A push being sent is leased for this long; if its sender dies, another instance sends it after the lease (same Topic and tag: the phone shows it once).' },
  { name: 'PUSH_POLL_INTERVAL_MS', default: '1000', description: 'How often due push notifications and reminders are looked for (new ones wake the sender at once).' },
];
