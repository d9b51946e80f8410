/**
 * `node --import tsx bench/browser/trace-app.ts [out.json]`: one app sign-in of the browser bench
 * (the demo doctor, 5,000 records) under a Chromium performance trace, from the «Войти» click to
 * the documents' initial sync, then where the page's main thread went by trace event (self
 * time): V8's lazy compilation, tier-up, GC, microtasks (the app's JavaScript), resource
 * requests, style and layout, IndexedDB's structured clone; and each busy thread's wall and CPU
 * time (a busy wall time far above its CPU time: the thread waited for a core). The trace that
 * showed ~240 ms of lazy compilation per sign-in (bench/README.md, bench:browser, session 11).
 * BENCH_PWA_DIR: another build.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './bench-browser';
import { startStand } from './stand';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2];
const CLICK_MARK = 'bench:click';
const END_MARK = 'oblako:initial-sync:documents';
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'toplevel', 'disabled-by-default-v8.compile', 'blink', 'loading'];

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: Record<string, unknown> }

const stand = await startStand(ROOT, Number(process.env['BENCH_RECORDS'] ?? 5000));
const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-trace-'));
let events: TraceEvent[] = [];
try {
  const context = await launchBenchBrowser(dir, stand.server.baseUrl);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Номер телефона').fill(stand.doctor.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(stand.doctor.password);
  const cdp = await context.newCDPSession(page);
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  await page.evaluate(`performance.mark(${JSON.stringify(CLICK_MARK)})`);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, END_MARK, { polling: 100, timeout: 180_000 });
  await cdp.send('Tracing.end');
  await complete;
  if (out) await writeFile(out, JSON.stringify(events));
  await context.close();
} finally {
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  await stand.close();
}

const threadName = new Map<string, string>();
for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') threadName.set(`${event.pid}:${event.tid}`, String(event.args?.['name']));
const click = events.find((event) => event.name === CLICK_MARK);
const end = events.find((event) => event.name === END_MARK && event.cat.includes('user_timing'));
if (!click || !end) throw new Error('the trace holds no click or no initial-sync mark');
const main = `${click.pid}:${click.tid}`;
const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined && event.ts >= click.ts && event.ts <= end.ts);
events = [];
const ms = (us: number) => (us / 1000).toFixed(0).padStart(5);
console.log(`the click → the documents' initial sync: ${ms(end.ts - click.ts)} ms`);
console.log('threads busy over 5 ms (wall, CPU): top-level events');
const byThread = new Map<string, TraceEvent[]>();
for (const event of complete) {
  const thread = `${event.pid}:${event.tid}`;
  const list = byThread.get(thread);
  if (list) list.push(event);
  else byThread.set(thread, [event]);
}
for (const [thread, list] of byThread) {
  let wall = 0, cpu = 0, until = 0;
  for (const event of list.sort((a, b) => a.ts - b.ts)) if (event.ts >= until) { wall += event.dur!; cpu += event.tdur ?? 0; until = event.ts + event.dur!; }
  if (wall > 5000) console.log(`  ${ms(wall)} ${ms(cpu)}  ${threadName.get(thread) ?? thread}${thread === main ? ' (the page\'s main thread)' : ''}`);
}
// Self time per event name on the main thread: nested complete events, children subtracted.
const self = new Map<string, number>();
const stack: { event: TraceEvent; children: number }[] = [];
const label = (event: TraceEvent) => event.name === 'FunctionCall' ? `FunctionCall ${String((event.args?.['data'] as { url?: string } | undefined)?.url ?? '').split('/').pop()}` : event.name;
const closeUntil = (ts: number) => {
  while (stack.length > 0 && stack.at(-1)!.event.ts + stack.at(-1)!.event.dur! <= ts) {
    const { event, children } = stack.pop()!;
    self.set(label(event), (self.get(label(event)) ?? 0) + event.dur! - children);
    if (stack.length > 0) stack.at(-1)!.children += event.dur!;
  }
};
for (const event of (byThread.get(main) ?? []).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)) {
  closeUntil(event.ts);
  stack.push({ event, children: 0 });
}
closeUntil(Infinity);
const compile = ['V8.CompileCode', 'V8.ParseFunction', 'V8.CompileIgnition', 'V8.PreParse', 'V8.CompileLazy'].reduce((sum, name) => sum + (self.get(name) ?? 0), 0);
console.log(`the main thread's wall time by event (self): lazy compilation (V8.CompileCode, ParseFunction, CompileIgnition, PreParse) ${ms(compile)} ms in all`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env['TRACE_TOP'] ?? 25))) console.log(`  ${ms(us)}  ${name}`);
