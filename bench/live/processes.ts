import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** A bench child process (run through tsx) and its typed IPC. */
export class BenchChild<In extends { type: string }, Out extends { type: string }> {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly queue: Out[] = [];
  private readonly waiters: Array<{ type: string; resolve: (message: Out) => void; reject: (error: Error) => void }> = [];

  constructor(entry: string, env: Record<string, string>, private readonly logFile: string, execArgv: string[] = []) {
    const log = openSync(logFile, 'a');
    this.child = fork(entry, [], { execArgv: [...execArgv, '--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', log, log, 'ipc'] });
    closeSync(log);
    this.child.on('error', () => {});
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (message: Out) => {
      if (message.type === 'failed') {
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${entry} failed: ${(message as unknown as { message: string }).message}`));
        return;
      }
      const index = this.waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
      else this.queue.push(message);
    });
    this.child.once('exit', (code, signal) => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${entry} exited (code ${code}, signal ${signal})\n${tail(this.logFile)}`));
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: In): void {
    if (this.child.connected) this.child.send(message);
  }

  /** The next message of this type (one that came already included), failing after `timeoutMs`. */
  next<T extends Out['type']>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    const index = this.queue.findIndex((message) => message.type === type);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0] as Extract<Out, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from the child within ${timeoutMs} ms\n${tail(this.logFile)}`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<Out, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Asks the child to stop; kills exactly this child (by pid) if it does not exit in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'stop' } as In);
    const timer = setTimeout(() => this.kill(), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
