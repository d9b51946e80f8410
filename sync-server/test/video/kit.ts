import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { Consultation } from '@oblako/domain';
import type { CallPresence, CallTicket } from '../../../modules/video/index';
import { bearer, postJson, type JsonResponse } from '../helpers/http';
import { signedIn } from '../helpers/documents';
import { startTestServer, type TestServer } from '../helpers/test-server';
import type { Config } from '../../src/config/index';
import { ALWAYS_OPEN, nextSlot, scheduledBy, setCalendar, type World } from '../consultations/kit';

export async function startVideoWorld(overrides: Partial<Config> = {}): Promise<World> {
  const server = await startTestServer(overrides);
  const [patient, doctor, otherDoctor, manager] = [
    await signedIn(server, 'patient'),
    await signedIn(server, 'doctor'),
    await signedIn(server, 'doctor'),
    await signedIn(server, 'manager'),
  ];
  for (const who of [doctor, otherDoctor]) await setCalendar(server, who, ALWAYS_OPEN, ['cardiology']);
  return { server, patient, doctor, otherDoctor, manager };
}

/**
 * A consultation of the world's patient with its doctor, scheduled through the real state
 * machine, then moved in the store to a slot starting `startsInMinutes` from now (slots the
 * calendar offers lie at least an hour ahead; the join window is about minutes around the slot).
 */
export async function consultationAt(world: World, startsInMinutes: number, changes: Partial<Consultation> = {}, patient = world.patient): Promise<Consultation> {
  const scheduled = await scheduledBy(world, world.doctor, nextSlot(), patient);
  const start = new Date(Date.now() + startsInMinutes * 60_000);
  const slot = { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
  const db = world.server.app.store.db('consultations');
  const doc = await db.get(scheduled.id);
  await db.put({ ...doc, slot, ...changes });
  return { ...scheduled, slot, ...changes };
}

export const newDevice = (): string => randomBytes(12).toString('base64url');

export function ticket(server: TestServer, token: string, consultationId: string, deviceId = newDevice()): Promise<JsonResponse<CallTicket & Record<string, unknown>>> {
  return postJson(`${server.baseUrl}/api/video/${encodeURIComponent(consultationId)}/ticket`, { deviceId }, bearer(token));
}

export async function ticketOk(server: TestServer, token: string, consultationId: string, deviceId = newDevice()): Promise<CallTicket> {
  const answer = await ticket(server, token, consultationId, deviceId);
  if (answer.status !== 200) throw new Error(`ticket answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A PeerJS-protocol client of the signalling server: what the `peerjs` package does on its socket. */
export class SignalSocket {
  readonly messages: Record<string, unknown>[] = [];
  private readonly waiters: { match: (message: Record<string, unknown>) => boolean; resolve: (message: Record<string, unknown>) => void }[] = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      this.messages.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects; resolves when the server answered OPEN, rejects with the HTTP status of a refused upgrade. */
  static async open(server: TestServer, query: { id: string; token: string; key?: string }): Promise<SignalSocket> {
    const url = new URL(`${server.baseUrl.replace('http', 'ws')}/api/video/signal/peerjs`);
    url.searchParams.set('key', query.key ?? 'oblako');
    url.searchParams.set('id', query.id);
    url.searchParams.set('token', query.token);
    const socket = new WebSocket(url);
    const client = new SignalSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => reject(new RefusedUpgrade(response.statusCode ?? 0)));
      socket.once('error', reject);
      void client.next((message) => message['type'] === 'OPEN').then(() => resolve());
    });
    return client;
  }

  static connect(server: TestServer, peer: NonNullable<CallTicket['peer']>): Promise<SignalSocket> {
    return SignalSocket.open(server, { id: peer.peerId, token: peer.token, key: peer.key });
  }

  next(match: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  close(): Promise<void> {
    this.socket.close();
    return this.closed;
  }
}

export class RefusedUpgrade extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** The status a refused connection got (fails when it was accepted). */
export async function refusal(attempt: Promise<SignalSocket>): Promise<number> {
  try {
    const socket = await attempt;
    await socket.close();
  } catch (error) {
    if (error instanceof RefusedUpgrade) return error.status;
    throw error;
  }
  throw new Error('the connection was accepted');
}

/** The doctor's live presence stream (server-sent events), read as the PWA reads it. */
export class PresenceStream {
  readonly events: CallPresence[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];

  static async open(server: TestServer, token: string): Promise<PresenceStream> {
    const stream = new PresenceStream();
    const response = await fetch(`${server.baseUrl}/api/video/presence/stream`, { headers: bearer(token), signal: stream.controller.signal });
    if (response.status !== 200 || !response.body) throw new Error(`presence stream answered ${response.status}`);
    const ready = stream.pump(response.body);
    await ready;
    return stream;
  }

  /** Reads frames in the background; resolves once the server said it is ready. */
  private pump(body: ReadableStream<Uint8Array>): Promise<void> {
    return new Promise((resolveReady) => {
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = body.getReader();
      const read = (): void => {
        reader.read().then(({ done, value }) => {
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame === ': ready') resolveReady();
            const data = frame.split('\n').find((line) => line.startsWith('data: '));
            if (data) this.events.push(JSON.parse(data.slice(6)) as CallPresence);
          }
          for (const wake of this.waiters.splice(0)) wake();
          read();
        }, () => undefined);
      };
      read();
    });
  }

  async until(match: (presence: CallPresence) => boolean): Promise<CallPresence> {
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
