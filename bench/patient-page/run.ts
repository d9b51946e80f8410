/**
 * `npm run bench:page` — the doctor's page of a patient with 5,000 document records, in real
 * Chromium (Debian's, an on-disk profile), against the built app and the real server
 * (production mode, fresh data directory, records written straight into its store).
 *
 * Per round (the first is a warm-up, discarded):
 *  - open: patients list → click the patient → first cards drawn (ms), and → the whole list read;
 *  - scroll: from the top to the last record, two screens per frame (a fast fling), long tasks
 *    observed with PerformanceObserver('longtask'): the longest and how many over 50 ms;
 *  - reload: with the data on the device, navigation start → first cards drawn, and → whole list;
 *  - baseline, in the same page right after: a bare RxDB (Dexie) database holding the same 5,000
 *    records, opened fresh, `find()` of all of them + toJSON. The app and the baseline alternate
 *    which runs first;
 *  - bare page, the second baseline, timed like the reload: navigation start → a minimal page
 *    (bare-page.ts: RxDB + Dexie only, same origin and profile) has opened that database, read the
 *    records with `find()` and drawn them as plain list items (the first item, the count).
 * Prints medians and the load average. Nothing passes or fails. BENCH_PWA_DIR: another build's
 * `browser` folder (default dist/pwa/browser).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { signIn } from '../../e2e/support/app';
import { seededDocument, startServerWithRecords } from '../../e2e/support/patient-with-records';
import { IDB_TRACE } from '../browser/idb-trace';

const ROOT = resolve(import.meta.dirname, '../..');
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 5_000);
/** Where to write CPU profiles of the warm-up round's open and reload (`BENCH_CPU_PROFILE_DIR`, must exist). */
const PROFILE_DIR = process.env['BENCH_CPU_PROFILE_DIR'];
/**
 * Where to write Chromium performance traces (every thread, GC, tasks) of the warm-up round's two
 * reloads and its bare page (`BENCH_TRACE_DIR`, must exist); `trace-tasks.ts` summarises one.
 */
const TRACE_DIR = process.env['BENCH_TRACE_DIR'];
/** The browser-wide trace needs the browser's own DevTools endpoint (a page's session loses a reload's new renderer). */
const TRACE_PORT = 9333;
// A profiling or tracing run may stop after the warm-up (BENCH_ROUNDS=0): its timings are not figures then.
const ROUNDS = PROFILE_DIR || TRACE_DIR ? Number(process.env['BENCH_ROUNDS'] ?? 0) : Math.max(5, Number(process.env['BENCH_ROUNDS'] ?? 5));
const VIEWPORT = { width: 1366, height: 900 };
/**
 * The device flag that makes a reload "as before" for the in-round before/after: session 6 compared
 * with the replication started at once (`oblako:replication-at-once`), session 7 with the whole
 * list read first, no first screen from the index (`oblako:first-screen-off`). BENCH_BEFORE_FLAG picks another.
 */
const BEFORE_FLAG = process.env['BENCH_BEFORE_FLAG'] ?? 'oblako:first-screen-off';
/** BENCH_IDB_TRACE=1: the warm-up's reload prints its IndexedDB opens and transactions and its scripts, ms from navigation start. */
const IDB_TRACING = process.env['BENCH_IDB_TRACE'] === '1';

/** The reload's timeline as the page saw it (idb-trace.ts and Resource Timing), one line each. Evaluated in the page. */
const RELOAD_TIMELINE = `(() => {
  const short = (name) => name.replace(/^rxdb-dexie-oblako-.*?--\\d+--/, '').replace(/^oblako-[^-]+-/, '');
  const lines = (window.__idbTrace || []).map((e) => [e.start, Math.round(e.start) + '–' + Math.round(e.end || NaN) + ' idb ' + e.kind + ' ' + short(e.db) + ' ' + e.stores + ' ' + e.mode + (e.rows ? ' ' + e.rows + ' rows' : '')]);
  for (const r of performance.getEntriesByType('resource')) lines.push([r.startTime, Math.round(r.startTime) + '–' + Math.round(r.responseEnd) + ' net ' + r.name.replace(location.origin, '').slice(0, 80)]);
  for (const m of performance.getEntriesByType('mark')) lines.push([m.startTime, Math.round(m.startTime) + ' mark ' + m.name]);
  for (const m of performance.getEntriesByType('measure')) lines.push([m.startTime, Math.round(m.startTime) + '–' + Math.round(m.startTime + m.duration) + ' measure ' + m.name]);
  const n = performance.getEntriesByType('navigation')[0];
  if (n) lines.push([0, '0 navigation: unload ' + Math.round(n.unloadEventStart) + '–' + Math.round(n.unloadEventEnd) + ', worker start ' + Math.round(n.workerStart) + ', fetch ' + Math.round(n.fetchStart) + ', response ' + Math.round(n.responseStart) + '–' + Math.round(n.responseEnd) + ', DOM interactive ' + Math.round(n.domInteractive) + ', DOMContentLoaded ' + Math.round(n.domContentLoadedEventEnd) + ', load ' + Math.round(n.loadEventEnd)]);
  return lines.sort((a, b) => a[0] - b[0]).map(([, line]) => line).join('\\n');
})()`;

interface Round {
  openFirstCards: number;
  openWholeList: number;
  longestTask: number;
  longTasksOver50: number;
  scrollMs: number;
  reloadPageShown: number;
  reloadFirstCards: number;
  reloadWholeList: number;
  bareFind: number;
  barePageFirstItems: number;
  /** User Timing marks of the reload (ms from navigation start): the database open, the replication started. */
  /** The same reload with the replication started as the database opens (the app before this session). */
  reloadAtOnceFirstCards: number;
  reloadDataOpen: number;
  reloadReplicationStart: number;
}

/** The app's own User Timing marks (core/db/data-layer.service.ts, core/replication/replication.service.ts). */
async function appMarks(page: Page): Promise<{ dataOpenStart: number; dataOpen: number; replicationStart: number }> {
  // The replication may start a little after the first cards (it waits for them): wait for its mark.
  await page.waitForFunction(() => performance.getEntriesByName('oblako:replication-start').length > 0, undefined, { timeout: 60_000, polling: 100 });
  return page.evaluate(() => ({
    dataOpenStart: performance.getEntriesByName('oblako:data-open-start')[0]?.startTime ?? NaN,
    dataOpen: performance.getEntriesByName('oblako:data-open')[0]?.startTime ?? NaN,
    replicationStart: performance.getEntriesByName('oblako:replication-start')[0]?.startTime ?? NaN,
  }));
}

/**
 * Waits until the app page has finished starting (its sync caught up: «Все изменения отправлены»)
 * and the main thread has been idle once, before a measured navigation leaves it. Why: a reload
 * right after another one (the before/after pair) began while the previous page was still
 * starting its replication and offline copies; the new page then waited for that page's work
 * (its start ~150 ms later: the even rounds of session 13's first runs), which is not what
 * reloading a running app costs. BENCH_UNSETTLED=1: no wait (sessions 6–12's method).
 */
async function settled(page: Page): Promise<void> {
  if (process.env['BENCH_UNSETTLED'] === '1') return;
  if (!new URL(page.url()).pathname.startsWith('/bench-bare/')) {
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-status]')?.textContent?.includes('Все изменения отправлены'), undefined, { timeout: 60_000, polling: 100 });
  }
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve(), { timeout: 3_000 }), { timeout: 3_000 })));
}

/** Installed before any page script: notes when the first card and the whole list are drawn. */
function watchList(total: number): void {
  const marks: { firstCard?: number; wholeList?: number; pageShown?: number } = {};
  (window as unknown as { listMarks: typeof marks }).listMarks = marks;
  const check = () => {
    // The page's title is drawn once the app has started and routed, before its list is read.
    if (marks.pageShown === undefined && document.querySelector('ob-patient-documents .page-title')) marks.pageShown = performance.now();
    if (marks.firstCard === undefined && document.querySelector('[data-testid=document]')) marks.firstCard = performance.now();
    const count = document.querySelector('[data-testid=document-count]');
    if (marks.wholeList === undefined && count && count.textContent!.trim() === `${total} документов`) marks.wholeList = performance.now();
    if (marks.wholeList === undefined || marks.firstCard === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

async function marks(page: Page): Promise<{ firstCard: number; wholeList: number; pageShown?: number }> {
  await page.waitForFunction(() => {
    const m = (window as unknown as { listMarks?: { firstCard?: number; wholeList?: number } }).listMarks;
    return m?.firstCard !== undefined && m.wholeList !== undefined;
  }, undefined, { timeout: 120_000, polling: 100 });
  return page.evaluate(() => (window as unknown as { listMarks: { firstCard: number; wholeList: number; pageShown?: number } }).listMarks);
}

async function openPatient(page: Page): Promise<{ firstCard: number; wholeList: number }> {
  await page.goto('/documents/patients');
  await page.getByTestId('patient-documents-row').waitFor({ timeout: 60_000 });
  // Click and watch in the page, so the figure has no round trip to this process in it.
  await page.evaluate((total) => {
    const marks: { firstCard?: number; wholeList?: number; clicked?: number } = {};
    (window as unknown as { listMarks: typeof marks }).listMarks = marks;
    marks.clicked = performance.now();
    document.querySelector<HTMLElement>('[data-testid=patient-documents-row]')!.click();
    const check = () => {
      if (marks.firstCard === undefined && document.querySelector('[data-testid=document]')) marks.firstCard = performance.now() - marks.clicked!;
      const count = document.querySelector('[data-testid=document-count]');
      if (marks.wholeList === undefined && count && count.textContent!.trim() === `${total} документов`) marks.wholeList = performance.now() - marks.clicked!;
      if (marks.wholeList === undefined || marks.firstCard === undefined) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, RECORDS);
  return marks(page);
}

async function scrollToEnd(page: Page): Promise<{ longest: number; over50: number; ms: number }> {
  return page.evaluate(
    (total) =>
      new Promise((resolveScroll) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector<HTMLElement>('[data-testid=document-list]')!;
        const started = performance.now();
        const step = () => {
          const items = viewport.querySelectorAll('[role=listitem]');
          const atEnd = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1 && items[items.length - 1]?.getAttribute('aria-posinset') === String(total);
          if (atEnd) {
            const ms = performance.now() - started;
            // Long tasks are reported after they end: one more frame.
            requestAnimationFrame(() =>
              setTimeout(() => {
                observer.disconnect();
                resolveScroll({ longest: Math.max(0, ...tasks), over50: tasks.filter((d) => d > 50).length, ms });
              }, 100),
            );
            return;
          }
          viewport.scrollTop += viewport.clientHeight * 2;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    RECORDS,
  ) as Promise<{ longest: number; over50: number; ms: number }>;
}

async function bareFind(page: Page, bundle: string, patientId: string): Promise<number> {
  if (!(await page.evaluate(() => 'bareRxdb' in window))) await page.addScriptTag({ content: bundle });
  const result = await page.evaluate((id) => (window as unknown as { bareRxdb: { find(id: string): Promise<{ ms: number; count: number }> } }).bareRxdb.find(id), patientId);
  if (result.count !== RECORDS) throw new Error(`the baseline read ${result.count} records, not ${RECORDS}`);
  return result.ms;
}

/** Samples the page's main thread (V8's profiler over CDP) while `work` runs; writes `<name>.cpuprofile`. */
async function profiled<T>(page: Page, name: string | null, work: () => Promise<T>): Promise<T> {
  if (TRACE_DIR && name && /reload|bare/.test(name)) return traced(name, work);
  if (!PROFILE_DIR || !name) return work();
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.send('Profiler.stop');
    await writeFile(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await session.detach();
    console.log(`  CPU profile: ${join(PROFILE_DIR, `${name}.cpuprofile`)}`);
  }
}

/** A Chromium trace of the whole browser while `work` runs (BENCH_TRACE_DIR); writes `<name>.json`. */
async function traced<T>(name: string, work: () => Promise<T>): Promise<T> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${TRACE_PORT}`);
  const session = await browser.newBrowserCDPSession();
  const events: unknown[] = [];
  session.on('Tracing.dataCollected', (data: { value: unknown[] }) => events.push(...data.value));
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.gc', 'blink', 'loading'];
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } } as never);
  try {
    return await work();
  } finally {
    const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.end');
    await complete;
    await writeFile(join(TRACE_DIR!, `${name}.json`), JSON.stringify({ traceEvents: events }));
    await session.detach();
    // Only this connection is closed: the browser is the bench's own.
    await browser.close().catch(() => undefined);
    console.log(`  trace: ${join(TRACE_DIR!, `${name}.json`)}`);
  }
}

/** The bare page from navigation start (the same watcher as the app's reload): its first items drawn. */
async function barePage(page: Page, patientId: string, traceAs: string | null = null): Promise<number> {
  await settled(page);
  const drawn = await profiled(page, traceAs, async () => {
    await page.goto(`/bench-bare/index.html?patient=${encodeURIComponent(patientId)}`);
    return marks(page);
  });
  return drawn.firstCard;
}

/**
 * The app as built, plus the bare page in `bench-bare/` (served by the app's own server from a
 * copy of the build: same origin, same static file handling, the build itself left untouched).
 */
async function pwaDirWithBarePage(dir: string): Promise<string> {
  const pwaDir = join(dir, 'pwa');
  await cp(process.env['BENCH_PWA_DIR'] ?? join(ROOT, 'dist/pwa/browser'), pwaDir, { recursive: true });
  await mkdir(join(pwaDir, 'bench-bare'));
  const script = (await build({
    entryPoints: [join(import.meta.dirname, 'bare-page.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, minify: true,
    define: { 'process.env.NODE_ENV': '"production"' }, absWorkingDir: ROOT,
  })).outputFiles[0]!.text;
  await writeFile(join(pwaDir, 'bench-bare', 'bare-page.js'), script);
  await writeFile(join(pwaDir, 'bench-bare', 'index.html'),
    '<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>bare RxDB page</title></head><body><script src="bare-page.js"></script></body></html>\n');
  return pwaDir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`bench:page — ${RECORDS} records, ${ROUNDS} measured rounds + 1 warm-up; ${cpus().length} cores; load average at start ${load()}`);
  const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-page-'));
  // The server's child reads PWA_DIR (e2e/support/patient-with-records.ts).
  process.env['PWA_DIR'] = await pwaDirWithBarePage(dir);
  const server = await startServerWithRecords(RECORDS, join(dir, 'data'));
  console.log(`  server: production mode, fresh data dir, ${server.info.records} records written into its store in ${server.info.seedMs} ms`);
  const bundle = (await build({
    entryPoints: [join(import.meta.dirname, 'bare-rxdb.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, minify: true,
    define: { 'process.env.NODE_ENV': '"production"' }, absWorkingDir: ROOT,
  })).outputFiles[0]!.text;

  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL: server.baseUrl,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: VIEWPORT,
    // The app's CSP refuses inline scripts: the baseline's bundle is added by the bench.
    bypassCSP: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(TRACE_DIR ? [`--remote-debugging-port=${TRACE_PORT}`] : [])],
  });
  const results: Round[] = [];
  try {
    // tsx names inner functions with esbuild's `__name` helper; functions sent to the page need it too.
    const nameShim = 'globalThis.__name = globalThis.__name || ((target) => target);';
    await context.addInitScript(nameShim);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.evaluate(nameShim);
    const syncStarted = performance.now();
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    await page.waitForFunction((total) => document.querySelector('[data-testid=patient-documents-row]')?.textContent?.includes(`${total} документов`), RECORDS, { timeout: 600_000, polling: 250 });
    console.log(`  sign-in → ${RECORDS} records on the device: ${((performance.now() - syncStarted) / 1000).toFixed(1)} s (not a figure of this bench)`);

    // The baseline's database: the same records (the generator the server was seeded with).
    await page.addScriptTag({ content: bundle });
    const seeded = await page.evaluate(
      (records) => (window as unknown as { bareRxdb: { seed(r: unknown[]): Promise<number> } }).bareRxdb.seed(records),
      Array.from({ length: RECORDS }, (_, i) => {
        const { _id, ...rest } = seededDocument(server.info.patientId, 'doctor', i, RECORDS);
        return { id: _id, ...rest };
      }),
    );
    if (seeded !== RECORDS) throw new Error(`baseline seeded ${seeded}`);
    await context.addInitScript(watchList, RECORDS);
    if (IDB_TRACING) await context.addInitScript(IDB_TRACE);

    for (let round = 0; round <= ROUNDS; round++) {
      const baselineFirst = round % 2 === 1;
      let bare = 0;
      let barePageMs = 0;
      if (baselineFirst) {
        bare = await bareFind(page, bundle, server.info.patientId);
        barePageMs = await barePage(page, server.info.patientId, round === 0 ? 'bare-page' : null);
      }
      const profile = round === 0 ? 'page' : null;
      const open = await profiled(page, profile && `${profile}-open`, () => openPatient(page));
      const scroll = await profiled(page, profile && `${profile}-scroll`, () => scrollToEnd(page));
      // Before/after in the same round, in turns: the reload as the app does it, and the reload as
      // the app did it before session 7, the whole list read before anything is drawn (no first
      // screen from the review-order index; modules/documents/ui/lists/patient-list.ts, FIRST_SCREEN_OFF_KEY).
      const reloadOnce = async (atOnce: boolean) => {
        await page.evaluate(([on, flag]) => (on ? localStorage.setItem(flag, 'yes') : localStorage.removeItem(flag)), [atOnce, BEFORE_FLAG] as const);
        await settled(page);
        const drawn = await profiled(page, profile && `${profile}-reload${atOnce ? '-before' : ''}`, async () => {
          await page.reload();
          return marks(page);
        });
        const timing = await appMarks(page);
        if (IDB_TRACING && profile && !atOnce) console.log(`  the warm-up's reload, ms from navigation start:\n${await page.evaluate(RELOAD_TIMELINE)}`);
        await page.evaluate((flag) => localStorage.removeItem(flag), BEFORE_FLAG);
        return { drawn, timing };
      };
      const atOnceFirst = round % 2 === 0;
      const before = atOnceFirst ? await reloadOnce(true) : null;
      const { drawn: reload, timing: reloadMarks } = await reloadOnce(false);
      const reloadAtOnce = (before ?? (await reloadOnce(true))).drawn;
      if (!baselineFirst) {
        bare = await bareFind(page, bundle, server.info.patientId);
        barePageMs = await barePage(page, server.info.patientId, round === 0 ? 'bare-page' : null);
      }
      const measured: Round = {
        openFirstCards: open.firstCard, openWholeList: open.wholeList,
        longestTask: scroll.longest, longTasksOver50: scroll.over50, scrollMs: scroll.ms,
        reloadPageShown: reload.pageShown ?? reload.firstCard, reloadFirstCards: reload.firstCard, reloadWholeList: reload.wholeList, bareFind: bare,
        barePageFirstItems: barePageMs,
        reloadAtOnceFirstCards: reloadAtOnce.firstCard,
        reloadDataOpen: reloadMarks.dataOpen, reloadReplicationStart: reloadMarks.replicationStart,
      };
      console.log(`  ${round === 0 ? 'warm-up' : `round ${round}`}: open → first cards ${open.firstCard.toFixed(0)} ms (whole list ${open.wholeList.toFixed(0)} ms); ` +
        `scroll to the end ${scroll.ms.toFixed(0)} ms, longest task ${scroll.longest.toFixed(0)} ms, ${scroll.over50} over 50 ms; ` +
        `reload → page drawn ${(reload.pageShown ?? NaN).toFixed(0)} ms, first cards ${reload.firstCard.toFixed(0)} ms (whole list ${reload.wholeList.toFixed(0)} ms; database asked ${reloadMarks.dataOpenStart.toFixed(0)} ms, open ${reloadMarks.dataOpen.toFixed(0)} ms, replication started ${reloadMarks.replicationStart.toFixed(0)} ms; as before (${BEFORE_FLAG}): first cards ${reloadAtOnce.firstCard.toFixed(0)} ms); bare RxDB find ${bare.toFixed(0)} ms; bare page → first items ${barePageMs.toFixed(0)} ms; load ${load()}`);
      if (round > 0) results.push(measured);
    }
  } finally {
    await context.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  if (results.length === 0) return;
  const m = (key: keyof Round) => median(results.map((r) => r[key]));
  const spread = (key: keyof Round, unit = ' ms') => {
    const values = results.map((r) => r[key]);
    return `${m(key).toFixed(0)}${unit} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  };
  /** `top` over `base`: the ratio of the medians, and the spread of the per-round ratios. */
  const ratio = (top: keyof Round, base: keyof Round) => {
    const perRound = results.map((r) => r[top] / r[base]);
    return `${(m(top) / m(base)).toFixed(2)}× (per round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)})`;
  };
  const rows: [string, string][] = [
    ['open the patient → first cards drawn', spread('openFirstCards')],
    ['open the patient → whole list read', spread('openWholeList')],
    ['scroll to the end: longest task', spread('longestTask')],
    ['scroll to the end: long tasks over 50 ms', spread('longTasksOver50', '')],
    ['scroll to the end: duration', spread('scrollMs')],
    ['reload → the page drawn, list not yet (app start)', spread('reloadPageShown')],
    ['reload → the database open (app start)', spread('reloadDataOpen')],
    ['reload → first cards drawn (from navigation start)', spread('reloadFirstCards')],
    ['  of them drawn from the page\'s copy (before the database)', `${results.filter((r) => r.reloadFirstCards < r.reloadDataOpen).length} of ${results.length} rounds`],
    ['reload → the replication started', spread('reloadReplicationStart')],
    [`the same reload as before (${BEFORE_FLAG})`, spread('reloadAtOnceFirstCards')],
    ['ratio reload now / before (of medians)', ratio('reloadFirstCards', 'reloadAtOnceFirstCards')],
    ['reload → whole list read (its count on screen: the database answered)', spread('reloadWholeList')],
    ['baseline: bare RxDB open + find() of the same records', spread('bareFind')],
    ['ratio reload → first cards / bare find() (of medians)', ratio('reloadFirstCards', 'bareFind')],
    ['ratio reload → whole list / bare find() (of medians)', ratio('reloadWholeList', 'bareFind')],
    ['baseline 2: bare page, navigation start → first items drawn', spread('barePageFirstItems')],
    ['ratio reload → first cards / bare page (of medians)', ratio('reloadFirstCards', 'barePageFirstItems')],
    ['ratio reload → whole list / bare page (of medians)', ratio('reloadWholeList', 'barePageFirstItems')],
  ];
  console.log(`\nmedians of ${results.length} rounds (load average at the end ${load()}):`);
  for (const [what, value] of rows) console.log(`  ${what.padEnd(58)} ${value}`);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
