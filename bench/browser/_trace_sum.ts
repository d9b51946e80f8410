import { readFileSync } from 'node:fs';
type E = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: any };
const events = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as E[];
const threadName = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
const click = events.find((e) => e.name === 'trace:click')!;
const end = events.find((e) => e.name === 'oblako:initial-sync:documents' && e.cat.includes('user_timing'))!;
const t0 = click.ts, t1 = end?.ts ?? Infinity;
console.log('window ms', ((t1 - t0) / 1000).toFixed(0));
// per thread: sum of top-level 'X' events durations (busy) 
const main = `${click.pid}:${click.tid}`;
const busy = new Map<string, number>();
const xs = events.filter((e) => e.ph === 'X' && e.ts >= t0 && e.ts <= t1 && e.dur !== undefined);
for (const k of new Set(xs.map((e) => `${e.pid}:${e.tid}`))) {
  const list = xs.filter((e) => `${e.pid}:${e.tid}` === k).sort((a, b) => a.ts - b.ts);
  let sum = 0, cpu = 0, until = 0;
  for (const e of list) { if (e.ts >= until) { sum += e.dur!; cpu += e.tdur ?? 0; until = e.ts + e.dur!; } }
  busy.set(k, sum);
  if (sum > 5000) console.log(`thread ${k} ${threadName.get(k)} busy ${(sum / 1000).toFixed(0)} ms cpu ${(cpu/1000).toFixed(0)}${k === main ? ' (page main)' : ''}`);
}
// self time by name on main thread
const list = xs.filter((e) => `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
const self = new Map<string, number>();
const stack: { e: E; child: number }[] = [];
const close = (upTo: number) => { while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= upTo) { const s = stack.pop()!; const key = label(s.e); self.set(key, (self.get(key) ?? 0) + s.e.dur! - s.child); if (stack.length) stack[stack.length - 1]!.child += s.e.dur!; } };
function label(e: E) { if (e.name === 'FunctionCall' && e.args?.data) return `FunctionCall ${String(e.args.data.url ?? '').split('/').pop()} ${e.args.data.functionName ?? ''}`; if (e.name === 'EventDispatch') return `EventDispatch ${e.args?.data?.type}`; if (e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || e.name==='FireIdleCallback') return e.name; return e.name; }
for (const e of list) { close(e.ts); stack.push({ e, child: 0 }); }
close(Infinity);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('main thread self total', (total / 1000).toFixed(0));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(`${(v / 1000).toFixed(1).padStart(7)}  ${k}`);
