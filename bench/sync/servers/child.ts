import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { ChildEnv, ChildMessage, ReadyMessage } from './protocol';

export interface ServerChild {
  ready: ReadyMessage;
  pid: number;
  /** Asks the child to close its server and store; kills it (by pid) if it does not exit in time. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Absolute path of the child's entry file (a .ts file, run through tsx). */
  entry: string;
  env: ChildEnv;
  /** The child's stdout/stderr (server logs) go here, shown when it fails. */
  logFile: string;
  startTimeoutMs: number;
}

/** Starts one server in its own process and waits until it listens with its data seeded. */
export async function startServerChild(options: ChildOptions): Promise<ServerChild> {
  const log = openSync(options.logFile, 'a');
  const child = fork(options.entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  // A child that died leaves a closed IPC channel; sending to it must not crash the bench.
  child.on('error', () => {});

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready: ReadyMessage;
  try {
    ready = await waitForReady(child, options);
  } catch (error) {
    killChild(child);
    throw error;
  }
  return {
    ready,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' }, (error) => error && killChild(child));
      const timer = setTimeout(() => killChild(child), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForReady(child: ChildProcess, options: ChildOptions): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      reject(new Error(`${reason}\n--- server log (${options.logFile}) ---\n${tail(options.logFile)}`));
    };
    const timer = setTimeout(() => fail(`server did not start within ${options.startTimeoutMs} ms`), options.startTimeoutMs);
    child.once('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else {
        fail(`server failed to start:\n${message.message}`);
      }
    });
    child.once('exit', (code, signal) => fail(`server exited during start (code ${code}, signal ${signal})`));
  });
}

/** Ends exactly this child, by its pid. */
function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}
