import type { FastifyBaseLogger } from 'fastify';
import type { Seq } from './types';

const RESTART_DELAY_MS = 1000;

/**
 * Follows one store database's change feed for as long as the process runs and tells the
 * listener the id of every changed document. Starts from the position read before it returns,
 * so nothing written after `start()` resolves is missed; after a feed error (a CouchDB restart)
 * it resumes from the last position it saw, not from "now".
 */
export class LiveFeed {
  private feed: PouchDB.Core.Changes<object> | null = null;
  private since: Seq = 0;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: PouchDB.Database,
    private readonly onChange: (id: string) => void,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.since = (await this.db.info()).update_seq;
    this.follow();
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.feed?.cancel();
    this.feed = null;
  }

  private follow(): void {
    if (this.stopped) return;
    const feed = this.db.changes({ live: true, since: this.since as number });
    this.feed = feed;
    feed.on('change', (change) => {
      this.since = change.seq;
      this.onChange(change.id);
    });
    feed.on('error', (error) => {
      if (this.stopped) return;
      this.log.warn({ err: error }, 'change feed failed; restarting');
      this.restartTimer = setTimeout(() => this.follow(), RESTART_DELAY_MS);
      this.restartTimer.unref();
    });
  }
}
