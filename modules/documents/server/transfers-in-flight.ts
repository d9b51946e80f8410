import type { DataStore } from '@tus/utils';
import type { FastifyReply, FastifyRequest } from '@oblako/server-kit';

/**
 * The file transfers in progress (tus requests, upload writes, downloads being streamed), so that
 * a shutdown ends promptly without losing what has arrived. Fastify's close waits for every open
 * connection: an upload still sending (its request hijacked by tus) or a large download to a slow
 * phone held the process until the force-exit timer (10 s), which then cut everything anyway —
 * and a request answered meanwhile kept its keep-alive connection open just as long.
 *
 * On close, a PATCH whose body is still arriving is cut: tus stores the bytes received so far (the
 * offset survives the restart) and the device resumes from there, here or on another instance.
 * A download still streaming is cut too (the device asks again; downloads take Range). Everything
 * else (creation, HEAD, DELETE, a PATCH whose last byte arrived and is being verified) finishes,
 * on a connection marked to close.
 */
export class TransfersInFlight {
  private readonly requests = new Map<FastifyRequest, { reply: FastifyReply; handled: Promise<void> }>();
  private readonly downloads = new Set<FastifyReply>();
  private readonly writes = new Set<Promise<unknown>>();
  private closing = false;

  /** The tus data store, with its writes tracked. */
  wrap(store: DataStore): DataStore {
    return new Proxy(store, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'write') return (value as (...args: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          const written = (value as (...args: unknown[]) => Promise<number>).apply(target, args);
          const settled = written.catch(() => undefined);
          this.writes.add(settled);
          void settled.finally(() => this.writes.delete(settled));
          return written;
        };
      },
    });
  }

  /** Runs one request's tus handling while tracking it. */
  async track(request: FastifyRequest, reply: FastifyReply, handling: Promise<void>): Promise<void> {
    this.requests.set(request, { reply, handled: handling });
    // tus (2.4, through srvx) never settles the handling of a PATCH whose connection was cut:
    // its empty answer waits for a 'finish' that a destroyed socket never gives. The closed
    // connection ends the entry, so nothing is kept for it.
    const forget = () => this.requests.delete(request);
    reply.raw.once('close', forget);
    try {
      await handling;
    } finally {
      forget();
      reply.raw.off('close', forget);
      if (this.closing) request.raw.socket?.destroySoon();
    }
  }

  /** A download about to be streamed: cut if the server stops before it is sent. */
  trackDownload(reply: FastifyReply): void {
    if (this.closing) {
      reply.header('connection', 'close');
      return;
    }
    this.downloads.add(reply);
    reply.raw.once('close', () => this.downloads.delete(reply));
  }

  /** Cuts transfers still sending, lets the rest finish; resolves when no upload byte is being written. */
  async close(): Promise<void> {
    this.closing = true;
    const finishing: Promise<void>[] = [];
    for (const [request, { reply, handled }] of this.requests) {
      if (request.method === 'PATCH' && !request.raw.complete) {
        request.raw.socket?.destroy();
        continue;
      }
      if (!reply.raw.headersSent) reply.raw.setHeader('connection', 'close');
      // Answered, or its connection gone (then tus may never settle it, see track()).
      finishing.push(Promise.race([handled, new Promise<void>((resolve) => reply.raw.once('close', () => resolve()))]));
    }
    for (const reply of this.downloads) reply.raw.socket?.destroy();
    // A cut request's own handling may never settle (its response has nowhere to go): what
    // matters is that its bytes are on disk, i.e. the store's write has ended.
    await Promise.all([...finishing, ...this.writes]);
  }
}
