import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** One pino line of a server process's log. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  pid: number;
  /** Not exited yet. */
  alive(): boolean;
  /** Every JSON log line so far. */
  logs(): LogLine[];
  /** The raw output (for failure messages). */
  output(): string;
  /** Sends a signal; resolves with the exit code and how long the exit took. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Resolves as soon as a log line satisfies `match` (already logged or later). */
  logged(what: string, match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * The real server as its own process (`node --import tsx sync-server/src/main.ts`, as `npm run
 * serve` runs it), configured by environment variables only; resolves once /health answers.
 * Separate processes, not two app objects in one: nothing in memory is shared, a SIGKILL is a
 * real crash and a SIGTERM runs main.ts's own shutdown.
 */
export async function startServerProcess(env: Record<string, string>, startTimeoutMs = 180_000): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let raw = '';
  let pending = '';
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onOutput = (chunk: Buffer) => {
    raw += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) continue;
      try {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of waiters) if (waiter.match(line)) waiter.resolve(line);
      } catch {
        // not a log line
      }
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', (chunk: Buffer) => (raw += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );

  // Waits for a signal that it listens (on a loaded machine the start takes what it takes).
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${raw}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within ${startTimeoutMs} ms:\n${raw}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    baseUrl,
    pid: child.pid!,
    alive: () => child.exitCode === null && child.signalCode === null,
    logs: () => [...lines],
    output: () => raw,
    async signal(signal) {
      const started = Date.now();
      if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), ms: 0 };
      child.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
    logged(what, match, timeoutMs = 60_000) {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolveLine, reject) => {
        const waiter = {
          match,
          resolve: (line: LogLine) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolveLine(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for the log line: ${what}\n${raw.slice(-4000)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
