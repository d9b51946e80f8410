/**
 * The `peer` package re-arms two housekeeping timers forever (broken-connection check, message
 * expiry) and offers no way to stop them, so a server that attached it would never let its
 * process exit after close(). Its set-up and every run of those timers go through `run()`, which
 * lends the package a setTimeout whose timers are tracked, unref'd and cleared by `stop()`.
 * Safe because JavaScript runs one callback at a time: the global is swapped only while the
 * package's own synchronous code runs, and put back before anything else can run.
 */
export class PeerTimers {
  private readonly live = new Set<NodeJS.Timeout>();
  private stopped = false;

  run<T>(body: () => T): T {
    const original = globalThis.setTimeout;
    const tracked = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer: NodeJS.Timeout = original(() => {
        this.live.delete(timer);
        if (!this.stopped) this.run(() => callback(...args));
      }, ms);
      timer.unref();
      this.live.add(timer);
      return timer;
    }) as unknown as typeof setTimeout;
    globalThis.setTimeout = tracked;
    try {
      return body();
    } finally {
      globalThis.setTimeout = original;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.live) clearTimeout(timer);
    this.live.clear();
  }
}
