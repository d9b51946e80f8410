import { SignJWT, jwtVerify } from 'jose';
import { isRole, type Role } from '@oblako/domain';

const ISSUER = 'oblako';
const AUDIENCE = 'oblako-api';
const ALGORITHM = 'HS256';
/**
 * Instances' clocks may differ a little: a token issued by one is accepted by another this many
 * seconds "early". Beyond it, an `iat` in the future is refused (a token minted for later use).
 */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface AccessClaims {
  /** Account id. */
  sub: string;
  role: Role;
  /** Session family id: which sign-in this token descends from (logs, audit). */
  sid: string;
  /** The account's session generation when issued; see AccountDoc.sessionGeneration. */
  gen: number;
}

/** The claims of a token that checked out, with when it stops being valid. */
export interface VerifiedClaims extends AccessClaims {
  /** Until when this process accepts it, ms since the epoch: its `exp` plus the clock tolerance between instances. */
  validUntilMs: number;
}

export interface AccessTokens {
  issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>;
  /**
   * The claims of a valid token, or null for anything else: tampered, other algorithm, expired,
   * without `exp` or `iat`, issued in the future or longer ago than the access-token lifetime.
   */
  verify(token: string): Promise<VerifiedClaims | null>;
}

/** Verified tokens remembered at most (a few hundred bytes each); beyond it the expired ones go, then all. */
const MAX_REMEMBERED_TOKENS = 20_000;

/** Short-lived HS256 access tokens; the key is shared by every instance (JWT_SECRET). */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  // Imported once: given the raw bytes, jose imports the key again for every token it checks
  // (an eighth of the server's CPU when 2,000 waiting devices re-issued their longpolls).
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  // A device sends the same token with every request until it refreshes it (2,000 waiting devices
  // re-issue their longpolls after every change): the signature of an exact token string already
  // checked is not checked again, only its expiry. Only valid tokens are remembered.
  const verified = new Map<string, VerifiedClaims>();
  const remember = (token: string, claims: VerifiedClaims, now: number) => {
    if (verified.size >= MAX_REMEMBERED_TOKENS) {
      for (const [known, { validUntilMs }] of verified) if (validUntilMs <= now) verified.delete(known);
      if (verified.size >= MAX_REMEMBERED_TOKENS) verified.clear();
    }
    verified.set(token, claims);
  };
  return {
    async issue(claims) {
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ role: claims.role, sid: claims.sid, gen: claims.gen })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(await key);
      return { token, expiresAt };
    },

    async verify(token) {
      const now = Date.now();
      const known = verified.get(token);
      if (known) {
        if (known.validUntilMs > now) return known;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          // jose accepts a token without `exp` as never expiring: a token must end, so both are required.
          requiredClaims: ['exp', 'iat', 'sub'],
          // Also refuses an `iat` in the future and a lifetime stretched past ours by a forged `exp`.
          maxTokenAge: ttlSeconds,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        const { sub, role, sid, gen, exp } = payload;
        if (typeof sub !== 'string' || !isRole(role) || typeof sid !== 'string' || typeof gen !== 'number' || typeof exp !== 'number') return null;
        const claims: VerifiedClaims = { sub, role, sid, gen, validUntilMs: (exp + CLOCK_TOLERANCE_SECONDS) * 1000 };
        remember(token, claims, now);
        return claims;
      } catch {
        return null;
      }
    },
  };
}

export const ACCESS_TOKEN_ISSUER = ISSUER;
export const ACCESS_TOKEN_AUDIENCE = AUDIENCE;
