import type { IncomingMessage } from 'node:http';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { FastifyInstance } from '@oblako/server-kit';
import { PEER_KEY } from '../api';
import type { CallClaims, CallTokens } from './call-token';
import { PeerTimers } from './peer-timers';

/** PeerJS messages that travel to another peer (the rest are the connection's own). */
const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']);

/** What the server tells a device it disconnects (PeerJS shows it as a `server-error`). */
export const REPLACED_MESSAGE = 'replaced_by_another_device';
export const ENDED_MESSAGE = 'call_ended';

export interface SignallingOptions {
  path: string;
  tokens: CallTokens;
  /** Checks again, at connection time, that this person may still join (state, window). */
  authorize(claims: CallClaims): Promise<boolean>;
  /** A device of a role connected (after any older device of the same person was let go). */
  onConnected(claims: CallClaims, replaced: CallClaims | null): void;
  onDisconnected(claims: CallClaims): void;
}

export interface Signalling {
  /** Disconnects both sides of a consultation's call, telling them why. */
  end(consultationId: string, message: string): void;
  close(): void;
}

interface Connection {
  socket: WebSocket;
  claims: CallClaims;
}

/**
 * The PeerJS signalling server of the `peer` package, on our own HTTP server (Fastify's
 * `app.server`) under our auth: a WebSocket is accepted only with a valid call token whose peer
 * id is the one it registers, while its consultation may still be joined; a device only reaches
 * the other side of its own call; the newer device of one person takes over from the older one.
 * Only the WebSocket part is mounted: peer ids are issued by our ticket route, never by `/id`.
 */
export function attachSignalling(app: FastifyInstance, options: SignallingOptions): Signalling {
  const accepted = new WeakMap<IncomingMessage, { claims: CallClaims; replaced: CallClaims | null }>();
  const connections = new Map<string, Connection>();
  const timers = new PeerTimers();
  let sockets: WebSocketServer | null = null;

  const verifyClient: ServerOptions['verifyClient'] = (info, accept) => {
    void (async () => {
      const query = new URL(info.req.url ?? '', 'http://peer.invalid').searchParams;
      const claims = await options.tokens.verify(query.get('token') ?? '');
      if (!claims || query.get('id') !== claims.peerId || query.get('key') !== PEER_KEY) return accept(false, 401, 'Unauthorized');
      if (!(await options.authorize(claims))) return accept(false, 403, 'Forbidden');
      const previous = connections.get(claims.peerId);
      await letGo(previous, claims);
      accepted.set(info.req, { claims, replaced: previous && previous.claims.deviceId !== claims.deviceId ? previous.claims : null });
      accept(true);
    })().catch((error: unknown) => {
      app.log.error({ err: error }, 'checking a signalling connection failed');
      accept(false, 500, 'Internal Server Error');
    });
  };

  const createWebSocketServer = (serverOptions: ServerOptions): WebSocketServer => {
    sockets = new WebSocketServer({ ...serverOptions, verifyClient });
    // Registered before the package's own listener: runs first for every connection.
    sockets.on('connection', (socket, request) => {
      const entry = accepted.get(request);
      if (!entry) return socket.terminate();
      const { claims, replaced } = entry;
      guardRelay(socket, options.tokens.peerId(claims.consultationId, claims.role === 'patient' ? 'doctor' : 'patient'));
      connections.set(claims.peerId, { socket, claims });
      socket.on('close', () => {
        if (connections.get(claims.peerId)?.socket !== socket) return;
        connections.delete(claims.peerId);
        options.onDisconnected(claims);
      });
      options.onConnected(claims, replaced);
    });
    return sockets;
  };

  timers.run(() => {
    const peer = ExpressPeerServer(app.server, {
      path: options.path,
      key: PEER_KEY,
      allow_discovery: false,
      // A vanished device (no heartbeat; PeerJS sends one every 5 s) is let go after 30 s.
      alive_timeout: 30_000,
      createWebSocketServer,
    });
    peer.on('error', (error: Error) => app.log.warn({ err: error }, 'signalling error'));
    // The package starts when its express app is mounted into a parent app. We serve none of
    // its HTTP routes (ids come from our tickets), so a bare parent stands in for express's
    // own mount handler, which only inherits the parent's prototypes.
    peer.emit('mount', { request: {}, response: {}, engines: {}, settings: {} });
  });

  return {
    end(consultationId, message) {
      for (const { socket, claims } of connections.values()) {
        if (claims.consultationId === consultationId) closeWith(socket, message);
      }
    },
    close() {
      timers.stop();
      for (const { socket } of connections.values()) socket.terminate();
      sockets?.close();
    },
  };
}

/** Lets the older connection of this peer id go: told why when another device takes over. */
async function letGo(previous: Connection | undefined, incoming: CallClaims): Promise<void> {
  if (!previous) return;
  const closed = new Promise<void>((resolve) => previous.socket.once('close', () => resolve()));
  if (previous.claims.deviceId !== incoming.deviceId) sendError(previous.socket, REPLACED_MESSAGE);
  previous.socket.terminate();
  await closed;
}

/** Drops relayed messages addressed to anyone but the other side of this call. */
function guardRelay(socket: WebSocket, counterpart: string): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'message') {
      try {
        const message = JSON.parse(String(args[0])) as { type?: unknown; dst?: unknown };
        if (typeof message.type === 'string' && RELAYED.has(message.type) && message.dst !== counterpart && message.dst !== undefined) return false;
      } catch {
        return false;
      }
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}

function sendError(socket: WebSocket, message: string): void {
  try {
    socket.send(JSON.stringify({ type: 'ERROR', payload: { msg: message } }));
  } catch {
    // Already gone.
  }
}

function closeWith(socket: WebSocket, message: string): void {
  sendError(socket, message);
  socket.close();
}
