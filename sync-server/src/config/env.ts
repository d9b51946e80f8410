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
  { name: 'SIGN_IN_RATE_LIMIT_PER_MINUTE', default: '30', description: 'Sign-in requests per minute per client IP (in-memory per instance), against password spraying across many phones.' },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', description: 'Largest accepted request body; larger → 413.' },
  { name: 'PWA_DIR', default: 'dist/pwa/browser', description: 'The built PWA served at `/`.' },
  { name: 'TLS_CERT', default: '—', description: 'PEM certificate file: serve HTTPS directly (set together with TLS_KEY).' },
  { name: 'TLS_KEY', default: '—', description: 'PEM private key file of TLS_CERT.' },
  { name: 'TRUST_PROXY', default: 'false', description: '`true` behind a TLS-terminating reverse proxy: client IP and protocol come from X-Forwarded-* (secure cookies, HSTS).' },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.' },
  { name: 'JITSI_DOMAIN', default: '—', description: 'Jitsi Meet deployment (host name) the PWA may embed; allowed in the Content-Security-Policy.' },
];
