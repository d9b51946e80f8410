import { eventually } from './eventually';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, never a downloaded build. The background-networking flags keep Chromium
 * from calling Google hosts that this closed network refuses.
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** A fresh (incognito) context; `timezoneId` is the device's clock zone (IANA), Moscow unless given. */
export async function newContext(
  browser: Browser,
  baseURL: string,
  device: typeof PHONE | typeof DESKTOP,
  timezoneId = 'Europe/Moscow',
): Promise<BrowserContext> {
  return browser.newContext({ ...device, baseURL, locale: 'ru-RU', timezoneId });
}

/**
 * Resolves once the page is controlled by the Angular service worker and every chunk of the app
 * is in its cache (the worker installs the entry files; the app caches the other chunks, the
 * `app` group, when idle: core/service-worker/lazy-assets-prefetch.ts), so it can start offline.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // Polled with `evaluate`, which awaits the check: `waitForFunction` takes the promise an async
  // check returns for a truthy answer, so it used to return at once, worker or not. Each check
  // that is not yet satisfied says why; a timeout reports the last reason and what the page
  // warned about (a prefetch that stopped).
  const warnings: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
  };
  page.on('console', onConsole);
  try {
    await eventually(
      async () => {
        const reason = await page.evaluate(async () => {
          if (!navigator.serviceWorker.controller) return 'no worker controls the page';
          const state = await fetch('/ngsw/state').then((r) => r.text()).catch(() => '');
          if (!state.includes('Driver state: NORMAL')) return `the worker's state: ${state.split('\n').slice(0, 3).join(' | ')}`;
          const manifest = (await fetch('/ngsw.json?ngsw-bypass=true', { cache: 'no-store' }).then((r) => r.json())) as { assetGroups: { name: string; urls: string[] }[] };
          const urls = manifest.assetGroups.find((group) => group.name === 'app')?.urls ?? [];
          let missing = 0;
          let first = '';
          for (const url of urls) {
            if (await caches.match(url)) continue;
            missing++;
            first ||= url;
          }
          return missing === 0 ? '' : `${missing} of ${urls.length} app chunks not cached yet (${first} …)`;
        });
        if (reason === '') return true;
        throw new Error(reason);
      },
      'the service worker controls the page and holds every chunk of the app',
      90_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the page warned: ${warnings.slice(-5).join(' / ') || 'nothing'}`);
  } finally {
    page.off('console', onConsole);
  }
}

/**
 * Records, in every page of the context, when the app asks the browser to register its service
 * worker (`window.__workerRegisteredAt`, performance.now() of each call): for tests of when that happens.
 */
export const RECORD_WORKER_REGISTRATIONS = `
  (() => {
    const register = ServiceWorkerContainer.prototype.register;
    window.__workerRegisteredAt = [];
    ServiceWorkerContainer.prototype.register = function (...args) {
      window.__workerRegisteredAt.push(performance.now());
      return register.apply(this, args);
    };
  })();
`;

/** The page's worker registrations (RECORD_WORKER_REGISTRATIONS) and the moments each collection's initial sync was done (the app's User Timing marks). */
export async function workerRegistrationsAndInitialSyncs(page: Page): Promise<{ registeredAt: number[]; initialSyncs: { name: string; at: number }[] }> {
  return page.evaluate(`({
    registeredAt: window.__workerRegisteredAt ?? [],
    initialSyncs: performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('oblako:initial-sync:')).map((mark) => ({ name: mark.name, at: mark.startTime })),
  })`) as Promise<{ registeredAt: number[]; initialSyncs: { name: string; at: number }[] }>;
}

/**
 * A persistent profile (on disk), as an installed app has: default contexts are incognito, where
 * Chromium refuses installation and keeps IndexedDB in memory.
 */
export async function launchPersistent(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL,
    locale: 'ru-RU',
    ...DESKTOP,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
