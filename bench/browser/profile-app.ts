/**
 * `node --import tsx bench/browser/profile-app.ts <out.cpuprofile>`: one app sign-in of the
 * browser bench with the page's CPU profile (CDP Profiler), to see where the first sync's time
 * goes; summarise with `node --import tsx bench/sync/profile-summary.ts <out.cpuprofile>`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDB_TRACE } from './idb-trace';
import { launchBenchBrowser } from './bench-browser';
import { startStand } from './stand';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] ?? 'app.cpuprofile';

/**
 * The IndexedDB trace (idb-trace.ts) between the first sync's start and end marks: per database
 * and mode, the transactions, the rows read and the summed open time; then the reads of over
 * 500 rows one by one (a live query read again in full shows here). Evaluated in the page.
 */
const SUMMARISE_IDB_TRACE = `(() => {
  const start = performance.getEntriesByName('oblako:first-sync-start:documents')[0]?.startTime ?? 0;
  const end = performance.getEntriesByName('oblako:first-sync-end:documents')[0]?.startTime ?? Infinity;
  const trace = window.__idbTrace || [];
  const short = (name) => name.replace(/^rxdb-dexie-oblako-.*?--\\d+--/, '');
  const lines = ['IndexedDB during the first sync (' + Math.round(start) + '–' + Math.round(end) + ' ms): db | mode | transactions | rows read | summed ms'];
  const groups = new Map();
  for (const e of trace) {
    if (e.start < start || e.start > end) continue;
    const key = short(e.db) + ' | ' + e.mode;
    const g = groups.get(key) || { n: 0, rows: 0, ms: 0 };
    g.n++; g.rows += e.rows; g.ms += (e.end || end) - e.start;
    groups.set(key, g);
  }
  for (const [key, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms)) lines.push('  ' + key + ' | ' + g.n + ' | ' + g.rows + ' | ' + Math.round(g.ms));
  lines.push('transactions of the documents database and the local documents, from the first sync start:');
  for (const e of trace) if (e.start >= start && e.start <= end && /--documents$|plugin-local-documents-$/.test(e.db)) lines.push('  ' + Math.round(e.start) + '–' + Math.round(e.end) + ' ' + short(e.db) + ' ' + e.mode);
  const tasks = (window.__longTasks || []).filter(([at]) => at >= start - 500 && at <= end);
  lines.push('long tasks from 500 ms before the first sync to its end (start+duration): ' + tasks.map(([at, ms]) => at + '+' + ms).join(', ') + ' — ' + tasks.reduce((sum, [, ms]) => sum + ms, 0) + ' ms');
  lines.push('large reads (> 500 rows), whole session:');
  for (const e of trace) if (e.rows > 500) lines.push('  ' + Math.round(e.start) + '–' + Math.round(e.end) + ' ' + short(e.db) + ' ' + e.stores + ' ' + e.mode + ' ' + e.rows + ' rows');
  const opens = trace.filter((e) => e.kind === 'open');
  lines.push('databases opened: ' + opens.length + ' (' + opens.filter((e) => e.mode === 'open+create').length + ' created), first ' + Math.round(opens[0]?.start ?? 0) + ', last answered ' + Math.round(Math.max(0, ...opens.map((e) => e.end))));
  for (const e of opens) lines.push('  ' + Math.round(e.start) + '–' + Math.round(e.end) + ' ' + short(e.db) + ' ' + e.mode);
  return lines.join('\\n');
})()`;

const stand = await startStand(ROOT, Number(process.env['BENCH_RECORDS'] ?? 5000));
const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-profile-'));
try {
  const context = await launchBenchBrowser(dir, stand.server.baseUrl);
  // BENCH_IDB_TRACE=1: also every IndexedDB transaction the page opens (idb-trace.ts), summarised below.
  const tracing = process.env['BENCH_IDB_TRACE'] === '1';
  if (tracing) await context.addInitScript(IDB_TRACE);
  // BENCH_FLAGS=key1,key2: device flags set to 'yes' before sign-in (e.g. oblako:first-sync:no-gate, the old behaviour).
  for (const key of (process.env['BENCH_FLAGS'] ?? '').split(',').filter(Boolean)) await context.addInitScript((flag) => localStorage.setItem(flag, 'yes'), key);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Номер телефона').fill(stand.doctor.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(stand.doctor.password);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // A 20 ms busy function at a known performance.now(): profile-window.ts finds it in the samples
  // and so places the page's marks on the profile's clock.
  const alignAt = await page.evaluate('(() => { function oblakoProfileAlign() { const t = performance.now(); while (performance.now() - t < 20) {} return t; } return oblakoProfileAlign(); })()');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('oblako:initial-sync:documents').length > 0, undefined, { polling: 100, timeout: 180_000 });
  const { profile } = await cdp.send('Profiler.stop');
  await writeFile(out, JSON.stringify(profile));
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime] as const));
  await writeFile(`${out}.marks.json`, JSON.stringify({ alignAt, marks }));
  console.log(`wrote ${out}`);
  // The timeline beside the profile: the app's marks and the sync/API requests, ms after the profile's start.
  const timeline = await page.evaluate(() =>
    [
      ...performance.getEntriesByType('mark').map((mark) => `${Math.round(mark.startTime)}  mark ${mark.name}`),
      ...performance
        .getEntriesByType('resource')
        .filter((entry) => /\/(sync|api)\//.test(entry.name) || entry.name.endsWith('.js'))
        .map((entry) => `${Math.round(entry.startTime)}–${Math.round((entry as PerformanceResourceTiming).responseEnd)}  ${entry.name.replace(location.origin, '').slice(0, 110)}`),
    ].sort((a, b) => parseInt(a) - parseInt(b)),
  );
  console.log(timeline.join('\n'));
  if (tracing) console.log(await page.evaluate(SUMMARISE_IDB_TRACE));
  await context.close();
} finally {
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  await stand.close();
}

