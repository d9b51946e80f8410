import type { DataStore } from '@tus/utils';
import type { FastifyReply, FastifyRequest } from '@oblako/server-kit';

/**
 * The tus requests and upload writes in progress, so that a shutdown ends promptly without
 * losing what has arrived. Fastify's close waits for every open connection and cannot end a
 * hijacked one: an upload still sending held the process until the force-exit timer (10 s), and
 * a request answered meanwhile kept its keep-alive connection open just as long.
 *
 * On close, a PATCH whose body is still arriving is cut: tus stores the bytes received so far
 * (the offset survives the restart) and the device resumes from there, here or on another
 * instance. Waiting for a 200 MB file on a slow link instead would run into the force-exit timer
 * and lose the tail being written. Everything else (creation, HEAD, DELETE, and a PATCH whose
 * last byte arrived and is being verified) finishes, on a connection marked to close.
 */
export class UploadsInFlight {
  private readonly requests = new Map<FastifyRequest, { reply: FastifyReply; handled: Promise<void> }>();
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
    try {
      await handling;
    } finally {
      this.requests.delete(request);
      if (this.closing) request.raw.socket?.destroySoon();
    }
  }

  /** Cuts uploads still sending, lets the rest finish; resolves when no byte is being written. */
  async close(): Promise<void> {
    this.closing = true;
    const finishing: Promise<void>[] = [];
    for (const [request, { reply, handled }] of this.requests) {
      if (request.method === 'PATCH' && !request.raw.complete) {
        request.raw.socket?.destroy();
        continue;
      }
      if (!reply.raw.headersSent) reply.raw.setHeader('connection', 'close');
      finishing.push(handled);
    }
    // A cut request's own handling may never settle (its response has nowhere to go): what
    // matters is that its bytes are on disk, i.e. the store's write has ended.
    await Promise.all([...finishing, ...this.writes]);
  }
}
