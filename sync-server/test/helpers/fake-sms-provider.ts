import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received: path and decoded query parameters. */
export interface ReceivedRequest {
  path: string;
  params: Record<string, string>;
}

export type FakeHandler = (request: ReceivedRequest, raw: IncomingMessage) => unknown | typeof HANG | Promise<unknown>;

/** Returned by a handler: never answer (the caller's request hangs until it gives up). */
export const HANG = Symbol('hang');

/**
 * A local HTTP endpoint standing in for SMS.ru / SMSC.ru: records every request and answers
 * what the test's handler returns (as JSON).
 */
export async function startFakeSmsProvider(handler: FakeHandler): Promise<{ url: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (raw, response) => {
    const url = new URL(raw.url ?? '/', 'http://fake');
    const params = Object.fromEntries(url.searchParams);
    // Batch sending posts a form (SMS.ru `to[79…]=text`): its fields count as parameters too.
    if (raw.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of raw) chunks.push(chunk as Buffer);
      Object.assign(params, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks as Uint8Array[]).toString('utf8'))));
    }
    const received = { path: url.pathname, params };
    requests.push(received);
    const answer = await handler(received, raw);
    if (answer === HANG) {
      hanging.add(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
