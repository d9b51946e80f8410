/// <reference path="../../sync-server/test/helpers/http_ece.d.ts" />
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

/**
 * The bench's push service: HTTPS on loopback (web-push only speaks https), answers 201, counts
 * every message by its Topic (the job's tag, sent in clear) so duplicates show, and decrypts
 * one message in 100 with the device's keys to prove the payload is the real thing.
 */
export class BenchPushService {
  private server: Server | null = null;
  private readonly devices = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  readonly topics = new Map<string, number>();
  received = 0;
  decrypted = 0;
  firstAt = 0;
  lastAt = 0;
  private readonly waiters: { distinct: number; resolve: () => void }[] = [];
  baseUrl = '';

  constructor(private readonly tls: { cert: Buffer; key: Buffer }) {}

  async start(): Promise<this> {
    this.server = createServer({ ...this.tls, keepAliveTimeout: 60_000 }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const topic = String(request.headers['topic'] ?? request.headers['x-bench-id'] ?? '');
        this.received++;
        this.lastAt = Date.now();
        if (this.firstAt === 0) this.firstAt = this.lastAt;
        this.topics.set(topic, (this.topics.get(topic) ?? 0) + 1);
        if (this.received % 100 === 0) this.decrypt(decodeURIComponent((request.url ?? '').replace(/^\/push\//, '')), Buffer.concat(chunks as Uint8Array[]));
        response.writeHead(201).end();
        for (const waiter of [...this.waiters]) {
          if (this.topics.size >= waiter.distinct) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  device(name: string): { endpoint: string; keys: { p256dh: string; auth: string } } {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.devices.set(name, { ecdh, auth });
    return { endpoint: `${this.baseUrl}/push/${encodeURIComponent(name)}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
  }

  reset(): void {
    this.topics.clear();
    this.received = 0;
    this.decrypted = 0;
    this.firstAt = 0;
    this.lastAt = 0;
  }

  whenDistinct(distinct: number): Promise<void> {
    if (this.topics.size >= distinct) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ distinct, resolve }));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private decrypt(device: string, body: Buffer): void {
    const keys = this.devices.get(device);
    if (!keys) throw new Error(`unknown device ${device}`);
    const payload = JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth }).toString('utf8')) as { notification?: { title?: string } };
    if (!payload.notification?.title) throw new Error('a push without a notification');
    this.decrypted++;
  }
}
