import type { ReplicationPullHandlerResult } from 'rxdb';
import type { Doc } from './couch-docs';
import type { CouchCheckpoint } from './couch-pull';

export type Page = ReplicationPullHandlerResult<Doc, CouchCheckpoint>;

export interface PageReaderOptions {
  /** The next page after a server position (undefined: from the start). */
  fetchPage: (sequence: string | undefined) => Promise<Page>;
  /** Where to start: the server position after the last page stored. */
  since: string | undefined;
  batchSize: number;
  /** Pages read but not yet taken, at most (the memory a long first sync holds). */
  ahead: number;
  isStopped: () => boolean;
  onError: (error: unknown) => void;
  retryDelay: () => Promise<void>;
}

/**
 * Reads a first sync's pages one after another as fast as the server answers, up to `ahead`
 * pages before the one being stored: each page's position comes from the page before it, so
 * the requests are a chain, and a chain that waited for every page to be stored before asking
 * for the next would add the server's time to the device's (bench/README.md, bench:browser).
 * A failed request is reported and asked again after the retry delay, from the same position.
 */
export class PageReader {
  private readonly pages: Page[] = [];
  private wakeReader: (() => void) | null = null;
  private wakeTaker: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: PageReaderOptions) {
    void this.read(options.since);
  }

  /** The next page, or undefined once stopped or closed. */
  async take(): Promise<Page | undefined> {
    while (this.pages.length === 0) {
      if (this.closed || this.options.isStopped()) return undefined;
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    const page = this.pages.shift()!;
    this.wake('reader');
    return page;
  }

  /** No more pages are wanted (the first sync ended or hands over early). */
  close(): void {
    this.closed = true;
    this.wake('reader');
    this.wake('taker');
  }

  private async read(since: string | undefined): Promise<void> {
    const { options } = this;
    for (;;) {
      while (this.pages.length >= options.ahead && !this.closed) await new Promise<void>((resolve) => (this.wakeReader = resolve));
      if (this.closed || options.isStopped()) break;
      let page: Page;
      try {
        page = await options.fetchPage(since);
      } catch (error) {
        if (this.closed || options.isStopped()) break;
        options.onError(error);
        await options.retryDelay();
        continue;
      }
      if (this.closed) break;
      this.pages.push(page);
      this.wake('taker');
      if (page.documents.length < options.batchSize) return; // the last page
      since = page.checkpoint!.sequence;
    }
    // Stopped: a reader waiting for a page learns it from take().
    this.closed = true;
    this.wake('taker');
  }

  private wake(which: 'reader' | 'taker'): void {
    const wake = which === 'reader' ? this.wakeReader : this.wakeTaker;
    if (which === 'reader') this.wakeReader = null;
    else this.wakeTaker = null;
    wake?.();
  }
}
