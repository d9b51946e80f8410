/**
 * `npm run bench:lighthouse`: Lighthouse 12.2.3, mobile (its default: a Moto G Power-class
 * phone, simulated slow 4G and 4× CPU slowdown), performance only, on
 *  - the sign-in page, a first visit (nothing cached, no service worker);
 *  - the patient's «Консультации», signed in: the demo patient signed in through the sign-in
 *    page first, then the service worker and every HTTP/Cache Storage copy removed, the session
 *    (refresh cookie, localStorage) and the data on the device (IndexedDB) kept: the app starting
 *    from the network for someone already signed in, the slowest case they meet (after a deploy).
 *
 * The real server (`npm start`'s: demo mode, embedded store, the built PWA with its precompressed
 * files) runs on a free port with a fresh data directory. Build first: `npm run build`.
 * BENCH_RUNS (default 3) runs per page, median shown with min–max. Prints the machine's load
 * average at the start and the end: Lighthouse's simulated throttling scales measured CPU work,
 * so a loaded machine lowers the score.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import lighthouse, { type Flags, type RunnerResult } from 'lighthouse';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEMO } from '../../e2e/support/app';
import { giveConsent } from '../../e2e/support/documents';
import { ROOT, startServer, type RunningServer } from '../../e2e/support/server';

const CHROME = process.env['CHROME_PATH'] ?? process.env['CHROME_BIN'] ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));
/** Where to keep each run's full Lighthouse report (JSON), to see what loaded; none by default. */
const REPORT_DIR = process.env['BENCH_REPORT_DIR'];
/** Which pages to run (`signIn`, `consultations`, comma-separated); both by default. */
const PAGES = (process.env['BENCH_PAGES'] ?? 'signIn,consultations').split(',').map((name) => name.trim());
const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

interface Figures {
  probe?: PaintProbe;
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  transferredBytes: number;
  scriptBytes: number;
  /** Main-thread time by kind (Lighthouse's `mainthread-work-breakdown`, ms, ×4 CPU slowdown included). */
  mainThread: Record<string, number>;
  /** The scripts that kept the main thread busiest (`bootup-time`): file, total and evaluation ms. */
  bootup: { script: string; totalMs: number; scriptingMs: number }[];
}

/**
 * The page's largest-paint candidates, in order, from the browser's own `largest-contentful-paint`
 * entries in a separate, unthrottled load of the same page in the same state (Lighthouse 12.2.3's
 * `largest-contentful-paint-element` audit fails with this Chromium: its TraceElements gatherer
 * throws on `frame_sequence`). Tells WHICH element is the LCP and what drew before it.
 */
interface PaintProbe {
  candidates: { ms: number; size: number; element: string }[];
  /** Whether a service worker served the probe's load (then no light first paint is drawn). */
  controlled?: boolean;
  /** Whether the light first paint (session 8) was drawn in the probe's load, and the layout of the snapshot it found. */
  lightPainted?: boolean;
  snapshot?: string;
}

let reports = 0;

function figuresOf(result: RunnerResult | undefined): Figures {
  if (!result) throw new Error('Lighthouse returned no result');
  const { lhr } = result;
  if (REPORT_DIR) writeFileSync(join(REPORT_DIR, `lighthouse-${++reports}.json`), JSON.stringify(lhr));
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const requests = (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
  return {
    score: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    transferredBytes: audit('total-byte-weight'),
    scriptBytes: requests.filter((item) => item.resourceType === 'Script').reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    mainThread: Object.fromEntries(
      ((lhr.audits['mainthread-work-breakdown']?.details as { items?: { group: string; duration: number }[] } | undefined)?.items ?? []).map((item) => [item.group, item.duration]),
    ),
    bootup: ((lhr.audits['bootup-time']?.details as { items?: { url: string; total: number; scripting: number }[] } | undefined)?.items ?? [])
      .slice(0, 4)
      .map((item) => ({ script: item.url.replace(/^.*\//, ''), totalMs: item.total, scriptingMs: item.scripting })),
  };
}

async function launch(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROME, headless: true, args: CHROME_FLAGS, defaultViewport: null });
}

/** Lighthouse's mobile screen (Moto G Power): the same elements are in view as in its runs. */
const MOBILE_VIEWPORT = { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

/** Records every largest-paint candidate of the page in `window.__largestPaints`. */
const LARGEST_PAINTS_RECORDER = `
  window.__largestPaints = [];
  window.__controlledAtStart = Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
  window.__lightPainted = false;
  window.__snapshotAtStart = (function () {
    try {
      var key = Object.keys(localStorage).filter(function (k) { return k.indexOf('oblako.first-paint.@snapshot.') === 0; })[0];
      return key ? (JSON.parse(localStorage.getItem(key)).handset ? 'phone' : 'wider') : 'none';
    } catch (error) {
      return 'unreadable';
    }
  })();
  new MutationObserver(function () {
    if (document.getElementById('ob-first-paint')) window.__lightPainted = true;
  }).observe(document, { childList: true, subtree: true });
  function describe(element) {
    // No element: removed since, or inside a closed shadow root (the light first paint, session 8).
    if (!element) return '(element gone or in the light first paint)';
    var testId = element.getAttribute('data-testid');
    var classes = typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
    return element.tagName.toLowerCase() + (testId ? '[data-testid=' + testId + ']' : '') + classes + ' «' + (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 48) + '»';
  }
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (entry) {
      window.__largestPaints.push({ ms: Math.round(entry.startTime), size: entry.size, element: describe(entry.element) });
    });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
`;

async function probeLargestPaint(page: Page, url: string, drawn: string): Promise<PaintProbe> {
  await page.setViewport(MOBILE_VIEWPORT);
  await page.bringToFront();
  // As source text: tsx compiles functions with helpers (`__name`) the page does not have.
  await page.evaluateOnNewDocument(LARGEST_PAINTS_RECORDER);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector(drawn, { timeout: 120_000 });
  // Then until the network is quiet (the page's data and late chunks drawn), as far as it gets
  // quiet: the app keeps a live connection, and the entries read are what was painted by then.
  await page.waitForNetworkIdle({ idleTime: 1000, concurrency: 1, timeout: 30_000 }).catch(() => undefined);
  return {
    candidates: await page.evaluate(() => (window as unknown as { __largestPaints: PaintProbe['candidates'] }).__largestPaints),
    controlled: await page.evaluate(() => (window as unknown as { __controlledAtStart: boolean }).__controlledAtStart),
    lightPainted: await page.evaluate(() => (window as unknown as { __lightPainted: boolean }).__lightPainted),
    snapshot: await page.evaluate(() => (window as unknown as { __snapshotAtStart: string }).__snapshotAtStart),
  };
}

/** The app's copies in this browser removed (worker, Cache Storage, HTTP cache); session and IndexedDB kept. */
async function dropAppCopies(page: Page): Promise<void> {
  // From a page of the origin that runs none of the app: the app registers its worker once the
  // person's data is on the device (session 10, registration-moment.ts), and a page of it still
  // open could register it again after it was dropped here, so the next start would be served by it.
  await page.goto(new URL('/manifest.webmanifest', page.url()).href);
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
  await page.goto('about:blank');
}

const FLAGS: Flags = { output: 'json', logLevel: 'error', onlyCategories: ['performance'] };

/** A first visit: Lighthouse resets the origin's storage itself before loading. */
async function signInPage(server: RunningServer): Promise<Figures> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const figures = figuresOf(await lighthouse(`${server.baseUrl}/sign-in`, FLAGS, undefined, page));
    await page.close(); // a page in a background tab reports no largest paint
    const probe = await browser.newPage();
    await (await probe.createCDPSession()).send('Network.clearBrowserCache');
    return { ...figures, probe: await probeLargestPaint(probe, `${server.baseUrl}/sign-in`, 'input[autocomplete=username]') };
  } finally {
    await browser.close();
  }
}

async function signInAsPatient(page: Page, baseUrl: string): Promise<void> {
  // The phone Lighthouse emulates: the same device's earlier visit left what it drew in its layout.
  await page.setViewport(MOBILE_VIEWPORT);
  await page.goto(`${baseUrl}/sign-in`, { waitUntil: 'load' });
  await page.waitForSelector('input[autocomplete=username]');
  await page.type('input[autocomplete=username]', DEMO.patient.phone);
  await page.type('input[autocomplete=current-password]', DEMO.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=connectivity]', { timeout: 60_000 });
  await page.goto(`${baseUrl}/consultations`, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid=connectivity]', { timeout: 60_000 });
  // What a visit leaves for the next start: the page's first-paint copy and (session 8) its
  // snapshot for the light first paint, written in idle time; a build without it waits 10 s more.
  const stored = (prefix: string) => page.waitForFunction((p: string) => Object.keys(localStorage).some((key) => key.startsWith(p)), { timeout: 30_000 }, prefix);
  await stored('oblako.first-paint.@addresses.');
  await stored('oblako.first-paint.@snapshot.').catch(() => undefined);
}

/** Signed in, data on the device, nothing of the app cached: see the header. */
async function consultationsPage(server: RunningServer): Promise<Figures> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await signInAsPatient(page, server.baseUrl);
    await dropAppCopies(page);
    const figures = figuresOf(await lighthouse(`${server.baseUrl}/consultations`, { ...FLAGS, disableStorageReset: true }, undefined, page));
    await page.close(); // a page in a background tab reports no largest paint
    const probe = await browser.newPage();
    // Lighthouse resets its phone emulation when it ends, and the page it leaves redraws (and
    // records its snapshot) in the desktop layout: visit again as the phone first, so the probe's
    // start meets what Lighthouse's start met.
    await probe.setViewport(MOBILE_VIEWPORT);
    await probe.goto(`${server.baseUrl}/consultations`, { waitUntil: 'load' });
    await probe.waitForSelector('[data-testid=consultation-card], [data-testid=no-consultations]', { timeout: 60_000 });
    await probe
      .waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('oblako.first-paint.@snapshot.') && JSON.parse(localStorage.getItem(key) ?? '{}').handset === true), { timeout: 10_000 })
      .catch(() => undefined); // a build without snapshots
    await dropAppCopies(probe);
    return { ...figures, probe: await probeLargestPaint(probe, `${server.baseUrl}/consultations`, '[data-testid=consultation-card], [data-testid=no-consultations]') };
  } finally {
    await browser.close();
  }
}

/**
 * One run, tried a second time when Lighthouse itself fails to record it (NO_NAVSTART and the
 * like, seen on a loaded machine): a failed recording says nothing about the page.
 */
async function once(run: () => Promise<Figures>): Promise<Figures> {
  try {
    return await run();
  } catch (error) {
    console.log(`# a run failed (${error instanceof Error ? error.message : String(error)}): trying it again`);
    return run();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function row(name: string, runs: Figures[]): string {
  const cell = (pick: (f: Figures) => number, format: (n: number) => string) => {
    const values = runs.map(pick);
    return runs.length > 1 ? `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})` : format(values[0]!);
  };
  const ms = (n: number) => `${Math.round(n)} ms`;
  const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  return `| ${name} | ${cell((f) => f.score, String)} | ${cell((f) => f.fcpMs, ms)} | ${cell((f) => f.lcpMs, ms)} | ${cell((f) => f.tbtMs, ms)} | ${cell((f) => f.transferredBytes, kB)} | ${cell((f) => f.scriptBytes, kB)} |`;
}

/** Of the run with the median score: main-thread time by kind, the busiest scripts, the LCP candidates. */
function printWhereTimeWent(name: string, runs: Figures[]): void {
  const run = [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)]!;
  const ms = (n: number) => `${Math.round(n)} ms`;
  const groups = Object.entries(run.mainThread).sort((a, b) => b[1] - a[1]);
  console.log(`# ${name} (run scoring ${run.score}): main thread ${groups.map(([group, time]) => `${group} ${ms(time)}`).join(', ')}`);
  console.log(`#   busiest scripts: ${run.bootup.map((b) => `${b.script} ${ms(b.totalMs)} (evaluation ${ms(b.scriptingMs)})`).join(', ')}`);
  const candidates = run.probe?.candidates ?? [];
  console.log(`#   largest paints (unthrottled load${run.probe?.controlled ? ', served by the service worker' : ''}${run.probe?.snapshot ? `, snapshot at start: ${run.probe.snapshot}, ${run.probe.lightPainted ? 'drawn' : 'not drawn'}` : ''}, in order): ${candidates.length ? candidates.map((c) => `${c.ms} ms ${c.element} (${c.size} px²)`).join(' → ') : 'none reported'}`);
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' / ');

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/pwa/browser/index.html'))) throw new Error('the PWA is not built: run `npm run build` first');
  if (!existsSync(join(ROOT, 'dist/pwa/browser/index.html.br'))) console.warn('# dist has no precompressed files: run `npm run build` (not `ng build` alone) for what ships');
  console.log(`# Lighthouse 12.2.3 mobile, ${RUNS} run(s) per page (${PAGES.join(', ')}), app ${process.env['PWA_DIR'] ?? 'dist/pwa/browser'}, Chromium ${CHROME}; ${cpus().length} cores, load average at start (1/5/15 min): ${load()}`);
  const server = await startServer();
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const { token } = await (await import('../../e2e/support/app')).apiSession(server.baseUrl, DEMO.patient.phone);
    await giveConsent(server.baseUrl, token);
    const results: Record<string, Figures[]> = { signIn: [], consultations: [] };
    // Interleaved, so a burst of load from elsewhere hits both pages alike.
    for (let run = 1; run <= RUNS; run++) {
      if (PAGES.includes('signIn')) results['signIn']!.push(await once(() => signInPage(server)));
      if (PAGES.includes('consultations')) results['consultations']!.push(await once(() => consultationsPage(server)));
      console.log(`# run ${run}/${RUNS} done, load average ${load()}`);
    }
    console.log('');
    console.log('| page | performance | FCP | LCP | TBT | transferred | of it JavaScript |');
    console.log('|---|---|---|---|---|---|---|');
    if (results['signIn']!.length) console.log(row('sign-in (first visit)', results['signIn']!));
    if (results['consultations']!.length) console.log(row('«Консультации», patient signed in, app not cached', results['consultations']!));
    console.log('');
    for (const [name, runs] of Object.entries(results)) if (runs.length) printWhereTimeWent(name, runs);
    console.log('');
    console.log(`# load average at end (1/5/15 min): ${load()} on ${cpus().length} cores${loadavg()[0]! > cpus().length * 0.75 ? ': the machine is busy, scores are lower than on an idle one' : ''}`);
  } finally {
    await server.stop();
  }
}

await main();
