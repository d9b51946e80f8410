/**
 * `node --import tsx bench/patient-page/fling.ts` — a diagnostic of the fling alone (the scroll part of `bench:page`): the
 * doctor's page of a patient with 5,000 records, opened again before every fling, then two
 * screens per frame from the top to the last record, as `bench:page` does. For every task over
 * 50 ms it prints where in the list it happened (the item at the top of the view) and, with
 * `FLING_TRACE_DIR`, what the browser did inside it: every measured fling is recorded as a Chrome
 * trace (`fling-<n>.trace.json`, open it in DevTools' Performance panel), the time inside each
 * long task is summed by the trace event's name (style, layout, script, paint, GC…), and the main
 * thread's work is given in CPU time (thread time), which a loaded machine does not stretch:
 * per frame, the largest task, garbage collections. On a shared 2-core machine these CPU figures
 * are the ones to compare between two versions; the wall-clock long tasks are not.
 * Knobs: FLING_ROUNDS (7; the first is a warm-up), FLING_BASELINE_DIR (another build flung in
 * the same run, alternating), BENCH_RECORDS (5000), FLING_VIEWPORT
 * (`1366x900`), FLING_GC_DETAIL (with FLING_TRACE_DIR: V8's and Oilpan's GC phases in the trace,
 * e.g. V8.GC_MC_MARK…, CppGC.AtomicMark, to see what a collection inside a long task waited for). Prints per round and the medians with the load average. Nothing passes or fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { signIn } from '../../e2e/support/app';
import { startServerWithRecords } from '../../e2e/support/patient-with-records';

const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 5_000);
const ROUNDS = Math.max(2, Number(process.env['FLING_ROUNDS'] ?? 7));
const TRACE_DIR = process.env['FLING_TRACE_DIR'];
const [WIDTH, HEIGHT] = (process.env['FLING_VIEWPORT'] ?? '1366x900').split('x').map(Number) as [number, number];

interface LongTask { start: number; duration: number; topItem: string }
interface Fling { ms: number; frames: number; tasks: LongTask[] }

async function openPatient(page: Page): Promise<void> {
  await page.goto('/documents/patients');
  await page.getByTestId('patient-documents-row').click();
  await page.waitForFunction((total) => document.querySelector('[data-testid=document-count]')?.textContent?.trim() === `${total} документов`, RECORDS, { timeout: 120_000, polling: 100 });
  await page.getByTestId('document').first().waitFor({ timeout: 60_000 });
}

/** The fling of bench:page, plus a note of the top item per frame to place each long task. */
function fling(page: Page): Promise<Fling> {
  return page.evaluate(
    (total) =>
      new Promise<Fling>((resolveFling) => {
        const tasks: { start: number; duration: number }[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
        });
        observer.observe({ type: 'longtask' });
        const viewport = document.querySelector<HTMLElement>('[data-testid=document-list]')!;
        const frames: { at: number; top: string }[] = [];
        performance.mark('fling-start');
        const started = performance.now();
        const step = () => {
          const items = viewport.querySelectorAll('[role=listitem]');
          frames.push({ at: performance.now(), top: items[0]?.getAttribute('aria-posinset') ?? '?' });
          const atEnd = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1 && items[items.length - 1]?.getAttribute('aria-posinset') === String(total);
          if (atEnd) {
            const ms = performance.now() - started;
            requestAnimationFrame(() =>
              setTimeout(() => {
                observer.disconnect();
                const placed = tasks.map((task) => ({
                  ...task,
                  start: task.start - started,
                  topItem: [...frames].reverse().find((frame) => frame.at <= task.start + task.duration)?.top ?? 'before the first frame',
                }));
                resolveFling({ ms, frames: frames.length, tasks: placed });
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
  );
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: Record<string, unknown> }

async function traced<T>(session: CDPSession, file: string, work: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolveTrace) => session.once('Tracing.tracingComplete', () => resolveTrace()));
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing', 'v8.execute', 'toplevel', ...(process.env['FLING_GC_DETAIL'] ? ['v8', 'disabled-by-default-v8.gc', 'cppgc', 'disabled-by-default-cppgc'] : [])], excludedCategories: ['*'] },
  });
  const result = await work();
  await session.send('Tracing.end');
  await complete;
  await writeFile(file, JSON.stringify({ traceEvents: events }));
  console.log(`  trace: ${file} (${events.length} events)`);
  return { result, events };
}

/** For each top-level task over 50 ms on the page's main thread: its time by event name (self time). */
/** The events from the fling's start on (the trace also holds the opening before it). */
function fromFlingStart(events: TraceEvent[]): TraceEvent[] {
  const mark = events.find((e) => e.name === 'fling-start');
  return mark ? events.filter((e) => e.ph === 'M' || e.ts >= mark.ts) : events;
}

function summariseLongTasks(all: TraceEvent[]): void {
  const events = fromFlingStart(all);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain');
  if (!main) return console.log('  (no renderer main thread in the trace)');
  const complete = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = complete.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
  console.log(`  trace: ${tasks.length} tasks over 50 ms on the main thread`);
  for (const task of tasks) {
    const inside = complete.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    // Self time: an event's duration minus its direct children's (events nest by time).
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    const childTime = new Map<TraceEvent, number>();
    for (const event of inside) {
      while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= event.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) childTime.set(parent, (childTime.get(parent) ?? 0) + event.dur!);
      stack.push(event);
    }
    for (const event of inside) {
      const label = event.name === 'FunctionCall' || event.name === 'EvaluateScript' ? `${event.name} ${String((event.args?.['data'] as { functionName?: string; url?: string } | undefined)?.functionName ?? '')}` : event.name;
      self.set(label, (self.get(label) ?? 0) + event.dur! - (childTime.get(event) ?? 0));
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`).join(', ');
    console.log(`    task ${(task.dur! / 1000).toFixed(0)} ms: ${top}`);
  }
}

interface CpuFigures { mainCpuMs: number; perFrameMs: number; longestTaskCpuMs: number; majorGcs: number; minorGcs: number; byName: [string, number][]; topTasks: string[] }

/**
 * The page's main thread in CPU time (the trace's thread time), which other processes on a
 * loaded machine do not stretch: total, per frame, the largest task, garbage collections, and
 * the self time by event name.
 */
function cpuFigures(all: TraceEvent[], frames: number): CpuFigures | null {
  const events = fromFlingStart(all);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain');
  if (!main) return null;
  const complete = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const stack: TraceEvent[] = [];
  const childCpu = new Map<TraceEvent, number>();
  let mainCpu = 0;
  for (const event of complete) {
    while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) childCpu.set(parent, (childCpu.get(parent) ?? 0) + event.tdur!);
    else mainCpu += event.tdur!;
    stack.push(event);
  }
  const self = new Map<string, number>();
  for (const event of complete) self.set(event.name, (self.get(event.name) ?? 0) + event.tdur! - (childCpu.get(event) ?? 0));
  const tasks = complete.filter((e) => e.name === 'RunTask');
  const start = complete[0]?.ts ?? 0;
  const topTasks = [...tasks].sort((a, b) => b.tdur! - a.tdur!).slice(0, 3).map((task) => {
    const inside = complete.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    const heaviest = [...inside].sort((a, b) => b.tdur! - (childCpu.get(b) ?? 0) - (a.tdur! - (childCpu.get(a) ?? 0)))[0];
    return `${(task.tdur! / 1000).toFixed(1)} ms at ${((task.ts - start) / 1000).toFixed(0)} ms (mostly ${heaviest?.name ?? '?'})`;
  });
  return {
    topTasks,
    mainCpuMs: mainCpu / 1000,
    perFrameMs: mainCpu / 1000 / frames,
    longestTaskCpuMs: Math.max(0, ...tasks.map((t) => t.tdur!)) / 1000,
    majorGcs: complete.filter((e) => e.name === 'MajorGC').length,
    minorGcs: complete.filter((e) => e.name === 'MinorGC').length,
    byName: [...self].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, us]) => [name, us / 1000]),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Variant { label: string; server: Awaited<ReturnType<typeof startServerWithRecords>>; page: Page; close(): Promise<void>; flings: Fling[]; cpu: CpuFigures[] }

/** A server (fresh data) serving one build of the app, and a signed-in doctor's browser with the records on the device. */
async function prepare(label: string, dir: string, pwaDir: string | undefined): Promise<Variant> {
  const saved = process.env['PWA_DIR'];
  if (pwaDir) process.env['PWA_DIR'] = pwaDir;
  const server = await startServerWithRecords(RECORDS, join(dir, `${label}-data`));
  if (pwaDir) process.env['PWA_DIR'] = saved;
  if (pwaDir && saved === undefined) delete process.env['PWA_DIR'];
  const context = await chromium.launchPersistentContext(join(dir, `${label}-profile`), {
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    headless: true,
    baseURL: server.baseUrl,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: WIDTH, height: HEIGHT },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const close = async () => {
    await context.close();
    await server.stop();
  };
  try {
    const nameShim = 'globalThis.__name = globalThis.__name || ((target) => target);';
    await context.addInitScript(nameShim);
    const page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, server.info.doctorPhone, server.info.password);
    await page.goto('/documents/patients');
    await page.waitForFunction((total) => document.querySelector('[data-testid=patient-documents-row]')?.textContent?.includes(`${total} документов`), RECORDS, { timeout: 600_000, polling: 250 });
    return { label, server, page, close, flings: [], cpu: [] };
  } catch (error) {
    await close();
    throw error;
  }
}

async function flingOnce(variant: Variant, round: number): Promise<void> {
  const { page } = variant;
  const tracing = TRACE_DIR && round > 0;
  let result: Fling;
  if (tracing) {
    const session = await page.context().newCDPSession(page);
    // The opening is in the trace too (the fling starts right after it, as in bench:page), marked
    // off by a user-timing mark: the figures below count from the mark.
    const { result: traced_, events } = await traced(session, join(TRACE_DIR, `fling-${variant.label}-${round}.trace.json`), async () => {
      await openPatient(page);
      return fling(page);
    });
    await session.detach();
    result = traced_;
    summariseLongTasks(events);
    const figures = cpuFigures(events, result.frames);
    if (figures) {
      if (round > 0) variant.cpu.push(figures);
      console.log(`  main thread CPU ${figures.mainCpuMs.toFixed(0)} ms, ${figures.perFrameMs.toFixed(2)} ms per frame, largest task ${figures.longestTaskCpuMs.toFixed(1)} ms; ` +
        `${figures.majorGcs} major + ${figures.minorGcs} minor GCs; largest tasks ${figures.topTasks.join(", ")}; self: ${figures.byName.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ')}`);
    }
  } else {
    await openPatient(page);
    result = await fling(page);
  }
  const tasks = result.tasks.map((t) => `${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} ms (top item ${t.topItem})`).join('; ');
  console.log(`  ${variant.label} ${round === 0 ? 'warm-up' : `fling ${round}${tracing ? ' (traced)' : ''}`}: ${result.ms.toFixed(0)} ms, ${result.frames} frames, ` +
    `longest task ${Math.max(0, ...result.tasks.map((t) => t.duration)).toFixed(0)} ms, ${result.tasks.filter((t) => t.duration > 50).length} over 50 ms${tasks ? `: ${tasks}` : ''}; load ${load()}`);
  if (round > 0) variant.flings.push(result);
}

function report(variant: Variant): void {
  const { flings, cpu } = variant;
  if (flings.length === 0) return;
  const longest = flings.map((f) => Math.max(0, ...f.tasks.map((t) => t.duration)));
  const over = flings.map((f) => f.tasks.filter((t) => t.duration > 50).length);
  const ms = flings.map((f) => f.ms / f.frames);
  console.log(`${variant.label}, medians of ${flings.length} flings:`);
  console.log(`  longest task ${median(longest).toFixed(0)} ms (${Math.min(...longest).toFixed(0)}–${Math.max(...longest).toFixed(0)}); ` +
    `tasks over 50 ms ${median(over)} (${Math.min(...over)}–${Math.max(...over)}); per frame ${median(ms).toFixed(1)} ms (${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)})${TRACE_DIR ? ' (traced: tracing slows the page)' : ''}`);
  if (cpu.length) {
    const of = (key: 'perFrameMs' | 'longestTaskCpuMs' | 'majorGcs') => cpu.map((c) => c[key]);
    const line = (key: 'perFrameMs' | 'longestTaskCpuMs' | 'majorGcs', digits: number) => `${median(of(key)).toFixed(digits)} (${Math.min(...of(key)).toFixed(digits)}–${Math.max(...of(key)).toFixed(digits)})`;
    console.log(`  main thread CPU per frame ${line('perFrameMs', 2)} ms; largest task in CPU time ${line('longestTaskCpuMs', 1)} ms; major GCs per fling ${line('majorGcs', 0)}`);
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

async function main(): Promise<void> {
  // FLING_BASELINE_DIR: another build of the app (e.g. main's dist/pwa/browser, copied aside) flung
  // in the same run, alternating with this one, each with its own server and browser.
  const baselineDir = process.env['FLING_BASELINE_DIR'];
  console.log(`fling — ${RECORDS} records, ${WIDTH}×${HEIGHT}, ${ROUNDS - 1} flings + 1 warm-up${baselineDir ? ` each, alternating with the build in ${baselineDir}` : ''}; ${cpus().length} cores; load average at start ${load()}`);
  const dir = await mkdtemp(join(tmpdir(), 'oblako-bench-fling-'));
  const variants: Variant[] = [];
  try {
    variants.push(await prepare('this build', dir, undefined));
    if (baselineDir) variants.push(await prepare('baseline build', dir, baselineDir));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...variants].reverse() : variants;
      for (const variant of order) await flingOnce(variant, round);
    }
  } finally {
    for (const variant of variants) await variant.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`\nload average at the end ${load()}`);
  for (const variant of variants) report(variant);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
