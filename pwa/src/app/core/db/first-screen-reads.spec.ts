import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { FirstScreenReads } from './first-screen-reads';

@Component({ selector: 'ob-test-page', template: '' })
class TestPage {}

describe('FirstScreenReads (when a reload may start its replication)', () => {
  let reads: FirstScreenReads;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'page', component: TestPage }])] });
    reads = TestBed.inject(FirstScreenReads);
    router = TestBed.inject(Router);
  });

  /** What `drawn` answered, or `waiting` if it has not answered within `ms`. */
  async function answerWithin(drawn: Promise<string>, ms: number): Promise<string> {
    return Promise.race([drawn, new Promise<string>((resolve) => setTimeout(() => resolve('waiting'), ms))]);
  }

  it('waits for the first navigation and for the page\'s read, then says the screen is drawn', async () => {
    const drawn = reads.drawn(10_000);
    expect(await answerWithin(drawn, 300)).withContext('before the navigation ended').toBe('waiting');
    // The page asks for its data as it renders (here: right as the navigation ends).
    const records = new Subject<string[]>();
    const subscription = reads.track(records).subscribe();
    await router.navigateByUrl('/page');
    expect(await answerWithin(drawn, 300)).withContext('the page\'s read has no answer yet').toBe('waiting');
    records.next(['p1:1', 'p1:2']);
    expect(await answerWithin(drawn, 2_000)).toBe('drawn');
    subscription.unsubscribe();
  });

  it('counts only the first answer of a live read, and a read given up as answered', async () => {
    await router.navigateByUrl('/page');
    const live = new Subject<number>();
    const liveSubscription = reads.track(live).subscribe();
    const abandoned = reads.track(new Subject<number>()).subscribe();
    abandoned.unsubscribe();
    live.next(1);
    expect(await answerWithin(reads.drawn(10_000), 2_000)).toBe('drawn');
    // Later changes of the live read do not count as new reads.
    live.next(2);
    expect(await answerWithin(reads.drawn(10_000), 2_000)).toBe('drawn');
    liveSubscription.unsubscribe();
  });

  it('never waits longer than its bound: a read that never answers does not keep the sync from starting', async () => {
    await router.navigateByUrl('/page');
    const never = reads.track(new Subject<never>()).subscribe();
    const started = performance.now();
    expect(await answerWithin(reads.drawn(500), 5_000)).toBe('timed out');
    expect(performance.now() - started).toBeGreaterThanOrEqual(490);
    never.unsubscribe();
  });

  it('a failed read counts as answered', async () => {
    await router.navigateByUrl('/page');
    const failing = new Subject<number>();
    const subscription = reads.track(failing).subscribe({ error: () => undefined });
    failing.error(new Error('closed database'));
    expect(await answerWithin(reads.drawn(10_000), 2_000)).toBe('drawn');
    subscription.unsubscribe();
  });
});
