import type { BrowserContext, Route } from 'playwright-core';

/** Requests held back by holdRequests, until `release`. */
export interface HeldRequests {
  /** Settles once the first matching request has been held. */
  readonly asked: Promise<void>;
  /** How many are held now. */
  count(): number;
  /** Lets the held requests (and every later one) through. */
  release(): Promise<void>;
}

/** Holds back every request of `context` to `url` (e.g. a chunk, to see what the app does before it arrives). */
export async function holdRequests(context: BrowserContext, url: RegExp | string): Promise<HeldRequests> {
  const held: Route[] = [];
  let asked!: () => void;
  const firstAsked = new Promise<void>((resolve) => (asked = resolve));
  await context.route(url, (route) => {
    held.push(route);
    asked();
  });
  return {
    asked: firstAsked,
    count: () => held.length,
    release: async () => {
      // In this order: unrouting first lets Playwright answer the held routes itself.
      for (const route of held.splice(0)) await route.continue();
      await context.unroute(url);
    },
  };
}
