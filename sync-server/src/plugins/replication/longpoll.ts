import type { FastifyReply } from 'fastify';

export type WakeReason = 'change' | 'timeout' | 'closed' | 'shutdown';

/**
 * What a waiting longpoll is woken by. A change that arrives while the waiter is busy (reading
 * the log) is remembered, so the next wait returns at once instead of missing it.
 */
export class WakeUp {
  private pending: WakeReason | null = null;
  private resolve: ((reason: WakeReason) => void) | null = null;

  /** Records a reason; `closed` and `shutdown` are final and win over `change`. */
  signal(reason: WakeReason): void {
    if (this.pending === 'closed' || this.pending === 'shutdown') return;
    this.pending = reason;
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(reason);
  }

  get finished(): boolean {
    return this.pending === 'closed' || this.pending === 'shutdown';
  }

  wait(timeoutMs: number): Promise<WakeReason> {
    if (this.pending) {
      const reason = this.pending;
      if (reason === 'change') this.pending = null;
      return Promise.resolve(reason);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resolve = null;
        resolve('timeout');
      }, Math.max(0, timeoutMs));
      this.resolve = (reason) => {
        clearTimeout(timer);
        if (reason === 'change') this.pending = null;
        resolve(reason);
      };
    });
  }
}

/**
 * Takes the response over from Fastify for a wait of up to a minute: headers go out at once
 * (clients and proxies see the request is alive) and a newline every `heartbeatMs` keeps idle
 * connections from being cut. JSON parsers skip the leading whitespace, as with CouchDB.
 */
export class HeldResponse {
  private heartbeat: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly reply: FastifyReply, heartbeatMs: number | null) {
    reply.hijack();
    const raw = reply.raw;
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = value as string | number | string[];
    }
    raw.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
    raw.flushHeaders();
    raw.on('close', () => this.stopHeartbeat());
    if (heartbeatMs !== null) {
      this.heartbeat = setInterval(() => raw.write('\n'), heartbeatMs);
      this.heartbeat.unref();
    }
  }

  end(body: unknown): void {
    this.stopHeartbeat();
    if (this.ended || this.reply.raw.destroyed) return;
    this.ended = true;
    this.reply.raw.end(JSON.stringify(body));
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
