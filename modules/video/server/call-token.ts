import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { CallRole } from '../join-window';

const AUDIENCE = 'oblako-video-call';

/** What a call token binds: one consultation, one person in one role, one device, one peer id. */
export interface CallClaims {
  userId: string;
  consultationId: string;
  role: CallRole;
  deviceId: string;
  peerId: string;
}

/**
 * Call tokens and peer ids, keyed by secrets derived from the server's JWT secret (never the
 * access-token key itself: an access token is not a call token and the other way round).
 */
export class CallTokens {
  private readonly tokenKey: Uint8Array;
  private readonly idKey: string;

  constructor(serverSecret: string, private readonly ttlSeconds: number) {
    this.tokenKey = new Uint8Array(derive(serverSecret, 'video call token'));
    this.idKey = derive(serverSecret, 'video peer id').toString('hex');
  }

  /**
   * The peer id of a role in a consultation: the same on every device and rejoin (so the other
   * side always knows whom to call), and not guessable without the server's secret.
   */
  peerId(consultationId: string, role: CallRole): string {
    return `${role}${createHmac('sha256', this.idKey).update(`${consultationId}\n${role}`).digest('hex').slice(0, 40)}`;
  }

  /** An unguessable Jitsi room name per consultation. */
  room(consultationId: string): string {
    return `oblako${createHmac('sha256', this.idKey).update(`jitsi room\n${consultationId}`).digest('hex').slice(0, 32)}`;
  }

  async issue(claims: Omit<CallClaims, 'peerId'>, now: Date): Promise<{ token: string; peerId: string; expiresAt: Date }> {
    const peerId = this.peerId(claims.consultationId, claims.role);
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ cid: claims.consultationId, role: claims.role, dev: claims.deviceId, pid: peerId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.tokenKey);
    return { token, peerId, expiresAt };
  }

  /** The claims of a valid, unexpired token; null for anything else (forged, expired, malformed). */
  async verify(token: string): Promise<CallClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.tokenKey, { audience: AUDIENCE, algorithms: ['HS256'] });
      const { sub, cid, role, dev, pid } = payload as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof cid !== 'string' || typeof dev !== 'string' || typeof pid !== 'string') return null;
      if (role !== 'patient' && role !== 'doctor') return null;
      if (pid !== this.peerId(cid, role)) return null;
      return { userId: sub, consultationId: cid, role, deviceId: dev, peerId: pid };
    } catch {
      return null;
    }
  }
}

function derive(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`oblako ${purpose}`).digest();
}
