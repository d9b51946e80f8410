/** Messages between the bench (parent) and its child processes, over the fork IPC channel. */

/** Only loopback: the bench never listens on or connects to anything else. */
export { LOOPBACK } from '../sync/servers/protocol';

/** One waiting device: its token and the body of its longpoll (as the PWA's LongpollHub sends it). */
export interface DeviceSeed {
  authorization?: string;
  /** The collection the bench's change lands in for this device (its own partition). */
  partition: string;
}

/** Sent by a server child once it listens with its accounts seeded. */
export interface ServerReady {
  type: 'ready';
  baseUrl: string;
  devices: DeviceSeed[];
  /** The collections a patient's device follows (every one the role may read). */
  feeds: string[];
}

/** Sent by a server child after a change was written: when the write answered (epoch ms, sub-ms). */
export interface ServerWritten {
  type: 'written';
  round: number;
  answeredAt: number;
  writeMs: number;
}

/** Sent by a server child when `count` longpolls are held waiting. */
export interface ServerHeld {
  type: 'held';
  count: number;
}

export interface Failed {
  type: 'failed';
  message: string;
}

/** Answer to `collect`: a full garbage collection has run (RSS is read after it). */
export interface ServerCollected {
  type: 'collected';
}

export type ServerMessage = ServerReady | ServerWritten | ServerHeld | ServerCollected | Failed;

/** Parent → server: write round `round`'s change; tell when `held` longpolls wait. */
export type ServerCommand = { type: 'write'; round: number } | { type: 'until-held'; count: number } | { type: 'collect' } | { type: 'stop' };

/**
 * A full garbage collection of this process, for the bench only (after the rounds): tells what of
 * the RSS growth is garbage V8 had not collected yet from what is really kept.
 */
export async function collectGarbage(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--expose-gc');
  const gc = (await import('node:vm')).runInNewContext('gc') as () => void;
  gc();
}

/** Parent → devices: send every device's longpoll (resolving `now` first, as the hub does). */
export interface DevicesStart {
  type: 'start';
  baseUrl: string;
  devices: DeviceSeed[];
  feeds: string[];
  /** The wait asked of the server. */
  timeoutMs: number;
  /** Only for the baseline: the body is not the app's (the bare server ignores it). */
}

/** Devices → parent. */
export type DevicesMessage =
  | { type: 'sent'; count: number }
  /** Every device's answer time (epoch ms) of the round, and what each answer held. */
  | { type: 'answered'; round: number; at: number[]; wrong: number; empty: number; failed: number; rowsBytes: number; retriedSoFar: number }
  | Failed;

export type DevicesCommand = DevicesStart | { type: 'round'; round: number } | { type: 'stop' };

/** Epoch milliseconds with sub-millisecond precision, comparable across processes of one machine. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export function send(message: ServerMessage | DevicesMessage): void {
  process.send?.(message);
}

/** Ends the child when the parent says so or goes away (bench:sync's children do the same). */
export { onStopRequest as exitWithParent } from '../sync/servers/protocol';

// The CPU profile of a bench process, as bench:sync takes it.
export { startCpuProfile } from '../sync/servers/protocol';
