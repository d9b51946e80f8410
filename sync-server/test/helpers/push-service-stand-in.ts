/// <reference path="./http_ece.d.ts" />
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

/** A browser's side of one subscription: the keys only the device holds. */
export interface TestDevice {
  name: string;
  endpoint: string;
  /** What PushSubscription.toJSON() gives the app. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  decrypt(body: Buffer): string;
}

export interface ReceivedPush {
  device: string;
  headers: IncomingHttpHeaders;
  /** The decrypted payload, parsed (the ngsw notification JSON). */
  payload: { notification: { title: string; body: string; tag: string; data: { kind: string; consultationId: string; notificationId?: string; onActionClick: { default: { operation: string; url: string } } } } };
  /** The VAPID JWT's claims, after checking its ES256 signature against `k`. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  at: number;
}

/**
 * A push service on loopback, as FCM/Mozilla autopush behave for RFC 8030: POST /push/<device>
 * with an aes128gcm body, answered 201; a test can make a device answer 410 (gone) or 5xx.
 * Each message is decrypted with that device's own private key and auth secret (http_ece),
 * and the VAPID signature is verified: real crypto end to end.
 */
export class PushServiceStandIn {
  readonly received: ReceivedPush[] = [];
  private readonly devices = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  private readonly scripted = new Map<string, number[]>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private server: Server | null = null;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Uint8Array[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(new Uint8Array(chunk)));
      request.on('end', () => {
        const name = decodeURIComponent((request.url ?? '').replace(/^\/push\//, ''));
        const script = this.scripted.get(name);
        const status = script && script.length > 0 ? script.shift()! : 201;
        if (status === 201) {
          try {
            this.record(name, request.headers, Buffer.concat(chunks));
          } catch (error) {
            response.writeHead(400).end(String(error));
            return;
          }
        }
        response.writeHead(status, { location: `${this.baseUrl}/message/${this.received.length}` }).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** A new device (browser profile) with fresh P-256 keys and auth secret. */
  device(name: string): TestDevice {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.devices.set(name, { ecdh, auth });
    const endpoint = `${this.baseUrl}/push/${encodeURIComponent(name)}`;
    return {
      name,
      endpoint,
      subscription: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
      decrypt: (body) => ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
    };
  }

  /** The next answers of a device's endpoint (then 201 again). */
  answer(name: string, ...statuses: number[]): void {
    this.scripted.set(name, statuses);
  }

  to(name: string): ReceivedPush[] {
    return this.received.filter((push) => push.device === name);
  }

  /** Resolves once `count` pushes in total have been received (no fixed sleep). */
  waitForCount(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`push stand-in: ${this.received.length} of ${count} pushes arrived`)), timeoutMs);
      this.waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  private record(name: string, headers: IncomingHttpHeaders, body: Buffer): void {
    const device = this.devices.get(name);
    if (!device) throw new Error(`unknown device ${name}`);
    if (headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${String(headers['content-encoding'])}`);
    const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth }).toString('utf8');
    this.received.push({ device: name, headers, payload: JSON.parse(plain) as ReceivedPush['payload'], vapid: checkVapid(String(headers['authorization'] ?? '')), at: Date.now() });
    for (const waiter of [...this.waiters]) {
      if (this.received.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** `vapid t=<JWT>, k=<public key>` (RFC 8292): the ES256 signature must verify with k. */
function checkVapid(authorization: string): ReceivedPush['vapid'] {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match) throw new Error(`no VAPID authorization: ${authorization}`);
  const [header, claims, signature] = match[1]!.split('.');
  const point = Buffer.from(match[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  const ok = verify('sha256', new Uint8Array(Buffer.from(`${header}.${claims}`)), { key, dsaEncoding: 'ieee-p1363' }, new Uint8Array(Buffer.from(signature!, 'base64url')));
  if (!ok) throw new Error('VAPID signature does not verify');
  const parsed = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as { aud: string; exp: number; sub: string };
  return { ...parsed, publicKey: match[2]! };
}
