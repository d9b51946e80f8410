import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback that counts the bytes going to the server and can cut the connection
 * once: when armed with a byte count, it destroys both sockets of the connection that crosses it,
 * as a phone losing its mobile link does. Every later connection passes untouched.
 */
export class CuttingProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Bytes forwarded client → server since the last reset (request lines, headers and bodies). */
  upstreamBytes = 0;
  /** Bytes forwarded client → server when the cut happened, or null. */
  cutAt: number | null = null;
  private cutAfter: number | null = null;

  constructor(private readonly targetPort: number) {}

  async listen(port: number): Promise<number> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Cut once, when this many more bytes have gone upstream. */
  armCut(afterBytes: number): void {
    this.cutAfter = this.upstreamBytes + afterBytes;
    this.cutAt = null;
  }

  reset(): void {
    this.upstreamBytes = 0;
    this.cutAt = null;
    this.cutAfter = null;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Uint8Array) => {
      if (this.cutAfter !== null && this.upstreamBytes + chunk.length >= this.cutAfter) {
        // Forward up to the cut point, then drop the connection mid-request.
        const part = this.cutAfter - this.upstreamBytes;
        if (part > 0) upstream.write(chunk.subarray(0, part));
        this.upstreamBytes += Math.max(0, part);
        this.cutAt = this.upstreamBytes;
        this.cutAfter = null;
        cut();
        return;
      }
      this.upstreamBytes += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Uint8Array) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', () => {
      this.sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
  }
}
