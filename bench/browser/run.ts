/**
 * `npm run bench:browser` — prints figures, passes or fails nothing. Needs `npx ng build` first.
 *
 * Real Chromium from the system (/usr/bin/chromium, playwright-core), a fresh on-disk profile per
 * run; the real built app served by the real server (production mode, fresh embedded store),
 * seeded with the demo doctor and one assigned patient holding 5,000 document records (straight
 * into the store, not timed). Per round, interleaved (the order rotates), each in its own profile:
 *  (a) app: the «Войти» click → every record in the device's RxDB (the app's own User Timing
 *      mark `oblako:initial-sync:documents`, then the IndexedDB count checked);
 *  (d) app, same run: the «Войти» click → the doctor's home («Новые пациенты») rendered, its
 *      content loaded and its refresh button hit-testable, while the sync runs;
 *  (a1) `appWorkerFirst`: the same sign-in on a device that has the app's service worker already
 *      (an earlier session on it): the bench registers it on the sign-in page and waits until it
 *      controls the page; the sign-in's requests then go through the worker;
 *  (a2) the same app with its first sync left to RxDB's own pull (a device flag the app reads,
 *      first-sync.ts RXDB_PULL_ONLY_KEY): what the first sync written straight into the storage changes;
 *  (b) baseline: `PouchDB.replicate` (pouchdb-browser 9.0.0, batch_size 100) from the same
 *      server's `/sync/documents/` into IndexedDB;
 *  (c) baseline: bare `fetch(_changes?include_docs=true)` pages + one Dexie `bulkPut`;
 *  (e) the floor of the app's stack (floor/): `rxdbFloor` — RxDB with the app's documents
 *      collection only, created as the app does, the pages written with the storage's
 *      `bulkWrite` as the first sync does, timed from before `createRxDatabase` (the app's paged
 *      storage; `rxdbFloorDexie`: the same page on RxDB's Dexie storage, the app's device flag
 *      DEXIE_STORAGE_FLAG, what the app ran before session 9); `dexieIndexed` —
 *      (c) into a table with exactly the indexes of RxDB's documents table; `appLoop` — the app's
 *      own first sync into the app's own database holding the documents collection only, with a
 *      live query of every document open (`appLoopBefore`: the same with BENCH_BEFORE_FLAGS set).
 * One warm-up round discarded, then BENCH_ROUNDS (5, at least 5 for the table) rounds; medians,
 * min/max, the load average at start and end, ratios app/PouchDB and app/fetch+Dexie.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { seconds, summarize } from '../sync/stats';
import { buildBaselinePages, type BaselinePages } from './baselines';
import { startStand, type Stand } from './stand';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 5));
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 5000);
const RUN_TIMEOUT_MS = 180_000;
const BENCH_TIMEOUT_MS = 40 * 60_000;
const INITIAL_SYNC_MARK = 'oblako:initial-sync:documents';

type Scenario = 'app' | 'appWorkerFirst' | 'appRxdbPull' | 'appBefore' | 'pouchdb' | 'fetchDexie' | 'rxdbFloor' | 'rxdbFloorDexie' | 'dexieIndexed' | 'appLoop' | 'appLoopBefore';
const ALL_SCENARIOS: Scenario[] = ['app', 'appWorkerFirst', 'pouchdb', 'fetchDexie', 'appRxdbPull', 'rxdbFloor', 'rxdbFloorDexie', 'dexieIndexed', 'appLoop', 'appBefore', 'appLoopBefore'];
/**
 * BENCH_SCENARIOS=app,appBefore runs only those (an A/B of this session's change in one run);
 * by default every scenario but the A/B's `appBefore` and `appLoopBefore`.
 */
const SCENARIOS: Scenario[] = process.env['BENCH_SCENARIOS']
  ? (process.env['BENCH_SCENARIOS'].split(',') as Scenario[]).filter((name) => ALL_SCENARIOS.includes(name))
  : ALL_SCENARIOS.filter((name) => name !== 'appBefore' && name !== 'appLoopBefore');
const LABEL: Record<Scenario, string> = {
  app: 'app: sign-in → 5,000 records in RxDB',
  appWorkerFirst: 'the same, the app\'s worker already there',
  appRxdbPull: 'the same app, first sync by RxDB\'s own pull',
  appBefore: 'the same app, BENCH_BEFORE_FLAGS set',
  pouchdb: 'baseline PouchDB.replicate (batch 100)',
  fetchDexie: 'baseline fetch(_changes) + Dexie bulkPut',
  rxdbFloor: 'floor: RxDB open + 5 pages, storage bulkWrite',
  rxdbFloorDexie: 'the same floor on RxDB\'s Dexie storage',
  dexieIndexed: 'floor: fetch + Dexie bulkPut, RxDB\'s indexes',
  appLoop: 'the app\'s first sync alone, documents only',
  appLoopBefore: 'the same, BENCH_BEFORE_FLAGS set',
};

const openContexts = new Set<BrowserContext>();
const tempDirs = new Set<string>();

async function withProfile<T>(baseURL: string, body: (context: BrowserContext) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-browser-'));
  tempDirs.add(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1366, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  openContexts.add(context);
  try {
    return await body(context);
  } finally {
    await context.close().catch(() => undefined);
    openContexts.delete(context);
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

/** Records the «Войти» click in the page's own clock (performance.now()). */
const RECORD_SIGN_IN_CLICK = `
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[type="submit"]') : null;
    if (button && window.__signInClickedAt === undefined) window.__signInClickedAt = performance.now();
  }, true);
`;

/** The doctor's home is usable: title drawn, content loaded, the refresh button takes a click. */
function homeUsable(): number | false {
  if (location.pathname !== '/consultations/queue') return false;
  const title = document.querySelector('h1.page-title');
  const content = document.querySelector('[data-testid="queue-empty"], [data-testid="queue-entry"]');
  const button = document.querySelector<HTMLButtonElement>('[data-testid="queue-refresh"]');
  if (!title || !content || !button || button.disabled) return false;
  const box = button.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && button.contains(hit) ? performance.now() : false;
}

interface AppFigures {
  syncMs: number;
  homeMs: number;
  /** The click → the person's database open and replication started (the app's start-up). */
  openMs: number;
  /** The documents' first sync alone: its start mark → every record in RxDB. */
  firstSyncMs: number;
  /** Where the time went, from the page's resource timings (ms after the click). */
  phases: string;
  /** The page's main thread CPU time from before the click to every record stored (ThreadTime). */
  cpuMs: number;
  /** This process's CPU time (the server's) from before the click until the bench saw every record stored. */
  serverCpuMs: number;
}

/**
 * Resource timings of the sign-in and of the documents pull, relative to the click (a string
 * evaluated in the page: tsx would wrap named inner functions in a helper the page lacks).
 */
const PULL_PHASES = (clickedAt: number) => `(() => {
  const clickedAt = ${clickedAt};
  const entries = performance.getEntriesByType('resource');
  const signIn = entries.find((entry) => entry.name.includes('/api/auth/sign-in'));
  const pulls = entries.filter((entry) => /\\/sync\\/documents\\/(_changes|_snapshot)/.test(entry.name));
  const first = pulls[0];
  const last = pulls[pulls.length - 1];
  const queue = entries.find((entry) => entry.name.includes('/api/consultations/queue'));
  const replicationStart = performance.getEntriesByName('oblako:replication-start')[0];
  const firstSyncStart = performance.getEntriesByName('oblako:first-sync-start:documents')[0];
  const firstSyncEnd = performance.getEntriesByName('oblako:first-sync-end:documents')[0];
  const scripts = entries.filter((entry) => entry.name.endsWith('.js') && entry.startTime > clickedAt);
  const lastScript = scripts.sort((a, b) => b.responseEnd - a.responseEnd)[0];
  return [
    signIn ? 'sign-in answered ' + Math.round(signIn.responseEnd - clickedAt) + ' (sent ' + Math.round(signIn.startTime - clickedAt) + ', waited for a connection ' + Math.round(signIn.requestStart - signIn.startTime) + ', server ' + Math.round(signIn.responseStart - signIn.requestStart) + ')' : 'sign-in ?',
    replicationStart ? 'database open, replication started ' + Math.round(replicationStart.startTime - clickedAt) : 'replication start ?',
    firstSyncStart ? 'first sync began ' + Math.round(firstSyncStart.startTime - clickedAt) : 'first sync ?',
    firstSyncEnd ? 'its last page stored ' + Math.round(firstSyncEnd.startTime - clickedAt) : 'first sync end ?',
    first ? 'documents pull: ' + pulls.length + ' requests ' + Math.round(first.startTime - clickedAt) + '–' + Math.round(last.responseEnd - clickedAt) : 'documents pull ?',
    queue ? 'queue list asked ' + Math.round(queue.startTime - clickedAt) + ', answered ' + Math.round(queue.responseEnd - clickedAt) : 'queue list ?',
    lastScript ? 'last script (' + lastScript.name.split('/').pop() + ', ' + Math.round(lastScript.transferSize / 1024) + ' kB) fetched ' + Math.round(lastScript.startTime - clickedAt) + '–' + Math.round(lastScript.responseEnd - clickedAt) : 'no script after the click',
  ].join(', ');
})()`;

/** The app's device flag for RxDB's Dexie storage instead of the paged one (rxdb-setup.ts DEXIE_STORAGE_FLAG). */
const DEXIE_STORAGE = `localStorage.setItem('oblako:storage:dexie', 'yes');`;

/** The app's device flag that leaves the first sync to RxDB's own pull (first-sync.ts RXDB_PULL_ONLY_KEY). */
const RXDB_PULL_ONLY = `localStorage.setItem('oblako:first-sync:rxdb-pull', 'yes');`;
/**
 * The app's device flags that switch session 8's changes off (`appBefore`, `appLoopBefore`): the
 * pending count and the notices watched with RxDB's `getLocal$` (local-state.ts RXDB_LOCAL_WATCH_KEY),
 * each first-sync page's progress record awaited and a timer between pages (first-sync.ts
 * AWAIT_PROGRESS_KEY, YIELD_BETWEEN_PAGES_KEY). BENCH_BEFORE_FLAGS=key,…: other flags instead
 * (an A/B of another candidate, e.g. a temporary switch; session 7's: oblako:first-sync:prefetch-anyway).
 */
const BEFORE_FLAGS_DEFAULT = ['oblako:local-watch:rxdb', 'oblako:first-sync:await-progress', 'oblako:first-sync:yield'];
const BEFORE_FLAGS = (process.env['BENCH_BEFORE_FLAGS']?.split(',') ?? BEFORE_FLAGS_DEFAULT).map((key) => `localStorage.setItem(${JSON.stringify(key)}, 'yes');`).join('\n');

async function appRun(stand: Stand, flags?: string, { workerFirst = false } = {}): Promise<AppFigures> {
  return withProfile(stand.server.baseUrl, async (context) => {
    await context.addInitScript(RECORD_SIGN_IN_CLICK);
    if (flags) await context.addInitScript(flags);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Номер телефона').fill(stand.doctor.phone);
    await page.getByLabel('Пароль', { exact: true }).fill(stand.doctor.password);
    // `appWorkerFirst`: a device that has the app's service worker already (an earlier session on
    // it, someone else's): registered here as the full app registers it, and the sign-in waits
    // until it controls the page; the sign-in's requests then go through it.
    if (workerFirst) {
      await page.evaluate(`navigator.serviceWorker.register('oblako-worker.js', { scope: './' }).then(() => undefined)`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: RUN_TIMEOUT_MS });
    }
    const threadTime = await mainThreadTime(context, page);
    const cpuBefore = await threadTime();
    const serverBefore = process.cpuUsage();
    await page.getByRole('button', { name: 'Войти' }).click();
    const [home, mark] = await Promise.all([
      page.waitForFunction(homeUsable, undefined, { polling: 'raf', timeout: RUN_TIMEOUT_MS }),
      page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime ?? false, INITIAL_SYNC_MARK, { polling: 100, timeout: RUN_TIMEOUT_MS }),
    ]);
    const serverCpuMs = cpuMsSince(serverBefore);
    const clickedAt = (await page.evaluate(() => (window as unknown as { __signInClickedAt?: number }).__signInClickedAt)) ?? NaN;
    const stored = (await page.evaluate(COUNT_RXDB_DOCUMENTS)) as number;
    if (stored !== stand.records) throw new Error(`the app's RxDB holds ${stored} of ${stand.records} records after its initial sync`);
    const phases = (await page.evaluate(PULL_PHASES(clickedAt))) as string;
    const startMarks = await page.evaluate(() => ({
      open: performance.getEntriesByName('oblako:replication-start')[0]?.startTime ?? NaN,
      firstSync: performance.getEntriesByName('oblako:first-sync-start:documents')[0]?.startTime ?? NaN,
    }));
    const cpuMs = ((await threadTime()) - cpuBefore) * 1000;
    const syncedAt = Number(await mark.jsonValue());
    return {
      cpuMs,
      serverCpuMs,
      syncMs: syncedAt - clickedAt,
      homeMs: Number(await home.jsonValue()) - clickedAt,
      openMs: startMarks.open - clickedAt,
      firstSyncMs: syncedAt - startMarks.firstSync,
      phases,
    };
  });
}

/**
 * Counts the documents collection's live documents on the device: in the paged storage
 * (IndexedDB `oblako-pages-<db>`: its pages and log records of `documents--<v>`, the last state of
 * each document) or, with the Dexie flag, RxDB's Dexie storage (`rxdb-dexie-<db>--<v>--documents`).
 */
// Plain JavaScript text: tsx would wrap its inner functions in a helper (__name) the page lacks.
const COUNT_RXDB_DOCUMENTS = `(async () => {
  const names = (await indexedDB.databases()).map((db) => db.name ?? '');
  const openDb = (name) => new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => resolve(open.result);
  });
  const all = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  let total = 0;
  for (const name of names.filter((found) => /^rxdb-dexie-oblako-.*--documents$/.test(found))) {
    const db = await openDb(name);
    total += await all(db.transaction('docs').objectStore('docs').count());
    db.close();
  }
  for (const name of names.filter((found) => found.startsWith('oblako-pages-oblako-'))) {
    const db = await openDb(name);
    const transaction = db.transaction(['pages', 'log']);
    const pages = await all(transaction.objectStore('pages').getAll());
    const pageKeys = await all(transaction.objectStore('pages').getAllKeys());
    const log = await all(transaction.objectStore('log').getAll());
    const records = [...pages.map((page, i) => ({ ...page, instance: pageKeys[i][0] })), ...log].filter((record) => record.instance.startsWith('documents--'));
    const last = new Map();
    for (const record of records) for (const doc of record.docs) last.set(doc[record.primaryPath], doc);
    total += [...last.values()].filter((doc) => !doc._deleted).length;
    db.close();
  }
  return total;
})()`;

/** Reads the page's main thread CPU time in seconds (Chromium's ThreadTime metric). */
async function mainThreadTime(context: BrowserContext, page: Page): Promise<() => Promise<number>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN;
}

/**
 * CPU time of this process since `before`: the server (in this process) and playwright's client,
 * which only waits meanwhile. The server shares the machine's two cores with the browser, so
 * its CPU per sign-in is time the page's threads may wait for a core.
 */
function cpuMsSince(before: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

async function baselineRun(stand: Stand, html: string, flags?: string): Promise<{ ms: number; cpuMs: number; serverCpuMs: number; detail?: string }> {
  const { accessToken } = await stand.server.signIn(stand.doctor.phone, stand.doctor.password);
  return withProfile(stand.server.baseUrl, async (context) => {
    if (flags) await context.addInitScript(flags);
    await context.route('**/__bench/baseline', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const page = await context.newPage();
    page.setDefaultTimeout(RUN_TIMEOUT_MS);
    await page.goto('/__bench/baseline');
    // The page's main thread CPU time (Chromium's ThreadTime metric): what a change saves there
    // shows even on a loaded machine, where the wall clock mostly says how busy the machine was.
    const threadTime = await mainThreadTime(context, page);
    const cpuBefore = await threadTime();
    const serverBefore = process.cpuUsage();
    const result = await page.evaluate(
      (token) => (window as unknown as { runBaseline: (t: string) => Promise<{ ms: number; stored: number; detail?: string }> }).runBaseline(token),
      accessToken,
    );
    const serverCpuMs = cpuMsSince(serverBefore);
    const cpuMs = ((await threadTime()) - cpuBefore) * 1000;
    if (result.stored !== stand.records) throw new Error(`the baseline stored ${result.stored} of ${stand.records} records`);
    return { ms: result.ms, cpuMs, serverCpuMs, ...(result.detail ? { detail: result.detail } : {}) };
  });
}

function load(): string {
  return loadavg().map((value) => value.toFixed(2)).join(' / ');
}

async function main(): Promise<void> {
  const loadAtStart = load();
  console.log(`Oblako browser sync bench — ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; load average (1/5/15 min) at start ${loadAtStart}`);
  const stand = await startStand(ROOT, RECORDS);
  const stop = async () => {
    for (const context of openContexts) await context.close().catch(() => undefined);
    await stand.close().catch(() => undefined);
    for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
  };
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const overall = setTimeout(() => {
    console.error(`the bench ran over ${BENCH_TIMEOUT_MS / 60_000} min: stopping`);
    interrupted();
  }, BENCH_TIMEOUT_MS);
  try {
    console.log(`Stand: the real server (buildApp, every module, production mode, embedded LevelDB in a temp dir) serving dist/pwa at ${stand.server.baseUrl}; the doctor + one assigned patient with ${stand.records} document records seeded in ${seconds(stand.seedMs)} s (not timed)`);
    const pages: BaselinePages = await buildBaselinePages(ROOT);
    console.log('Browser: Chromium (/usr/bin/chromium, headless) via playwright-core, a fresh on-disk profile per run, 1366×900, ru-RU');
    const figures: Record<Scenario | 'home' | 'open' | 'firstSync' | 'rxdbPullAlone' | 'beforeHome' | 'beforeFirstSync', number[]> = {
      app: [], appWorkerFirst: [], appRxdbPull: [], appBefore: [], pouchdb: [], fetchDexie: [], rxdbFloor: [], rxdbFloorDexie: [], dexieIndexed: [], appLoop: [], appLoopBefore: [], home: [], open: [], firstSync: [], rxdbPullAlone: [], beforeHome: [], beforeFirstSync: [],
    };
    const cpu: Partial<Record<Scenario, number[]>> = {};
    const serverCpu: Partial<Record<Scenario, number[]>> = {};
    for (let round = 0; round <= ROUNDS; round++) {
      const order = SCENARIOS.map((_, i) => SCENARIOS[(i + round) % SCENARIOS.length]!);
      const line: string[] = [];
      for (const scenario of order) {
        if (scenario === 'app') {
          const { syncMs, homeMs, openMs, firstSyncMs, phases, cpuMs, serverCpuMs } = await appRun(stand);
          if (round > 0) figures.app.push(syncMs), figures.home.push(homeMs), figures.open.push(openMs), figures.firstSync.push(firstSyncMs), (cpu.app ??= []).push(cpuMs), (serverCpu.app ??= []).push(serverCpuMs);
          line.push(`app ${seconds(syncMs)} (main thread CPU ${Math.round(cpuMs)} ms, server ${Math.round(serverCpuMs)} ms; home ${seconds(homeMs)}; ms after the click: ${phases})`);
        } else if (scenario === 'appBefore') {
          const { syncMs, homeMs, firstSyncMs, phases, cpuMs } = await appRun(stand, BEFORE_FLAGS);
          if (round > 0) figures.appBefore.push(syncMs), figures.beforeHome.push(homeMs), figures.beforeFirstSync.push(firstSyncMs), (cpu.appBefore ??= []).push(cpuMs);
          line.push(`appBefore ${seconds(syncMs)} (main thread CPU ${Math.round(cpuMs)} ms; home ${seconds(homeMs)}; ${phases})`);
        } else if (scenario === 'appWorkerFirst') {
          const { syncMs, cpuMs } = await appRun(stand, undefined, { workerFirst: true });
          if (round > 0) figures.appWorkerFirst.push(syncMs), (cpu.appWorkerFirst ??= []).push(cpuMs);
          line.push(`appWorkerFirst ${seconds(syncMs)} (main thread CPU ${Math.round(cpuMs)} ms)`);
        } else if (scenario === 'appRxdbPull') {
          const { syncMs, openMs } = await appRun(stand, RXDB_PULL_ONLY);
          if (round > 0) figures.appRxdbPull.push(syncMs), figures.rxdbPullAlone.push(syncMs - openMs);
          line.push(`appRxdbPull ${seconds(syncMs)} (database open ${seconds(openMs)})`);
        } else {
          const html = pages[scenario === 'appLoopBefore' ? 'appLoop' : scenario === 'rxdbFloorDexie' ? 'rxdbFloor' : scenario];
          const flags = scenario === 'appLoopBefore' ? BEFORE_FLAGS : scenario === 'rxdbFloorDexie' ? DEXIE_STORAGE : undefined;
          const { ms, cpuMs, serverCpuMs, detail } = await baselineRun(stand, html, flags);
          if (round > 0) figures[scenario].push(ms), (cpu[scenario] ??= []).push(cpuMs), (serverCpu[scenario] ??= []).push(serverCpuMs);
          // The indexed table's schema once (the warm-up); the floor's open and page writes every round.
          const shown = detail && (scenario === 'rxdbFloor' || scenario === 'rxdbFloorDexie' || round === 0) ? ` (${detail})` : '';
          line.push(`${scenario} ${seconds(ms)} (main thread CPU ${Math.round(cpuMs)} ms, server ${Math.round(serverCpuMs)} ms)${shown}`);
        }
      }
      console.log(`  ${round === 0 ? 'warm-up (discarded)' : `round ${round}/${ROUNDS}`}: ${line.join(', ')}   load ${load()}`);
    }
    console.log('');
    console.log(`${'seconds'.padEnd(46)}median     min     max`);
    const row = (label: string, values: number[]) => {
      const s = summarize(values);
      console.log(`  ${label.padEnd(44)}${seconds(s.median).padStart(6)}  ${seconds(s.min).padStart(6)}  ${seconds(s.max).padStart(6)}`);
      return s.median;
    };
    const has = (scenario: Scenario) => SCENARIOS.includes(scenario);
    const app = has('app') ? row(LABEL.app, figures.app) : NaN;
    const home = has('app') ? row('app: sign-in → home usable (sync running)', figures.home) : NaN;
    if (has('app')) row('  of (a): sign-in → database open', figures.open);
    const firstSync = has('app') ? row('  of (a): first sync alone (start → all stored)', figures.firstSync) : NaN;
    const workerFirst = has('appWorkerFirst') ? row(LABEL.appWorkerFirst, figures.appWorkerFirst) : NaN;
    const pouch = has('pouchdb') ? row(LABEL.pouchdb, figures.pouchdb) : NaN;
    const bare = has('fetchDexie') ? row(LABEL.fetchDexie, figures.fetchDexie) : NaN;
    const floor = has('rxdbFloor') ? row(LABEL.rxdbFloor, figures.rxdbFloor) : NaN;
    const floorDexie = has('rxdbFloorDexie') ? row(LABEL.rxdbFloorDexie, figures.rxdbFloorDexie) : NaN;
    const indexed = has('dexieIndexed') ? row(LABEL.dexieIndexed, figures.dexieIndexed) : NaN;
    const loop = has('appLoop') ? row(LABEL.appLoop, figures.appLoop) : NaN;
    const loopBefore = has('appLoopBefore') ? row(LABEL.appLoopBefore, figures.appLoopBefore) : NaN;
    const rxdbApp = has('appRxdbPull') ? row(LABEL.appRxdbPull, figures.appRxdbPull) : NaN;
    const rxdbAlone = has('appRxdbPull') ? row('  of it: database open → all stored', figures.rxdbPullAlone) : NaN;
    const before = has('appBefore') ? row(LABEL.appBefore, figures.appBefore) : NaN;
    const beforeHome = has('appBefore') ? row('  of it: sign-in → home usable', figures.beforeHome) : NaN;
    const beforeFirstSync = has('appBefore') ? row('  of it: first sync alone', figures.beforeFirstSync) : NaN;
    console.log('');
    if (has('pouchdb') && has('app')) console.log(`  ratio app / PouchDB replicate:     ${(app / pouch).toFixed(2)}×   (target ≤ 0.40×)`);
    if (has('fetchDexie') && has('app')) console.log(`  ratio app / fetch + Dexie bulkPut: ${(app / bare).toFixed(2)}×   (target ≤ 1.50×)`);
    if (has('appWorkerFirst') && has('pouchdb')) console.log(`  the app's worker already there / PouchDB replicate: ${(workerFirst / pouch).toFixed(2)}×`);
    if (has('appWorkerFirst') && has('fetchDexie')) console.log(`  the app's worker already there / fetch + Dexie:     ${(workerFirst / bare).toFixed(2)}×`);
    if (has('app')) console.log(`  home usable after sign-in:         ${seconds(home)} s   (target ≤ 2 s)`);
    if (has('fetchDexie') && has('app')) console.log(`  first sync alone / fetch + Dexie:  ${(firstSync / bare).toFixed(2)}×   (the app's start-up before it left out)`);
    if (has('rxdbFloor') && has('app')) {
      console.log(`  app / RxDB floor:                  ${(app / floor).toFixed(2)}×;  first sync alone / RxDB floor: ${(firstSync / floor).toFixed(2)}×`);
      if (has('fetchDexie')) console.log(`  RxDB floor / fetch + Dexie:        ${(floor / bare).toFixed(2)}×   (the stack's best against the goal's ≤ 1.50×, before sign-in)`);
      if (has('pouchdb')) console.log(`  RxDB floor / PouchDB replicate:    ${(floor / pouch).toFixed(2)}×`);
    }
    if (has('rxdbFloorDexie') && has('fetchDexie')) console.log(`  RxDB floor on Dexie / fetch + Dexie: ${(floorDexie / bare).toFixed(2)}×`);
    if (has('rxdbFloorDexie') && has('rxdbFloor')) console.log(`  RxDB floor, paged / on Dexie:      ${(floor / floorDexie).toFixed(2)}×`);
    if (has('dexieIndexed') && has('fetchDexie')) console.log(`  Dexie, RxDB's indexes / fetch + Dexie: ${(indexed / bare).toFixed(2)}×`);
    if (has('dexieIndexed') && has('rxdbFloor')) console.log(`  RxDB floor / Dexie with RxDB's indexes: ${(floor / indexed).toFixed(2)}×`);
    if (has('appLoop') && has('rxdbFloor')) console.log(`  the app's first sync alone (documents only) / RxDB floor: ${(loop / floor).toFixed(2)}×`);
    if (has('appLoop') && has('appLoopBefore')) {
      const pairs = figures.appLoop.map((value, i) => value / figures.appLoopBefore[i]!);
      console.log(`  appLoop / appLoopBefore: ${(loop / loopBefore).toFixed(2)}× (medians); per round ${pairs.map((r) => r.toFixed(2)).join(' ')}, median ${summarize(pairs).median.toFixed(2)}×`);
    }
    for (const [scenario, values] of Object.entries(cpu)) console.log(`  main thread CPU, ${scenario}: median ${Math.round(summarize(values).median)} ms (${values.map(Math.round).join(' ')})`);
    for (const [scenario, values] of Object.entries(serverCpu)) console.log(`  server CPU (the bench's process), ${scenario}: median ${Math.round(summarize(values).median)} ms (${values.map(Math.round).join(' ')})`);
    if (has('appRxdbPull')) console.log(`  app / same app with RxDB's pull:   ${(app / rxdbApp).toFixed(2)}×;  first sync alone / RxDB's pull alone: ${(firstSync / rxdbAlone).toFixed(2)}×`);
    if (has('appBefore')) {
      console.log(`  app / the same app, BENCH_BEFORE_FLAGS set: ${(app / before).toFixed(2)}×; first sync alone ${(firstSync / beforeFirstSync).toFixed(2)}×; home ${(home / beforeHome).toFixed(2)}×`);
      const pairs = figures.firstSync.map((value, i) => value / figures.beforeFirstSync[i]!);
      console.log(`    first sync alone, per round (the two runs back to back): ${pairs.map((r) => r.toFixed(2)).join(' ')}, median ${summarize(pairs).median.toFixed(2)}×`);
    }
    console.log(`${ROUNDS} measured rounds; load average at end ${load()} (start ${loadAtStart})`);
  } finally {
    clearTimeout(overall);
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
