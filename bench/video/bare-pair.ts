import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PeerServer } from 'peer';

/**
 * The baseline: a bare PeerJS pair — the `peer` package's own PeerServer and a page with nothing
 * but the `peerjs` client (its browser bundle), no app, no auth, no database.
 */
export async function startBarePair(root: string): Promise<{ pageUrl: string; peerPort: number; close(): void }> {
  const bundle = readFileSync(join(root, 'node_modules/peerjs/dist/peerjs.min.js'));
  const page = `<!doctype html><html><body><video id="remote" autoplay playsinline muted></video>
<script src="/peerjs.min.js"></script></body></html>`;
  const http: Server = createServer((request, response) => {
    if (request.url === '/peerjs.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(bundle);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const peerPort = await new Promise<number>((resolve) => {
    PeerServer({ port: 0, host: '127.0.0.1', path: '/bare' }, (server) => resolve((server.address() as AddressInfo).port));
  });
  return {
    pageUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    peerPort,
    close: () => http.close(),
  };
}
