/**
 * Where the page's main thread went between two of its User Timing marks:
 *   node --import tsx bench/browser/profile-window.ts <out.cpuprofile> [fromMark] [toMark]
 * (default: the documents' first sync, start → end). Reads the profile and `<out>.marks.json`
 * that profile-app.ts writes; places the marks on the profile's clock with the 20 ms busy
 * function profile-app runs right after starting the profiler (oblakoProfileAlign).
 */
import { readFileSync } from 'node:fs';
import { readCpuProfile, type ProfileNode } from '../sync/cpu-profile';

const [file, fromMark = 'oblako:first-sync-start:documents', toMark = 'oblako:first-sync-end:documents'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-window.ts <out.cpuprofile> [fromMark] [toMark]');
const profile = readCpuProfile(file);
const { alignAt, marks } = JSON.parse(readFileSync(`${file}.marks.json`, 'utf8')) as { alignAt: number; marks: [string, number][] };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Sample times on the profile's clock (µs); the first sample inside oblakoProfileAlign is alignAt.
const times: number[] = [];
let t = profile.startTime;
for (const delta of profile.timeDeltas) times.push((t += delta));
const stackHas = (id: number, name: string): boolean => {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)!.callFrame.functionName === name) return true;
  return false;
};
const alignIndex = profile.samples.findIndex((id) => stackHas(id, 'oblakoProfileAlign'));
if (alignIndex < 0) throw new Error('oblakoProfileAlign not found in the profile');
const toPage = (us: number) => alignAt + (us - times[alignIndex]!) / 1000;
const markAt = (name: string) => {
  // A number is a time in the page's clock (ms), e.g. one page write from the IndexedDB trace.
  if (/^\d+(\.\d+)?$/.test(name)) return Number(name);
  const found = marks.find(([mark]) => mark === name);
  if (!found) throw new Error(`no mark ${name}`);
  return found[1];
};
const from = markAt(fromMark);
const to = markAt(toMark);

const self = new Map<string, number>();
const byFile = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id, i) => {
  const at = toPage(times[i]!);
  if (at < from || at > to) return;
  const us = profile.timeDeltas[i + 1] ?? 0;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') return;
  busy += us;
  const fileName = url ? url.split('/').pop()! : functionName.startsWith('(') ? functionName : '(native)';
  byFile.set(fileName, (byFile.get(fileName) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${fileName}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
});
const ms = (us: number) => (us / 1000).toFixed(0).padStart(6);
console.log(`${fromMark} (${from.toFixed(0)} ms) → ${toMark} (${to.toFixed(0)} ms): main thread busy ${ms(busy)} ms of ${(to - from).toFixed(0)} ms`);
console.log('self time by file:');
for (const [name, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms(us)} ms  ${name}`);
console.log('top functions:');
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env["PROFILE_TOP"] ?? 25))) console.log(`${ms(us)} ms  ${name}`);

// PROFILE_CALLERS="name file.js": who called that function in the window (PROFILE_DEPTH frames up, 3 by default), by self time.
const wanted = process.env['PROFILE_CALLERS'];
if (wanted) {
  const [name, fileName] = wanted.split(' ');
  const depth = Math.max(1, Number(process.env['PROFILE_DEPTH'] ?? 3));
  const callers = new Map<string, number>();
  const frame = (id: number | undefined) => {
    if (id === undefined) return '-';
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame as ProfileNode['callFrame'] & { columnNumber: number };
    return `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
  };
  profile.samples.forEach((id, i) => {
    const at = toPage(times[i]!);
    if (at < from || at > to) return;
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName !== name || !url.endsWith(fileName!)) return;
    const chain: string[] = [];
    for (let up = parent.get(id), n = 0; n < depth; n++, up = up === undefined ? undefined : parent.get(up)) chain.push(frame(up));
    const key = chain.join(' ← ');
    callers.set(key, (callers.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  console.log(`callers of ${wanted}:`);
  for (const [key, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms(us)} ms  ${key}`);
}
