/**
 * `node --import tsx bench/patient-page/trace-tasks.ts <trace.json> [from-ms] [to-ms]` — the main
 * thread of a page in a trace written by bench:page (BENCH_TRACE_DIR): every task of 2 ms or more,
 * in ms from the page's start (its main frame marked), with its GC and its largest kinds of work
 * (script by file, style, layout, paint, IndexedDB's deserialisation …). Where a reload's time
 * goes, when the CPU profile's "(program)" and "(garbage collector)" do not say.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: { url?: string; functionName?: string } } }

const [file, fromArg, toArg] = process.argv.slice(2);
if (!file) throw new Error('usage: trace-tasks.ts <trace.json> [from-ms] [to-ms]');
const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
const threadNames = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
// The page's main thread: the renderer main thread that marked a main frame (the last one: a reload's new renderer).
const start = events.filter((e) => e.name === 'markAsMainFrame' && threadNames.get(`${e.pid}:${e.tid}`) === 'CrRendererMain').at(-1);
if (!start) throw new Error('no page in this trace');
const main = `${start.pid}:${start.tid}`;
const from = Number(fromArg ?? -Infinity);
const to = Number(toArg ?? Infinity);
const mine = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
const ms = (us: number) => us / 1000;
const kinds = ['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'v8.compileModule', 'MinorGC', 'MajorGC', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint', 'SerializedScriptValueFactory::deserialize', 'ResourceFetcher::requestResource', 'TextResourceDecoder::Decode'];
let busy = 0;
let gcTotal = 0;
for (const task of mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')) {
  const at = ms(task.ts - start.ts);
  const end = task.ts + (task.dur ?? 0);
  if (at < from || at > to) continue;
  const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
  const gc = inside.filter((e) => e.name === 'MinorGC' || e.name === 'MajorGC').reduce((sum, e) => sum + ms(e.dur ?? 0), 0);
  busy += ms(task.dur ?? 0);
  gcTotal += gc;
  if ((task.dur ?? 0) < 2000) continue;
  const work = new Map<string, number>();
  for (const e of inside.filter((e) => kinds.includes(e.name))) {
    const label = e.name === 'FunctionCall' || e.name === 'EvaluateScript' ? `script ${(e.args?.data?.url ?? '').replace(/^.*\//, '') || '(inline)'}` : e.name;
    work.set(label, (work.get(label) ?? 0) + ms(e.dur ?? 0));
  }
  const largest = [...work].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([label, time]) => `${label} ${time.toFixed(1)}`);
  console.log(`${at.toFixed(0).padStart(6)} ms  task ${ms(task.dur ?? 0).toFixed(1).padStart(5)} ms${gc ? `, GC ${gc.toFixed(1)}` : ''}: ${largest.join(' | ')}`);
}
console.log(`main thread busy ${busy.toFixed(0)} ms in tasks, of it GC ${gcTotal.toFixed(0)} ms`);
