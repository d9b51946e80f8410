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

export interface AccessTokens {
  issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>;
  /**
   * The claims of a valid token, or null for anything else: tampered, other algorithm, expired,
   * without `exp` or `iat`, issued in the future or longer ago than the access-token lifetime.
   */
  verify(token: string): Promise<AccessClaims | null>;
}

/** Short-lived HS256 access tokens; the key is shared by every instance (JWT_SECRET). */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  // Imported once: given the raw bytes, jose imports the key again for every token it checks
  // (an eighth of the server's CPU when 2,000 waiting devices re-issued their longpolls).
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
        const { sub, role, sid, gen } = payload;
        if (typeof sub !== 'string' || !isRole(role) || typeof sid !== 'string' || typeof gen !== 'number') return null;
        return { sub, role, sid, gen };
      } catch {
        return null;
      }
    },
  };
}

export const ACCESS_TOKEN_ISSUER = ISSUER;
export const ACCESS_TOKEN_AUDIENCE = AUDIENCE;
