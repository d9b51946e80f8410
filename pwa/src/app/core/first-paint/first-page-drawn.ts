import { DOCUMENT } from '@angular/common';
import { Injectable, Injector, inject } from '@angular/core';
import { NavigationCancel, NavigationEnd, NavigationError, Router } from '@angular/router';
import { SessionStore } from '../auth/session-store';
import { startsFromFirstPaintCopy } from './first-paint-copy';
import { releaseLightPaint } from './page-snapshot';

/**
 * Holds back what the first screen does not need while it is drawn, when that screen draws from
 * its first-paint copy and the app comes from the network (no service worker serves it: the first
 * start after a deploy, or a browser that never installed it).
 *
 * Why: on a phone's network the app's code arrives as a chain of chunks, and everything fetched
 * beside that chain shares its bandwidth and its CPU. RxDB and Dexie alone are ~90 kB brotli and
 * ~0.6 s of script evaluation on a 4× slower phone (bench/README.md, bench:lighthouse): started
 * at once for a remembered session, they kept the patient's «Консультации» from drawing although
 * that page draws from its copy and needs no database for it. They now start right after the
 * page has been painted; the live list replaces the copy as before, and a failed download still
 * shows the shell's «Повторить» (LazyDataLayer.failed).
 *
 * Every other start (a page without a copy: its content needs the data anyway; the app served by
 * its service worker: nothing competes for the network) holds nothing back.
 */
@Injectable({ providedIn: 'root' })
export class FirstPageDrawn {
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly sessions = inject(SessionStore);
  /** Decided once, at the first question: a start is what it is. */
  private waiting: Promise<void> | null = null;

  constructor() {
    // The light first paint (start/first-paint-light.ts) stays in front until this app's own
    // page is on screen, then goes; after that it is never drawn (its chunk may come late).
    // A microtask later: the router may be what is being built when this is first injected.
    if (this.firstScreenFromCopy()) {
      void Promise.resolve()
        .then(() => this.firstPageDrawn())
        .catch(() => undefined) // no router (an app without pages): nothing to wait for
        .then(() => releaseLightPaint(this.document));
    } else {
      releaseLightPaint(this.document);
    }
  }

  /**
   * Resolves at once, or once the first page has been painted when this start draws its first
   * screen from a copy (see the class). For work the first screen does not need.
   */
  whenFirstScreenNeedsNothingElse(): Promise<void> {
    this.waiting ??= this.firstScreenFromCopy() ? this.firstPageDrawn() : Promise.resolve();
    return this.waiting;
  }

  private firstScreenFromCopy(): boolean {
    const window = this.document.defaultView;
    return !!window && startsFromFirstPaintCopy(window.location.pathname, this.sessions.load()?.id, window.navigator.serviceWorker);
  }

  /**
   * The router's first navigation has ended (or failed, or was cancelled) and its page has been
   * painted: the browser's largest-paint entry for it, which comes once the frame is on screen
   * (a task queued after the next animation frame ran before that on a busy phone: measured,
   * bench/README.md). Where no larger paint comes (or the browser reports none), ten frames later.
   */
  private firstPageDrawn(): Promise<void> {
    const router = this.injector.get(Router);
    if (router.navigated) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = router.events.subscribe((event) => {
        if (!(event instanceof NavigationEnd || event instanceof NavigationError || event instanceof NavigationCancel)) return;
        subscription.unsubscribe();
        // A hidden tab paints nothing and runs no animation frames: nothing to wait for.
        if (this.document.hidden) return resolve();
        this.document.addEventListener('visibilitychange', () => resolve(), { once: true });
        const ended = performance.now();
        try {
          new PerformanceObserver((list, observer) => {
            if (!list.getEntries().some((entry) => entry.startTime >= ended)) return;
            observer.disconnect();
            resolve();
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        } catch {
          // No largest-paint entries in this browser: the frames below.
        }
        let frames = 10;
        const frame = (): unknown => (--frames > 0 ? requestAnimationFrame(frame) : setTimeout(resolve));
        requestAnimationFrame(frame);
      });
    });
  }
}
