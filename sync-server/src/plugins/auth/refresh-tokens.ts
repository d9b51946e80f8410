import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../errors/index';
import { getOrNull, putUnlessConflict } from '../store/single';
import { REVOKED_PREFIX, type FamilyRevocationDoc } from './session-revocations';

/** One refresh token: only its SHA-256 is stored, so a copy of the database signs nobody in. */
interface RefreshTokenDoc {
  _id: string;
  _rev?: string;
  type: 'refresh_token';
  accountId: string;
  /** Every token rotated from one sign-in shares the family; theft detection ends the family. */
  familyId: string;
  /** Account session generation at issue; a newer generation means "signed out everywhere". */
  generation: number;
  secretHash: string;
  createdAt: string;
  expiresAt: string;
  /** Set when rotated; presenting it again later is reuse. */
  usedAt?: string;
}

export interface RefreshGrant {
  accountId: string;
  familyId: string;
  generation: number;
  /** `<id>.<secret>`, for the cookie. */
  token: string;
}

/** What the rotation needs to know about the account the token belongs to. */
export interface AccountState {
  disabled: boolean;
  sessionGeneration: number;
}

const TOKEN_PREFIX = 'token:';
const TOKEN_PATTERN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
const DAY_MS = 86_400_000;
const MAX_ROTATION_ATTEMPTS = 5;

export interface RefreshTokens {
  /** A new family for a fresh sign-in. */
  start(accountId: string, generation: number): Promise<RefreshGrant>;
  /**
   * Exchanges a token for a new one in the same family. Throws 401: `session_expired` (unknown,
   * expired, ended), `account_disabled`, or `refresh_reused` — a token used before and
   * presented again after the leeway, which ends the whole family (someone has a copy).
   */
  rotate(token: string, account: (accountId: string) => Promise<AccountState | null>): Promise<RefreshGrant>;
  /** Ends the token's family (sign-out). Unknown or malformed tokens are ignored. */
  revoke(token: string): Promise<void>;
}

export function createRefreshTokens(
  sessions: PouchDB.Database,
  options: { ttlDays: number; reuseLeewaySeconds: number; onFamilyRevoked?: (familyId: string) => void },
): RefreshTokens {
  const ttlMs = options.ttlDays * DAY_MS;

  const issue = async (accountId: string, familyId: string, generation: number): Promise<RefreshGrant> => {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = Date.now();
    const doc: RefreshTokenDoc = {
      _id: TOKEN_PREFIX + id, type: 'refresh_token', accountId, familyId, generation,
      secretHash: sha256(secret), createdAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlMs).toISOString(),
    };
    await sessions.put(doc);
    return { accountId, familyId, generation, token: `${id}.${secret}` };
  };

  /** The stored token matching the presented one, or null. */
  const find = async (token: string): Promise<RefreshTokenDoc | null> => {
    const match = TOKEN_PATTERN.exec(typeof token === 'string' ? token : '');
    if (!match) return null;
    const [, id = '', secret = ''] = match;
    const doc = await getOrNull<RefreshTokenDoc>(sessions, TOKEN_PREFIX + id);
    if (!doc || doc.type !== 'refresh_token') return null;
    const presented = Buffer.from(sha256(secret), 'hex');
    const stored = Buffer.from(doc.secretHash, 'hex');
    return presented.length === stored.length && timingSafeEqual(presented as Uint8Array, stored as Uint8Array) ? doc : null;
  };

  const revokeFamily = async (doc: RefreshTokenDoc, reason: FamilyRevocationDoc['reason']): Promise<void> => {
    const now = Date.now();
    const revocation: FamilyRevocationDoc = {
      _id: REVOKED_PREFIX + doc.familyId, type: 'family_revocation', accountId: doc.accountId, reason,
      revokedAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlMs + DAY_MS).toISOString(),
    };
    await putUnlessConflict(sessions, revocation); // already revoked: nothing to add
    // The family's access tokens stop on this instance now (others: within their cache time).
    options.onFamilyRevoked?.(doc.familyId);
  };

  return {
    start: (accountId, generation) => issue(accountId, randomUUID(), generation),

    async rotate(token, account) {
      const found = await find(token);
      if (!found) throw new HttpError(401, 'session_expired');
      let doc: RefreshTokenDoc = found;
      const revocation = await getOrNull<FamilyRevocationDoc>(sessions, REVOKED_PREFIX + doc.familyId);
      if (revocation) throw new HttpError(401, revocation.reason === 'reuse' ? 'refresh_reused' : 'session_expired');
      if (Date.parse(doc.expiresAt) <= Date.now()) throw new HttpError(401, 'session_expired');
      const state = await account(doc.accountId);
      if (!state) throw new HttpError(401, 'session_expired');
      if (state.disabled) throw new HttpError(401, 'account_disabled');
      if (state.sessionGeneration !== doc.generation) throw new HttpError(401, 'session_expired');

      for (let attempt = 1; ; attempt++) {
        if (doc.usedAt) {
          // Two tabs (or a retried request) refreshing with the same cookie at once: within the
          // leeway the late one gets its own token in the same family instead of a sign-out.
          if (Date.now() - Date.parse(doc.usedAt) <= options.reuseLeewaySeconds * 1000) {
            return issue(doc.accountId, doc.familyId, doc.generation);
          }
          await revokeFamily(doc, 'reuse');
          throw new HttpError(401, 'refresh_reused');
        }
        if (await putUnlessConflict(sessions, { ...doc, usedAt: new Date().toISOString() })) {
          return issue(doc.accountId, doc.familyId, doc.generation);
        }
        // Another request (maybe another instance) rotated it a moment ago: look again.
        const latest: RefreshTokenDoc | null = await getOrNull<RefreshTokenDoc>(sessions, doc._id);
        if (!latest || attempt >= MAX_ROTATION_ATTEMPTS) throw new HttpError(401, 'session_expired');
        doc = latest;
      }
    },

    async revoke(token) {
      const doc = await find(token);
      if (doc) await revokeFamily(doc, 'sign_out');
    },
  };
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
