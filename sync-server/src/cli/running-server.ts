import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MANAGE_API } from '../manage/api';
import { MANAGE_TOKEN_HEADER, readControlFile, type ControlFile } from '../manage/control-file';

/** The server that holds DATA_DIR, reached through its local management endpoints. */
export interface RunningServer {
  url: string;
  /** A JSON call; resolves with the status and the parsed body. */
  json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A POST whose answer is a stream (the backup). */
  stream(path: string): Promise<IncomingMessage>;
}

/** The running server named by `<DATA_DIR>/secrets/manage.json`, or null when none answers (then the CLI opens the store itself). */
export async function findRunningServer(dataDir: string): Promise<RunningServer | null> {
  const control = await readControlFile(dataDir);
  if (!control) return null;
  const server = clientOf(control);
  try {
    const ping = await server.json<{ ok?: boolean }>('GET', MANAGE_API.ping);
    return ping.status === 200 && ping.body.ok === true ? server : null;
  } catch {
    return null; // the file outlived its server (a crash): nobody holds the store
  }
}

function clientOf(control: ControlFile): RunningServer {
  const send = (method: string, path: string, body?: unknown): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, control.url);
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const options = {
        method,
        headers: { [MANAGE_TOKEN_HEADER]: control.token, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
        // The server's own certificate may name its public host, not 127.0.0.1; the token
        // (known only to this machine's owner) is the authentication here.
        rejectUnauthorized: false,
      };
      const outgoing = url.protocol === 'https:' ? httpsRequest(url, options, resolve) : httpRequest(url, options, resolve);
      outgoing.once('error', reject);
      outgoing.end(payload);
    });
  return {
    url: control.url,
    async json<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const response = await send(method, path, body);
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks as Uint8Array[]).toString('utf8');
      return { status: response.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T };
    },
    stream: (path) => send('POST', path, {}),
  };
}
