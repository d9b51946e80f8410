import { Injectable, inject } from '@angular/core';
import { NavigationEnd, NavigationError, Router } from '@angular/router';
import { Observable, ReplaySubject, Subject, concatMap, defer, filter, firstValueFrom, last, map, merge, of, range, tap } from 'rxjs';

/**
 * The longest anything held for a first screen waits (the replication of a reload, the worker's
 * prefetch): a screen whose reads never answer must not keep the device from syncing or caching.
 */
export const FIRST_SCREEN_MAX_WAIT_MS = 4_000;

/**
 * Knows when the first screen of a start has read what it shows: the router's first navigation
 * has ended, and every read of the device's data that the screen began (DataService's `find$`
 * and `doc$`) has had its first answer and been drawn.
 *
 * Why: on a reload the page's reads and the replication's start-up (its checkpoints, the
 * first-sync check, the pending writes, the live pull) all go to the one IndexedDB at once, and
 * the page's 5,000-record read waits behind them (bench/README.md, bench:page). The data layer
 * starts the replication of a remembered session once this says the screen is drawn — never
 * later than a bound, so a read that never answers cannot keep the device from syncing.
 */
@Injectable({ providedIn: 'root' })
export class FirstScreenReads {
  private readonly router = inject(Router);
  private awaiting = 0;
  private readonly answered$ = new Subject<void>();

  /** Counts `source` as awaited from its subscription until its first value (or error, or unsubscription). */
  track<T>(source: Observable<T>): Observable<T> {
    return defer(() => {
      let done = false;
      this.awaiting++;
      const answered = () => {
        if (done) return;
        done = true;
        this.awaiting--;
        this.answered$.next();
      };
      return source.pipe(tap({ next: answered, error: answered, finalize: answered }));
    });
  }

  /**
   * Resolves once the first screen is drawn with its data (see the class), or after `maxWaitMs`,
   * whichever comes first: `drawn` or `timed out`.
   */
  async drawn(maxWaitMs = FIRST_SCREEN_MAX_WAIT_MS): Promise<'drawn' | 'timed out'> {
    const timedOut$ = new ReplaySubject<'timed out'>(1);
    const bound = setTimeout(() => timedOut$.next('timed out'), maxWaitMs);
    // Every wait below ends at the bound too, so nothing is left waiting after it.
    const until = <T>(wait: Observable<T>) => firstValueFrom(merge(wait.pipe(map(() => 'go' as const)), timedOut$));
    try {
      if ((await until(this.navigationEnded())) === 'timed out') return 'timed out';
      // A page subscribes to its reads as it first renders (signals' effects, `@defer`…), after
      // the navigation has ended: let it render, then wait until nothing it asked is unanswered;
      // an answer may start further reads (a list, then its file records), hence the loop.
      for (;;) {
        if ((await until(nextFrames(2))) === 'timed out') return 'timed out';
        if (this.awaiting === 0) return 'drawn';
        if ((await until(this.answered$.pipe(filter(() => this.awaiting === 0)))) === 'timed out') return 'timed out';
      }
    } finally {
      clearTimeout(bound);
    }
  }

  /**
   * The first navigation has already ended (the data opened late), or it ends now. A redirect
   * cancels a navigation and starts the one that ends; one that never ends is left to the bound.
   */
  private navigationEnded(): Observable<unknown> {
    if (this.router.navigated) return of(true);
    return this.router.events.pipe(filter((event) => event instanceof NavigationEnd || event instanceof NavigationError));
  }
}

/** `count` frames drawn; a hidden tab draws none (no animation frames): then 100 ms each. */
function nextFrames(count: number): Observable<void> {
  const frame = () =>
    new Observable<void>((subscriber) => {
      const done = () => {
        subscriber.next();
        subscriber.complete();
      };
      const id = requestAnimationFrame(done);
      const fallback = setTimeout(done, 100);
      return () => {
        cancelAnimationFrame(id);
        clearTimeout(fallback);
      };
    });
  return range(0, count).pipe(concatMap(() => frame()), last());
}
