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
  { name: 'JITSI_APP_ID', default: '—', description: 'With JITSI_DOMAIN: the `iss` of the JWT our server signs per participant for the deployment\'s token authentication (prosody `app_id`).' },
  { name: 'JITSI_APP_SECRET', default: '—', description: 'With JITSI_APP_ID: the HS256 key of those JWTs (prosody `app_secret`). Unset: rooms are only unguessable, not token-protected.' },
  { name: 'VIDEO_JOIN_BEFORE_MINUTES', default: '15', description: 'The video consultation opens this many minutes before the slot starts.' },
  { name: 'VIDEO_JOIN_AFTER_MINUTES', default: '30', description: 'The video consultation can be joined until this many minutes after the slot ends.' },
  { name: 'VIDEO_TOKEN_TTL_SECONDS', default: '300', description: 'Lifetime of a call token (the signalling server checks it when a device connects; a device asks for a new one to reconnect).' },
  { name: 'STUN_URLS', default: '—', description: 'Comma-separated STUN servers for WebRTC calls, e.g. `stun:turn.example.ru:3478`.' },
  { name: 'TURN_URLS', default: '—', description: 'Comma-separated TURN servers, e.g. `turn:turn.example.ru:3478?transport=udp,turns:turn.example.ru:5349`; needs TURN_SECRET.' },
  { name: 'TURN_SECRET', default: '—', description: 'coturn `static-auth-secret` (`use-auth-secret`): the server hands out time-limited TURN credentials (TURN REST API).' },
  { name: 'TURN_CREDENTIAL_TTL_SECONDS', default: '7200', description: 'Lifetime of the TURN credentials handed to a device for one call.' },
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
  { name: 'FOLLOWER_LEASE_SECONDS', default: '30', description: 'Work that follows the store\'s changes (readiness, consultations from referrals, clean-up of deleted documents\' files) runs on one instance at a time, under a lease kept in the store; if that instance dies, another takes over after this long.' },
  { name: 'SMS_LEASE_SECONDS', default: '60', description: 'A message being sent is leased for this long; if the sender dies, another attempt starts after it.' },
  { name: 'PUBLIC_URL', default: '—', description: 'The address people open, e.g. `https://oblako.example.ru`; put into credential SMS so patients know where to sign in.' },
];
