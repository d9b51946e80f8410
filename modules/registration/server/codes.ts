import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpError, readMany } from '@oblako/server-kit';
import { CODE_LIMITS, type CodePurpose } from '../api';

/**
 * SMS codes that prove a person holds a phone: a challenge per code (6 digits, 5 minutes,
 * 5 attempts), a per-phone record that spaces codes 60 s apart and caps them per day, and a
 * single-use verification token once the code is right. All in the store (any instance can
 * check what another sent), codes and tokens only as keyed hashes.
 */
export const CODES_DB = 'registration_codes';

interface ChallengeDoc {
  _id: string;
  _rev?: string;
  type: 'phone_challenge';
  phone: string;
  purpose: CodePurpose;
  codeHash: string;
  codeExpiresAt: string;
  attempts: number;
  verifiedAt?: string;
  tokenHash?: string;
  tokenExpiresAt?: string;
  usedAt?: string;
  /** Purge time (couch-design/expiry): a day after the last use it could have. */
  expiresAt: string;
}

interface PhoneDoc {
  _id: string;
  _rev?: string;
  type: 'phone_codes';
  /** Epoch ms of the codes sent in the last 24 hours. */
  sent: number[];
  expiresAt: string;
}

const DAY_MS = 86_400_000;
const MAX_WRITE_ATTEMPTS = 10;

export interface Verified {
  challengeId: string;
  phone: string;
}

export interface Codes {
  /** Counts a code for the phone (429 when too soon or too many) and creates its challenge. */
  issue(phone: string, purpose: CodePurpose): Promise<{ challengeId: string; code: string; expiresAt: string; resendAvailableAt: string }>;
  /** Checks a code; the right one gives a verification token (`<challengeId>.<secret>`). */
  verify(challengeId: string, code: string): Promise<{ phone: string; token: string; expiresAt: string }>;
  /** The phone a token proves, or 401 `verification_expired`. Does not use the token up. */
  check(token: string): Promise<Verified>;
  /** Uses the token up (a second completion with it fails). */
  consume(verified: Verified): Promise<void>;
}

/** Hex digests compared in constant time. */
function sameHash(expectedHex: string, actualHex: string): boolean {
  const expected = Uint8Array.from(Buffer.from(expectedHex, 'hex'));
  const actual = Uint8Array.from(Buffer.from(actualHex, 'hex'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function createCodes(db: PouchDB.Database, secret: string): Codes {
  const keyed = (value: string) => createHmac('sha256', secret).update(value).digest('hex');
  // Hashed ids: a deleted record leaves its id behind, and it must not be a phone number.
  const phoneId = (phone: string) => `phone:${createHash('sha256').update(phone).digest('hex')}`;
  const challengeId = (id: string) => `challenge:${id}`;

  const get = async <T>(id: string) => (await readMany<T & { _id: string }>(db, [id])).get(id) ?? null;
  const put = async <T extends { _id: string }>(doc: T): Promise<boolean> => {
    try {
      await db.put(doc as PouchDB.Core.PutDocument<T>);
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 409) return false;
      throw error;
    }
  };

  const reserve = async (phone: string): Promise<number> => {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const now = Date.now();
      const current = await get<PhoneDoc>(phoneId(phone));
      const recent = (current?.sent ?? []).filter((time) => time > now - DAY_MS);
      const last = recent[recent.length - 1];
      if (last !== undefined && now - last < CODE_LIMITS.resendAfterSeconds * 1000) {
        throw new HttpError(429, 'code_resend_too_soon', { retryAfterSeconds: Math.ceil((last + CODE_LIMITS.resendAfterSeconds * 1000 - now) / 1000) });
      }
      if (recent.length >= CODE_LIMITS.maxCodesPerPhonePerDay) {
        throw new HttpError(429, 'code_limit_reached', { retryAfterSeconds: Math.ceil((recent[0]! + DAY_MS - now) / 1000) });
      }
      const next: PhoneDoc = {
        _id: phoneId(phone), ...(current?._rev ? { _rev: current._rev } : {}), type: 'phone_codes', sent: [...recent, now], expiresAt: new Date(now + DAY_MS).toISOString(),
      };
      if (await put(next)) return now;
    }
    throw new HttpError(429, 'code_resend_too_soon', { retryAfterSeconds: 1 });
  };

  const verified = async (token: string): Promise<{ doc: ChallengeDoc; id: string } | null> => {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const doc = await get<ChallengeDoc>(challengeId(match[1]!));
    if (!doc?.tokenHash || doc.usedAt || !doc.tokenExpiresAt || doc.tokenExpiresAt <= new Date().toISOString()) return null;
    return sameHash(doc.tokenHash, keyed(`token:${match[2]!}`)) ? { doc, id: match[1]! } : null;
  };

  return {
    async issue(phone, purpose) {
      const sentAt = await reserve(phone);
      const id = randomUUID();
      const code = String(randomInt(0, 10 ** CODE_LIMITS.codeLength)).padStart(CODE_LIMITS.codeLength, '0');
      const codeExpiresAt = new Date(sentAt + CODE_LIMITS.codeTtlSeconds * 1000).toISOString();
      await db.put({
        _id: challengeId(id), type: 'phone_challenge', phone, purpose, codeHash: keyed(`code:${id}:${code}`), codeExpiresAt, attempts: 0,
        expiresAt: new Date(sentAt + DAY_MS).toISOString(),
      } satisfies ChallengeDoc);
      return { challengeId: id, code, expiresAt: codeExpiresAt, resendAvailableAt: new Date(sentAt + CODE_LIMITS.resendAfterSeconds * 1000).toISOString() };
    },

    async verify(id, code) {
      for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
        const doc = await get<ChallengeDoc>(challengeId(id));
        const now = new Date().toISOString();
        if (!doc || doc.verifiedAt || doc.codeExpiresAt <= now) throw new HttpError(410, 'code_expired', { field: 'code' });
        if (doc.attempts >= CODE_LIMITS.maxAttempts) throw new HttpError(429, 'code_attempts_exhausted', { field: 'code' });
        if (!sameHash(doc.codeHash, keyed(`code:${id}:${code}`))) {
          // Counted with the revision as a lock: parallel guesses cannot slip past the limit.
          if (!(await put<ChallengeDoc>({ ...doc, attempts: doc.attempts + 1 }))) continue;
          if (doc.attempts + 1 >= CODE_LIMITS.maxAttempts) throw new HttpError(429, 'code_attempts_exhausted', { field: 'code' });
          throw new HttpError(400, 'code_invalid', { field: 'code' });
        }
        const secretPart = randomBytes(32).toString('base64url');
        const tokenExpiresAt = new Date(Date.now() + CODE_LIMITS.verificationTtlSeconds * 1000).toISOString();
        const next: ChallengeDoc = {
          ...doc, verifiedAt: now, tokenHash: keyed(`token:${secretPart}`), tokenExpiresAt,
          expiresAt: new Date(Date.parse(tokenExpiresAt) + DAY_MS).toISOString(),
        };
        if (!(await put(next))) continue;
        return { phone: doc.phone, token: `${id}.${secretPart}`, expiresAt: tokenExpiresAt };
      }
      throw new HttpError(429, 'code_attempts_exhausted', { field: 'code' });
    },

    async check(token) {
      const found = await verified(token);
      if (!found) throw new HttpError(401, 'verification_expired', { field: 'verificationToken' });
      return { challengeId: found.id, phone: found.doc.phone };
    },

    async consume({ challengeId: id }) {
      const doc = await get<ChallengeDoc>(challengeId(id));
      if (!doc || doc.usedAt || !(await put<ChallengeDoc>({ ...doc, usedAt: new Date().toISOString() }))) {
        throw new HttpError(401, 'verification_expired', { field: 'verificationToken' });
      }
    },
  };
}
