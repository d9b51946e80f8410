import { createHmac } from 'node:crypto';
import type { IceServer } from '../api';

export interface IceSettings {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  turnSecret?: string;
  turnCredentialTtlSeconds: number;
}

/**
 * RTCConfiguration.iceServers for one person's call. TURN credentials follow the TURN REST API
 * that coturn implements with `use-auth-secret`: username `<expiry unix time>:<user id>`,
 * password base64(HMAC-SHA1(static-auth-secret, username)); coturn refuses them after expiry.
 */
export function iceServersFor(userId: string, settings: IceSettings, now: Date): IceServer[] {
  const servers: IceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length > 0 && settings.turnSecret) {
    const expiry = Math.floor(now.getTime() / 1000) + settings.turnCredentialTtlSeconds;
    const username = `${expiry}:${userId}`;
    const credential = createHmac('sha1', settings.turnSecret).update(username).digest('base64');
    servers.push({ urls: [...settings.turnUrls], username, credential });
  }
  return servers;
}
