/**
 * Runs a task one pass at a time: a request during a pass makes one more pass after it (however
 * many requests came), so a burst of changes costs at most two passes. The offline copies'
 * planning and the device views' sending both work this way.
 */
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly pass: () => Promise<void>) {}

  /** Another pass has been asked for while this one runs (a long pass may stop early for it). */
  get wanted(): boolean {
    return this.again;
  }

  /** Starts a pass now, or asks for one after the pass in progress (whose promise it returns). */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.request();
      }
    });
    return this.running;
  }
}
