import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A transparent HTTP proxy in front of the server that can slow upload bodies to a real rate
 * (Chromium's network emulation only paces its progress events on loopback, the bytes still
 * arrive at once) — so a test sees true progress and can cut an upload half way.
 */
export interface ThrottlingProxy {
  baseUrl: string;
  /** Bytes per second for tus PATCH bodies; null: full speed. */
  setUploadRate(bytesPerSecond: number | null): void;
  /** Bytes of PATCH bodies passed to the server so far. */
  uploadedBytes(): number;
  /** Every PATCH so far: the offset it started at and the bytes it passed to the server. */
  patches(): readonly { offset: number; bytes: number }[];
  /** Holds every `method` request to a path starting with `pathPrefix` until released (e.g. a replication push). */
  hold(method: string, pathPrefix: string): HeldAtProxy;
  close(): Promise<void>;
}

/** Requests held by ThrottlingProxy.hold. */
export interface HeldAtProxy {
  /** Settles once the first matching request has been held. */
  readonly asked: Promise<void>;
  /** Lets the held requests (and every later one) through. */
  release(): void;
}

interface Hold {
  method: string;
  pathPrefix: string;
  released: Promise<void>;
  onAsked(): void;
}

const UPLOAD_PATH = '/api/documents/uploads/';

export async function startThrottlingProxy(targetBaseUrl: string): Promise<ThrottlingProxy> {
  const target = new URL(targetBaseUrl);
  let rate: number | null = null;
  let uploaded = 0;
  const patches: { offset: number; bytes: number }[] = [];
  const holds = new Set<Hold>();

  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const hold = [...holds].find((h) => h.method === incoming.method && (incoming.url ?? '').startsWith(h.pathPrefix));
    if (!hold) return forward(incoming, outgoing);
    hold.onAsked();
    // The body waits unread in the socket meanwhile, as on a stalled network.
    void hold.released.then(() => forward(incoming, outgoing));
  });

  function forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    // The browser gave up (a closed tab): the server must see the body end short, as on a real network.
    incoming.on('aborted', () => upstream.destroy());
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    const isUpload = incoming.method === 'PATCH' && (incoming.url ?? '').startsWith(UPLOAD_PATH);
    if (!isUpload) {
      incoming.pipe(upstream);
      return;
    }
    const patch = { offset: Number(incoming.headers['upload-offset']), bytes: 0 };
    patches.push(patch);
    incoming
      .pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done: TransformCallback) {
            void (async () => {
              for (let at = 0; at < chunk.length && !upstream.destroyed; at += 16 * 1024) {
                const part = chunk.subarray(at, at + 16 * 1024);
                if (rate !== null) await new Promise((resolve) => setTimeout(resolve, (part.length / rate!) * 1000));
                if (upstream.destroyed) break;
                uploaded += part.length;
                patch.bytes += part.length;
                this.push(part);
              }
              done();
            })();
          },
        }),
      )
      .pipe(upstream);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    setUploadRate: (bytesPerSecond) => (rate = bytesPerSecond),
    uploadedBytes: () => uploaded,
    patches: () => patches,
    hold: (method, pathPrefix) => {
      let release!: () => void;
      let asked!: () => void;
      const held: Hold = { method, pathPrefix, released: new Promise<void>((resolve) => (release = resolve)), onAsked: () => asked() };
      holds.add(held);
      return {
        asked: new Promise<void>((resolve) => (asked = resolve)),
        release: () => {
          holds.delete(held);
          release();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
