import { SignJWT } from 'jose';
import type { CallRole } from '../join-window';

export const JITSI_AUDIENCE = 'jitsi';

export interface JitsiTokenInput {
  appId: string;
  appSecret: string;
  domain: string;
  room: string;
  userId: string;
  displayName: string;
  role: CallRole;
  /** The end of the join window: the token is useless afterwards. */
  expiresAt: Date;
  now: Date;
}

/**
 * The JWT of Jitsi's token authentication (prosody `token` auth, `app_id`/`app_secret`):
 * `iss` = app id, `aud` = `jitsi` (Jitsi's documented audience; prosody accepts any by default), `sub` = the deployment's domain,
 * `room` = this consultation's room only, `exp` = the end of the join window; the doctor is the
 * moderator and bypasses the lobby (jitsi-contrib `token_lobby_bypass`), the patient is neither.
 */
export async function jitsiToken(input: JitsiTokenInput): Promise<string> {
  const moderator = input.role === 'doctor';
  const user: Record<string, unknown> = { id: input.userId, name: input.displayName, moderator: moderator ? 'true' : 'false' };
  if (moderator) user['lobby_bypass'] = true;
  return new SignJWT({ room: input.room, moderator, context: { user } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(input.appId)
    .setAudience(JITSI_AUDIENCE)
    .setSubject(input.domain)
    .setIssuedAt(Math.floor(input.now.getTime() / 1000))
    .setNotBefore(Math.floor(input.now.getTime() / 1000) - 60)
    .setExpirationTime(Math.floor(input.expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(input.appSecret));
}
